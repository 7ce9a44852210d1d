#!/usr/bin/env bash
# Load test of the dev server: `prongsai serve` on 127.0.0.1 under wrk for a fixed time while a
# loop keeps editing a record (each save makes the server rebuild and rewrite pages in place).
# Reports requests per second, non-2xx responses, socket errors and the rebuilds done.
#
#   bench/load.sh [SECONDS] [CONNECTIONS]        (default: 30 s, 32 connections, 2 threads)
#
# Needs wrk (Debian: apt-get install -y wrk; installed here when run as root) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-30}"
conns="${2:-32}"
threads="${THREADS:-2}"
if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  else
    echo "wrk is not installed (apt-get install wrk)" >&2
    exit 2
  fi
fi
cargo build --release --quiet
bin="$PWD/target/release/prongsai"
work="$(mktemp -d)"
server=""
editor=""
cleanup() {
  [ -n "$editor" ] && kill "$editor" 2>/dev/null || true
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
site="$work/site"
mkdir -p "$site"
cp site.toml "$site/"
cp -r content "$site/"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$bin" serve --root "$site" --port "$port" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 600); do
  if curl -fs -o /dev/null "http://127.0.0.1:$port/"; then break; fi
  sleep 0.1
done
curl -fs -o /dev/null "http://127.0.0.1:$port/" || { echo "serve did not start" >&2; cat "$work/serve.log" >&2; exit 1; }

# The URLs: every page and the other files the server has written, except the search index
# shards: they sit in a folder named by a hash of the index (/search/<hash>/), so each rebuild
# replaces them and the old URLs are gone by design (the search page always names the current one).
(cd "$site/public" && find . -type f \( -name '*.html' -o -name '*.css' -o -name '*.js' -o -name '*.json' -o -name '*.xml' \) \
  | grep -v '^./404.html$' | grep -v '^./search/[0-9a-f]*/' | sed 's|^\.||; s|/index.html$|/|' | sort) >"$work/paths.txt"
python3 - "$work/paths.txt" "$work/paths.lua" <<'PY'
import sys
paths = [p.strip() for p in open(sys.argv[1]) if p.strip()]
with open(sys.argv[2], "w") as f:
    f.write("paths = {\n" + ",\n".join('"%s"' % p.replace('"', '\\"') for p in paths) + "\n}\n")
    f.write("""
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
local bad = 0
response = function(status, headers, body)
  if status < 200 or status > 299 then bad = bad + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("non2xx_total=%d\\n", summary.errors.status))
end
""")
PY

# The editor: every 0.3 s a news record is saved again with a new line (as an editor would),
# every 5th save by writing a new file and renaming it over the old one.
record="$(ls "$site"/content/news/*.md | head -1)"
cp "$record" "$work/original.md"
(
  i=0
  while true; do
    i=$((i + 1))
    if [ $((i % 5)) -eq 0 ]; then
      { cat "$work/original.md"; printf '\n\nแก้ไขครั้งที่ %d\n' "$i"; } >"$record.tmp-save" && mv "$record.tmp-save" "$record"
    else
      { cat "$work/original.md"; printf '\n\nแก้ไขครั้งที่ %d\n' "$i"; } >"$record"
    fi
    echo "$i" >"$work/edits"
    sleep 0.3
  done
) &
editor=$!

wrk -t"$threads" -c"$conns" -d"${secs}s" --latency -s "$work/paths.lua" "http://127.0.0.1:$port" | tee "$work/wrk.txt"
kill "$editor" 2>/dev/null || true
editor=""
sleep 1
rps="$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")"
total="$(awk '/requests in/ {print $1}' "$work/wrk.txt")"
non2xx="$(awk -F'[: ]+' '/Non-2xx or 3xx responses/ {print $NF}' "$work/wrk.txt")"
sockerr="$(grep -o 'Socket errors:.*' "$work/wrk.txt" || echo 'Socket errors: none')"
edits="$(cat "$work/edits" 2>/dev/null || echo 0)"
rebuilds="$(grep -c ' → ' "$work/serve.log" || true)"
failed="$(grep -c ' → error' "$work/serve.log" || true)"
echo "--- load test: ${secs} s, ${conns} connections, ${threads} threads, $(wc -l <"$work/paths.txt") URLs"
echo "requests: ${total}  requests/s: ${rps}  non-2xx: ${non2xx:-0}  ${sockerr}"
echo "edits saved: ${edits}  rebuilds: ${rebuilds}  failed rebuilds: ${failed}"
if [ "${non2xx:-0}" != 0 ] || [ "$failed" != 0 ]; then
  exit 1
fi
