#!/usr/bin/env bash
# Embedded llama.cpp against a real Ollama server on the same ~100 MB generated model, for two builds of the
# C/C++ code: the default flags and the release flags `task build` uses. The two test binaries run in
# alternation so that both see the same machine load; each run reports tokens/s and load time of both
# backends (BenchmarkBackends in models/embedded).
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(bash scripts/llama-headers.sh)"
release=${RELEASE_CFLAGS:--O3 -march=x86-64-v3}
rounds=${ROUNDS:-2}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "building the default and release test binaries (the first build of llama.cpp takes minutes)" >&2
env -u CGO_CFLAGS -u CGO_CXXFLAGS go test -c -tags llamacpp -o "$out/default.test" ./models/embedded
CGO_CFLAGS="$release" CGO_CXXFLAGS="$release" go test -c -tags llamacpp -o "$out/release.test" ./models/embedded

run() { # run NAME: one benchmark run of that binary, with the flags its ollama server is built with
	local name=$1
	if [ "$name" = release ]; then
		(cd models/embedded && CGO_CFLAGS="$release" CGO_CXXFLAGS="$release" "$out/$name.test" \
			-test.run '^$' -test.bench '^BenchmarkBackends$' -test.benchtime 1x)
	else
		(cd models/embedded && env -u CGO_CFLAGS -u CGO_CXXFLAGS "$out/$name.test" \
			-test.run '^$' -test.bench '^BenchmarkBackends$' -test.benchtime 1x)
	fi
}

for _ in $(seq "$rounds"); do
	for name in default release; do
		run "$name" | tee -a "$out/$name.txt" | sed "s/^/$name: /"
	done
done

# metric NAME FILE: the median of a reported metric over the runs in FILE.
metric() {
	grep '^BenchmarkBackends' "$2" | awk -v m="$1" '{for (i = 3; i < NF; i++) if ($(i+1) == m) print $i}' |
		sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'
}
printf '\n%-10s %16s %14s %16s %18s %16s %8s\n' build embedded-tok/s ollama-tok/s embedded/ollama embedded-load-ms ollama-load-ms loadavg
for name in default release; do
	printf '%-10s %16s %14s %16s %18s %16s %8s\n' "$name" \
		"$(metric embedded-tok/s "$out/$name.txt")" "$(metric ollama-tok/s "$out/$name.txt")" \
		"$(metric embedded/ollama "$out/$name.txt")" "$(metric embedded-load-ms "$out/$name.txt")" \
		"$(metric ollama-load-ms "$out/$name.txt")" "$(metric loadavg "$out/$name.txt")"
done
d=$(metric embedded-tok/s "$out/default.txt")
r=$(metric embedded-tok/s "$out/release.txt")
awk -v d="$d" -v r="$r" 'BEGIN {printf "\nembedded tokens/s, release flags / default flags: %.2fx\n", r / d}'
