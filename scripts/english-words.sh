#!/usr/bin/env bash
# Rebuilds assets/english/common.txt, the common English words the offline engine never reads as
# slips ("kids" is not pids), from SCOWL's size 10 and 20 lists in Debian's scowl package.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download scowl >/dev/null && dpkg-deb -x scowl_*.deb x)
lists="$work/x/usr/share/dict/scowl"
{
  cat assets/english/HEADER
  cat "$lists"/english-words.10 "$lists"/english-words.20 "$lists"/american-words.10 "$lists"/american-words.20 |
    iconv -f utf-8 -t ascii//TRANSLIT 2>/dev/null | tr 'A-Z' 'a-z' | grep -E "^[a-z']{2,}$" | LC_ALL=C sort -u
} > assets/english/common.txt
echo "assets/english/common.txt: $(grep -vc '^#' assets/english/common.txt) words"
