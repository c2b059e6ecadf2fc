#!/usr/bin/env bash
# Builds cmdai and times a one-shot offline query from process start to exit against /bin/true.
set -euo pipefail
cd "$(dirname "$0")/.."
go build -trimpath -o bin/cmdai ./cmd/cmdai
go run ./bench/startup -bin bin/cmdai "$@"
