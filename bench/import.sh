#!/usr/bin/env bash
# Import of a data.go.th contract CSV of N rows (default 5,000) into an empty site: time and
# peak memory of `prongsai import egp` (first import, then the re-import that changes nothing).
# Usage: bench/import.sh [N]   (needs /usr/bin/time; builds the release binary first)
set -euo pipefail
N=${1:-5000}
here=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
bin="$here/target/release/prongsai"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/site/content"
printf 'base_url = "https://bench.example.go.th/"\ntitle = "เทศบาลตำบลทดสอบ"\n' > "$work/site/site.toml"
python3 - "$N" "$work/contracts.csv" <<'PY'
import sys
n, out = int(sys.argv[1]), sys.argv[2]
methods = ["ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)", "เฉพาะเจาะจง", "ตลาดอิเล็กทรอนิกส์ (e-market)", "คัดเลือก"]
with open(out, "w", encoding="utf-8") as f:
    f.write("\ufeffรหัสโครงการ,ชื่อโครงการ,งบประมาณ(บาท),ราคาตกลงซื้อ/จ้าง,งบสัญญา(บาท),ชื่อผู้ชนะ,เลขนิติบุคคล,วิธีจัดซื้อฯ,กลุ่มวิธีจัดซื้อฯ,ชื่อหน่วยงาน,จังหวัด,ปีงบประมาณ,วันที่ลงนามสัญญา,วันที่ประกาศ\n")
    for i in range(n):
        budget = 10000 + i * 37
        m = (i * 7) % 12 + 1
        y = 2024 if m >= 10 else 2025
        f.write(f'{68100000000 + i},"จ้างปรับปรุงถนนคอนกรีต สายที่ {i} หมู่ที่ {i % 12 + 1}","{budget:,}.00","{budget - 50:,}.50",,หจก. ผู้รับจ้างที่ {i % 97},0103500{i:06d},{methods[i % 4]},,เทศบาลตำบลทดสอบ,อ่างทอง,2568,{y}-{m:02d}-{i % 28 + 1:02d},\n')
PY
echo "rows: $N, file: $(du -h "$work/contracts.csv" | cut -f1)"
for run in first re-import; do
  /usr/bin/time -v "$bin" import egp "$work/contracts.csv" --root "$work/site" > "$work/out.txt" 2> "$work/time.txt"
  wall=$(grep 'Elapsed (wall clock)' "$work/time.txt" | awk '{print $NF}')
  rss=$(grep 'Maximum resident set size' "$work/time.txt" | awk '{print $NF}')
  cpu_u=$(grep 'User time' "$work/time.txt" | awk '{print $NF}')
  cpu_s=$(grep 'System time' "$work/time.txt" | awk '{print $NF}')
  echo "$run: wall $wall, user ${cpu_u}s, sys ${cpu_s}s, peak RSS $((rss / 1024)) MB; $(tail -1 "$work/out.txt")"
done
echo "records: $(ls "$work/site/content/procurement" | wc -l)"
/usr/bin/time -v "$bin" check --root "$work/site" > /dev/null 2> "$work/time.txt" && echo "check: ok, wall $(grep 'Elapsed' "$work/time.txt" | awk '{print $NF}')"
