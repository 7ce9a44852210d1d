#!/usr/bin/env bash
# `prongsai deploy` of a 10,000-record portal to a real FTP server, then a one-record fix.
#
#   bench/deploy.sh [N]        (default: 10000; needs root and Debian's pure-ftpd)
#
# Starts pure-ftpd on 127.0.0.1 (a virtual user of its own password file, its folder in /dev/shm),
# generates a corpus of N records (bench/gen_corpus.py), builds it, deploys it (first deploy: every
# file), edits one news record (one line appended), builds and deploys again, then deploys once
# more with nothing changed. Prints wall time and files uploaded for each deploy.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
cargo build --release --quiet
BIN=$PWD/target/release/prongsai
SHM=${SHM:-/dev/shm/prongsai-deploy}
rm -rf "$SHM"; mkdir -p "$SHM/www"; chmod 755 "$SHM"; chown nobody:nogroup "$SHM/www"
printf 'pw\npw\n' | pure-pw useradd bench -u nobody -g nogroup -d "$SHM/www" -f "$SHM/passwd" -m -F "$SHM/pdb" >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
pure-ftpd -S "127.0.0.1,$port" -l "puredb:$SHM/pdb" -E -A -H >/dev/null 2>&1 &
ftpd=$!
trap 'kill $ftpd 2>/dev/null || true' EXIT
sleep 1
corpus=$SHM/corpus
python3 bench/gen_corpus.py "$N" "$corpus" >/dev/null
printf '\n[deploy]\nurl = "ftp://bench@127.0.0.1:%s/"\n' "$port" >>"$corpus/site.toml"
"$BIN" build --root "$corpus" >/dev/null
export PRONGSAI_DEPLOY_PASSWORD=pw
echo "machine: $(nproc) cores; prongsai $($BIN --version | awk '{print $2}'); $N records; FTP on 127.0.0.1"
run() { # label
  local start end out
  start=$(date +%s.%N)
  out=$("$BIN" deploy --root "$corpus" --yes 2>/dev/null | tail -1)
  end=$(date +%s.%N)
  printf '%-40s %7.2f s  %s\n' "$1" "$(echo "$end - $start" | bc -l)" "${out#*/ }"
}
run "first deploy (empty host)"
record=$(find "$corpus/content/news" -name '*.md' | sort | sed -n 1p)
printf '\nแก้ไขหนึ่งบรรทัด\n' >>"$record"
start=$(date +%s.%N)
"$BIN" build --root "$corpus" >/dev/null
printf '%-40s %7.2f s\n' "one-record fix: build" "$(echo "$(date +%s.%N) - $start" | bc -l)"
run "one-record fix: deploy"
run "again, nothing changed"
