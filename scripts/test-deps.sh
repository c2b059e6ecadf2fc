#!/usr/bin/env bash
# Installs the programs cmdai's tests drive for real (git for blast-radius tests, and the shells the
# shell integration is tested in), from Debian packages when they are missing. Safe to run repeatedly.
set -euo pipefail

need=()
for tool in git:git bash:bash zsh:zsh fish:fish tmux:tmux; do
	command -v "${tool%%:*}" >/dev/null 2>&1 || need+=("${tool#*:}")
done
if ((${#need[@]})); then
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "missing: ${need[*]} (install them with your package manager)" >&2
		exit 1
	fi
	sudo=""
	[ "$(id -u)" = 0 ] || sudo="sudo"
	echo "installing ${need[*]}" >&2
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
