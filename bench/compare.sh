#!/usr/bin/env bash
# prongsai vs Hugo on the same corpus, in one run, into a memory filesystem.
#
#   bench/compare.sh [N ...]        (default: 1000 10000 50000)
#
# For each N: generate the corpus (bench/gen_corpus.py), then build it RUNS times with each tool,
# alternating the two, into /dev/shm, each into an empty folder; print N, median wall time,
# median CPU time (user+sys) and peak RSS of each, and the wall-time ratio. Each run also builds
# once more over the output just made (prongsai then deletes its previous output; Hugo
# overwrites its files): the last columns are those medians and their ratio. Then time a one-record edit under `prongsai serve`
# (edit → reload event) with bench/serve_latency.py.
# Needs: Debian's hugo (apt-get install hugo), GNU time (/usr/bin/time), python3.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(1000 10000 50000)
cargo build --release --quiet
BIN=$PWD/target/release/prongsai
SHM=${SHM:-/dev/shm/prongsai-bench}
mkdir -p "$SHM"
command -v hugo >/dev/null || { echo "hugo not found: apt-get install hugo" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "GNU time not found: apt-get install time" >&2; exit 1; }
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB; $(uname -sr)"
echo "prongsai $($BIN --version | awk '{print $2}'), $(hugo version | cut -d' ' -f1-2)"
measure() { # prints "wall cpu rss_kb" of one command run
  local f
  f=$(mktemp)
  /usr/bin/time -o "$f" -f "%e %U %S %M" "$@" >/dev/null 2>&1 || true
  awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$f"
  rm -f "$f"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
printf "\n%8s | %9s %9s %9s | %9s %9s %9s | %6s | %s\n" N "p wall s" "p cpu s" "p RSS MB" "h wall s" "h cpu s" "h RSS MB" ratio "p s/1000 | over previous output: p / h wall s = ratio"
for n in "${SIZES[@]}"; do
  corpus=$SHM/corpus-$n
  python3 bench/gen_corpus.py "$n" "$corpus"
  : >"$SHM/p.txt"; : >"$SHM/h.txt"
  : >"$SHM/p-over.txt"; : >"$SHM/h-over.txt"
  for _ in $(seq "$RUNS"); do
    # Both tools build into an empty folder (the previous output removed outside the timing)…
    rm -rf "$SHM/out-p-$n"
    measure "$BIN" build --root "$corpus" --output "$SHM/out-p-$n" >>"$SHM/p.txt"
    rm -rf "$SHM/out-h-$n"
    measure hugo --quiet --source "$corpus" --destination "$SHM/out-h-$n" --cleanDestinationDir >>"$SHM/h.txt"
    # …and over their previous output: prongsai writes a new folder, swaps it in and deletes
    # the old one; Hugo overwrites in place and deletes what is stale.
    measure "$BIN" build --root "$corpus" --output "$SHM/out-p-$n" >>"$SHM/p-over.txt"
    measure hugo --quiet --source "$corpus" --destination "$SHM/out-h-$n" --cleanDestinationDir >>"$SHM/h-over.txt"
  done
  pw=$(cut -d' ' -f1 "$SHM/p.txt" | median); pc=$(cut -d' ' -f2 "$SHM/p.txt" | median); pm=$(cut -d' ' -f3 "$SHM/p.txt" | sort -n | tail -1)
  hw=$(cut -d' ' -f1 "$SHM/h.txt" | median); hc=$(cut -d' ' -f2 "$SHM/h.txt" | median); hm=$(cut -d' ' -f3 "$SHM/h.txt" | sort -n | tail -1)
  po=$(cut -d' ' -f1 "$SHM/p-over.txt" | median); ho=$(cut -d' ' -f1 "$SHM/h-over.txt" | median)
  printf "%8s | %9s %9s %9d | %9s %9s %9d | %6.2f | %.3f | over old: %s / %s = %.2f\n" "$n" "$pw" "$pc" $((pm / 1024)) "$hw" "$hc" $((hm / 1024)) \
    "$(echo "$pw / $hw" | bc -l)" "$(echo "$pw * 1000 / $n" | bc -l)" "$po" "$ho" "$(echo "$po / $ho" | bc -l)"
done
echo
for n in "${SIZES[@]}"; do
  [ "$n" -le 10000 ] && python3 bench/serve_latency.py "$BIN" "$SHM/corpus-$n" || true
done
