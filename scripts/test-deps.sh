#!/usr/bin/env bash
# Installs what cmdai's tests drive for real, from Debian packages when it is missing: git for blast-radius
# tests, the shells the shell integration is tested in, the C headers llama.cpp builds with, and PostgreSQL
# and Redis, which it then starts. Safe to run repeatedly.
set -euo pipefail

sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"

# apt_install PACKAGE... installs Debian packages, or names them and fails where there is no apt-get.
apt_install() {
	(($#)) || return 0
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "missing: $* (install them, or what your system calls them, with your package manager)" >&2
		exit 1
	fi
	echo "installing $*" >&2
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

need=()
for tool in git:git bash:bash zsh:zsh fish:fish tmux:tmux; do
	command -v "${tool%%:*}" >/dev/null 2>&1 || need+=("${tool#*:}")
done
# Headers the llama.cpp sources in the ollama module need and its module zip leaves out (see
# scripts/llama-headers.sh): the embedded backend's tests and the Ollama server the backend tests run.
[ -f /usr/include/nlohmann/json.hpp ] || need+=(nlohmann-json3-dev)
[ -f /usr/include/stb/stb_image.h ] || need+=(libstb-dev)
# PostgreSQL and Redis for the cloud API's integration tests: installed when missing, started when not
# running, and waited for (a bounded wait: a server that does not come up fails this script).
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
# HAProxy for the test of several cmdai-server replicas behind a load balancer (cloud/e2e/replicas).
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || need+=(haproxy)
# rsyslog, with its TLS driver, for the audit log's syslog sink tests (they start their own rsyslogd).
command -v rsyslogd >/dev/null 2>&1 || [ -x /usr/sbin/rsyslogd ] || need+=(rsyslog)
ls /usr/lib/*/rsyslog/lmnsd_gtls.so >/dev/null 2>&1 || need+=(rsyslog-gnutls)
# Chromium for the web dashboard's browser tests (cloud/web, driven by chromedp).
command -v chromium >/dev/null 2>&1 || need+=(chromium)
apt_install "${need[@]}"

# wait_for CMD... runs CMD until it succeeds, for at most 30 seconds.
wait_for() {
	for _ in $(seq 60); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.5
	done
	return 1
}

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
	echo "starting PostgreSQL" >&2
	for version in $(ls /etc/postgresql); do
		$sudo pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
	done
	wait_for pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL did not start on 127.0.0.1:5432" >&2; exit 1; }
fi

# The tests connect as postgres over loopback without a password (CMDAI_TEST_DATABASE_URL overrides it).
# Debian's fresh cluster asks for one there, so let the postgres role in from loopback only.
if [ -z "${CMDAI_TEST_DATABASE_URL:-}" ] && ! psql -h 127.0.0.1 -U postgres -d postgres -w -Atc 'select 1' >/dev/null 2>&1; then
	echo "letting the postgres role connect over loopback without a password (tests only)" >&2
	for hba in /etc/postgresql/*/main/pg_hba.conf; do
		grep -q '^# cmdai tests' "$hba" && continue
		$sudo sed -i '1i # cmdai tests: loopback connections as postgres need no password\nhost all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust' "$hba"
	done
	for version in $(ls /etc/postgresql); do
		$sudo pg_ctlcluster --skip-systemctl-redirect "$version" main reload || true
	done
	wait_for psql -h 127.0.0.1 -U postgres -d postgres -w -Atc 'select 1' ||
		{ echo "cannot connect to PostgreSQL as postgres on 127.0.0.1:5432 without a password" >&2; exit 1; }
fi

if ! redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; then
	echo "starting Redis" >&2
	$sudo mkdir -p /var/lib/redis /var/log/redis
	$sudo redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
		--dir /var/lib/redis --logfile /var/log/redis/ci.log
	wait_for sh -c 'redis-cli -h 127.0.0.1 -p 6379 ping | grep -q PONG' || { echo "Redis did not start on 127.0.0.1:6379" >&2; exit 1; }
fi
