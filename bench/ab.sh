#!/usr/bin/env bash
# A/B timing of prongsai builds: alternates the given commands RUNS times on one corpus and prints
# the median wall, user+sys CPU and system time of each. Usage:
#   RUNS=7 bench/ab.sh /dev/shm/prongsai-bench/corpus-10000 "target/release/prongsai" "ENV=1 /other/prongsai"
# Each command gets `build --root CORPUS --output OUT` appended and builds into an empty OUT
# (as bench/compare.sh does). Use on a quiet machine.
set -euo pipefail
corpus=$1; shift
RUNS=${RUNS:-5}
out=${OUT:-/dev/shm/prongsai-bench/out-ab}
tmp=$(mktemp -d)
for r in $(seq "$RUNS"); do
  i=0
  for cmd in "$@"; do
    rm -rf "$out"
    # shellcheck disable=SC2086
    /usr/bin/time -o "$tmp/t" -f "%e %U %S %M" env $cmd build --root "$corpus" --output "$out" >/dev/null 2>&1 || true
    cat "$tmp/t" >>"$tmp/$i"
    i=$((i + 1))
  done
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
i=0
for cmd in "$@"; do
  w=$(awk '{print $1}' "$tmp/$i" | median); c=$(awk '{print $2 + $3}' "$tmp/$i" | median)
  s=$(awk '{print $3}' "$tmp/$i" | median); m=$(awk '{print $4}' "$tmp/$i" | sort -n | tail -1)
  printf "%-60s wall %5.2f s  cpu %5.2f s  sys %5.2f s  rss %d MB\n" "$cmd" "$w" "$c" "$s" $((m / 1024))
  i=$((i + 1))
done
rm -rf "$tmp"
