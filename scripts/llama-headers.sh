#!/usr/bin/env bash
# Prepares the headers that github.com/ollama/ollama/llama needs but its module zip leaves out (llama.cpp's
# vendor/ folder): nlohmann/json and stb come from Debian packages, miniaudio from the Go module
# github.com/gen2brain/malgo. It assembles an include directory outside git and prints the CGO_CPPFLAGS to
# build with. Safe to run repeatedly.
#
#   eval "$(bash scripts/llama-headers.sh)"   # exports CGO_CPPFLAGS and CGO_ENABLED=1
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
inc=${LLAMA_INCLUDE_DIR:-$root/.cache/llama-include}

# Debian puts both libraries where the sources look for them (<nlohmann/json.hpp>, "stb/stb_image.h").
need=()
[ -f /usr/include/nlohmann/json.hpp ] || need+=(nlohmann-json3-dev)
[ -f /usr/include/stb/stb_image.h ] || need+=(libstb-dev)
if ((${#need[@]})); then
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "missing: ${need[*]} (install nlohmann/json and stb headers with your package manager)" >&2
		exit 1
	fi
	sudo=""
	[ "$(id -u)" = 0 ] || sudo="sudo"
	echo "installing ${need[*]}" >&2
	$sudo apt-get update -qq >&2
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

# miniaudio: the copy shipped in malgo (a single header with its implementation), as "miniaudio/miniaudio.h".
# No Go code imports malgo, so its version is pinned here rather than in go.mod (which go mod tidy keeps to
# what the code imports); it is downloaded outside the module so that go.mod and go.sum stay as they are.
malgo_version=v0.11.24
malgo=$(cd "${TMPDIR:-/tmp}" && go mod download -json "github.com/gen2brain/malgo@$malgo_version" |
	sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
if [ -z "$malgo" ] || [ ! -f "$malgo/miniaudio.h" ]; then
	echo "cannot download github.com/gen2brain/malgo@$malgo_version for miniaudio.h" >&2
	exit 1
fi
mkdir -p "$inc/miniaudio"
if ! cmp -s "$malgo/miniaudio.h" "$inc/miniaudio/miniaudio.h"; then
	install -m 0644 "$malgo/miniaudio.h" "$inc/miniaudio/miniaudio.h"
fi

echo "export CGO_ENABLED=1"
echo "export CGO_CPPFLAGS='-I$inc'"
