#!/usr/bin/env bash
# Runs every fuzz target in the module for FUZZTIME each, one after the other. The targets are what
# `go test -list '^Fuzz'` finds, so a new one is fuzzed without being listed anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-10m}
# go test -list prints a package's matching names, then "ok  <package> <time>".
targets=$(go test -list '^Fuzz' ./... | awk '/^Fuzz/ { names[++n] = $1; next }
	/^ok/ { for (i = 1; i <= n; i++) print $2, names[i]; n = 0 }')
if [ -z "$targets" ]; then
	echo "no fuzz targets found" >&2
	exit 1
fi
echo "$targets" | while read -r pkg target; do
	echo "== $pkg $target ($fuzztime)"
	go test "$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime"
done
