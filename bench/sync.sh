#!/usr/bin/env bash
# An output that syncs (issue 17): a second build after a one-record edit, against the first.
#
#   bench/sync.sh [N]        (default: 10000)
#
# Generates a corpus of N records (bench/gen_corpus.py) in /dev/shm, builds it into an empty
# folder (the first build), edits one news record (one line appended), builds again over that
# output, and prints for each build the wall time (median of RUNS) and how many files were
# written anew: files whose inode changed (a carried-over file is a hard link to the same inode,
# so it keeps its bytes and modification time). Also prints how many files a sync tool that
# compares size and modification time (FileZilla, `lftp mirror`) would send.
# Needs: python3, GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
RUNS=${RUNS:-3}
cargo build --release --quiet
BIN=$PWD/target/release/prongsai
SHM=${SHM:-/dev/shm/prongsai-sync}
rm -rf "$SHM"; mkdir -p "$SHM"
corpus=$SHM/corpus
python3 bench/gen_corpus.py "$N" "$corpus" >/dev/null
out=$SHM/out
echo "machine: $(nproc) cores; prongsai $($BIN --version | awk '{print $2}'); $N records"
wall() { /usr/bin/time -f "%e" "$@" 2>&1 >/dev/null | tail -1; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
# inode and mtime of every file, to count what the second build wrote.
stamps() { (cd "$1" && find . -type f -printf '%p %i %T@ %s\n' | sort); }
record=$(find "$corpus/content/news" -name "*.md" | sort | sed -n 1p)
cp "$record" "$SHM/record.orig"
: >"$SHM/first.txt"; : >"$SHM/second.txt"; : >"$SHM/written.txt"; : >"$SHM/sizetime.txt"
for i in $(seq "$RUNS"); do
  cp "$SHM/record.orig" "$record"
  rm -rf "$out"
  wall "$BIN" build --root "$corpus" --output "$out" >>"$SHM/first.txt"
  stamps "$out" >"$SHM/before.txt"
  total=$(wc -l <"$SHM/before.txt")
  printf '\nแก้ไขหนึ่งบรรทัด รอบที่ %s\n' "$i" >>"$record"
  wall "$BIN" build --root "$corpus" --output "$out" >>"$SHM/second.txt"
  stamps "$out" >"$SHM/after.txt"
  # New or changed inode = written anew; changed size or mtime = what a size+time sync sends.
  join -a2 <(awk '{print $1, $2}' "$SHM/before.txt") <(awk '{print $1, $2}' "$SHM/after.txt") \
    | awk 'NF < 3 || $2 != $3' | wc -l >>"$SHM/written.txt"
  join -a2 <(awk '{print $1, $3 "-" $4}' "$SHM/before.txt") <(awk '{print $1, $3 "-" $4}' "$SHM/after.txt") \
    | awk 'NF < 3 || $2 != $3' | wc -l >>"$SHM/sizetime.txt"
done
cp "$SHM/record.orig" "$record"
first=$(median <"$SHM/first.txt"); second=$(median <"$SHM/second.txt")
printf '%-44s %8s s  %6s files written\n' "first build (empty folder)" "$first" "$total"
printf '%-44s %8s s  %6s files written (median of %s)\n' "second build after a one-record edit" "$second" "$(median <"$SHM/written.txt")" "$RUNS"
printf '%-44s %8s files\n' "files a size+time sync would send" "$(median <"$SHM/sizetime.txt")"
