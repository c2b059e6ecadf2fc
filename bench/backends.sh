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

for i in $(seq "$rounds"); do
	for name in default release; do
		run "$name" | tee "$out/$name.$i.txt" | sed "s/^/$name: /"
	done
done

# metric NAME FILE: a metric BenchmarkBackends reported in FILE.
metric() {
	grep '^BenchmarkBackends' "$2" | awk -v m="$1" '{for (i = 3; i < NF; i++) if ($(i+1) == m) print $i}'
}
# One row per run. Noise on a shared machine only slows a run down, so compare rows of the same round
# (the two builds ran back to back) and prefer the round with the lowest load.
printf '\n%-6s %-8s %15s %13s %16s %17s %15s %8s\n' round build embedded-tok/s ollama-tok/s embedded/ollama \
	embedded-load-ms ollama-load-ms loadavg
for i in $(seq "$rounds"); do
	for name in default release; do
		f="$out/$name.$i.txt"
		printf '%-6s %-8s %15s %13s %16s %17s %15s %8s\n' "$i" "$name" "$(metric embedded-tok/s "$f")" \
			"$(metric ollama-tok/s "$f")" "$(metric embedded/ollama "$f")" "$(metric embedded-load-ms "$f")" \
			"$(metric ollama-load-ms "$f")" "$(metric loadavg "$f")"
	done
	awk -v d="$(metric embedded-tok/s "$out/default.$i.txt")" -v r="$(metric embedded-tok/s "$out/release.$i.txt")" \
		'BEGIN {printf "round %d: embedded tokens/s, release flags / default flags: %.2fx\n", '"$i"', r / d}'
done
