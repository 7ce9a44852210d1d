#!/usr/bin/env bash
# Search benchmark (not a test): index build time and size, and the bytes the browser fetches
# for a first query, on the demo site and on 10,000-record sites.
#
#   bench/search.sh [N]          (default N = 10000)
#
# Sites: the demo (this repository); bench/gen_corpus.py N (the shared benchmark corpus, small
# vocabulary); and a "rich" N-record site whose records recombine the demo's own sentences with
# made-up names, items and e-GP numbers (a larger vocabulary, closer to a real portal).
# Index time is `search::build` alone (best of 3, tests/it/search.rs bench_index); sizes are summed
# per file, raw and gzip -6 (what a static host sends). Browser bytes: headless Chromium types a
# query into /search/ (tests/search-browser/browser.mjs measure) and counts the compressed bytes
# of search.js and every index file fetched until the first results show.
# Needs python3; for the browser figures, Debian's chromium, node and `npm ci --prefix tests/search-browser`.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
W=${BENCH_DIR:-/dev/shm/prongsai-search-bench}
rm -rf "$W" && mkdir -p "$W"
cargo build --release --quiet
cargo test --release --quiet --test it --no-run 2>/dev/null
BIN=$PWD/target/release/prongsai

rich_site() { # N OUTDIR: records made of the demo's sentences
  python3 - "$1" "$2" <<'PY'
import os, random, re, sys
n, out = int(sys.argv[1]), sys.argv[2]
rng = random.Random(7)
text = []
for d, _, fs in os.walk("content"):
    for f in fs:
        if f.endswith((".md", ".toml")):
            text.append(open(os.path.join(d, f), encoding="utf-8").read())
body = "\n".join(text)
sentences = sorted({s.strip() for s in re.split(r"[\n]| {1}(?=[ก-๙])", body) if 20 <= len(s.strip()) <= 300 and not any(x in s for x in ('"', "=", "+++", "](", "/", "|", "#", "\\"))})
titles = sorted({m for m in re.findall(r'^title = "([^"]+)"', body, re.M)})
syl = ["กา", "ทอง", "ศรี", "สุข", "ใจ", "ดี", "มั่น", "คง", "เจริญ", "รุ่ง", "เรือง", "พัฒน์", "วงศ์", "ชัย", "มงคล", "สมบูรณ์", "ประเสริฐ", "วิทย์", "กิจ", "พาณิชย์", "โยธา", "ก่อสร้าง", "วัสดุ", "ภัณฑ์"]
items = ["ซื้อวัสดุสำนักงาน", "จ้างซ่อมแซมถนนลูกรัง", "ซื้อครุภัณฑ์คอมพิวเตอร์", "จ้างก่อสร้างรางระบายน้ำ", "ซื้อยางมะตอยสำเร็จรูป", "จ้างเหมาขุดลอกคลอง", "ซื้อวัสดุการแพทย์", "จ้างติดตั้งกล้องวงจรปิด", "ซื้อเครื่องปรับอากาศ", "จ้างทำป้ายประชาสัมพันธ์"]
places = ["หมู่ที่ %d", "ชุมชนที่ %d", "ซอยเทศบาล %d", "ถนนสายที่ %d"]
def name():
    return "".join(rng.choice(syl) for _ in range(rng.randint(2, 3)))
def th(x):
    return str(x).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
os.makedirs(os.path.join(out, "content", "procurement"))
os.makedirs(os.path.join(out, "content", "news"))
open(os.path.join(out, "site.toml"), "w").write('base_url = "https://bench.example.go.th/"\ntitle = "เทศบาลเมืองทดสอบ"\n')
for i in range(n):
    y = rng.randint(2022, 2025); m = rng.randint(1, 12); d = rng.randint(1, 28)
    para = "\n\n".join(" ".join(rng.sample(sentences, rng.randint(2, 4))) for _ in range(rng.randint(2, 5)))
    if rng.random() < 0.6:
        item = f"{rng.choice(items)} {rng.choice(places) % rng.randint(1, 40)} {name()}"
        co = rng.choice(["บริษัท %s จำกัด", "ห้างหุ้นส่วนจำกัด %s", "ร้าน%s"]) % name()
        price = rng.randint(5, 5000) * 1000
        f = f'''+++
title = "ประกาศผู้ชนะการเสนอราคา {item}"
date = {y:04d}-{m:02d}-{d:02d}
stage = "winner"
method = "{rng.choice(["e-bidding", "e-market", "specific", "selection"])}"
item = "{item}"
egp_number = "{rng.randint(10**10, 10**11 - 1)}"
budget = {price + 10000}
winner = {{ name = "{co}", price = {price} }}
+++

{item} ผู้ได้รับการคัดเลือก ได้แก่ {co} เสนอราคา {th(price)} บาท

{para}
'''
        open(os.path.join(out, "content", "procurement", f"p{i:06d}.md"), "w").write(f)
    else:
        f = f'''+++
title = "{rng.choice(titles).replace(chr(92), "")} {name()} ครั้งที่ {th(i)}"
date = {y:04d}-{m:02d}-{d:02d}
+++

{para}
'''
        open(os.path.join(out, "content", "news", f"n{i:06d}.md"), "w").write(f)
PY
}

sizes() { # search/ folder → "files raw gzip (meta shards docs gzip)"
  python3 - "$1" <<'PY'
import gzip, os, sys
tot = {"meta": [0, 0, 0], "s": [0, 0, 0], "d": [0, 0, 0]}
for d, _, fs in os.walk(sys.argv[1]):
    for f in fs:
        if f == "index.html" and d == sys.argv[1]:
            continue
        b = open(os.path.join(d, f), "rb").read()
        k = "meta" if d == sys.argv[1] else os.path.basename(d)
        t = tot[k]; t[0] += 1; t[1] += len(b); t[2] += len(gzip.compress(b, 6))
files = sum(t[0] for t in tot.values()); raw = sum(t[1] for t in tot.values()); gz = sum(t[2] for t in tot.values())
print(f"{files} files, {raw/1e6:.2f} MB raw, {gz/1e6:.2f} MB gzip; manifest {tot['meta'][2]/1e3:.1f} KB gz, "
      f"{tot['s'][0]} shards {tot['s'][2]/1e6:.2f} MB gz (mean {tot['s'][2]/max(1,tot['s'][0])/1e3:.1f} KB), "
      f"{tot['d'][0]} documents {tot['d'][2]/1e6:.2f} MB gz (mean {tot['d'][2]/max(1,tot['d'][0]):.0f} B)")
PY
}

browser() { # built site, query
  if [ -x /usr/bin/chromium ] && [ -d tests/search-browser/node_modules/playwright-core ]; then
    node tests/search-browser/browser.mjs "$1" / measure "$2" | python3 -c '
import json, sys
r = json.load(sys.stdin)
if r.get("failures"): print("   browser failed:", r["failures"]); sys.exit()
k = r["by_kind"]
print("   first query %r: %.1f KB in %d requests (script %.1f, manifest %.1f, shards %.1f, documents %.1f KB), %d results shown" % (
    r["query"], r["bytes"] / 1e3, r["requests"], r["script_bytes"] / 1e3, k["meta"] / 1e3, k["shards"] / 1e3, k["docs"] / 1e3, r["results"]))'
  else
    echo "   (browser figures skipped: needs /usr/bin/chromium and npm ci --prefix tests/search-browser)"
  fi
}

run() { # name root queries...
  local name=$1 root=$2; shift 2
  local out=$W/$name-public t0 t1
  t0=$(date +%s.%N)
  "$BIN" build --root "$root" --output "$out" >/dev/null
  t1=$(date +%s.%N)
  echo "== $name: $(find "$root/content" -name '*.md' -o -name '*.toml' | wc -l) record files; whole build $(python3 -c "print(f'{$t1-$t0:.2f}')") s"
  echo "   index: $(PRONGSAI_BENCH_SITE=$root cargo test --release --quiet --test it search::bench_index -- --ignored --nocapture 2>/dev/null | grep -o '^BENCH .*' | sed 's/^BENCH //')"
  echo "   size: $(sizes "$out/search")"
  for q in "$@"; do browser "$out" "$q"; done
}

echo "machine: $(nproc) cores; prongsai $($BIN --version | awk '{print $2}')"
run demo "$PWD" "จัดจ้าง" "ทุจริต" "สาธิตยานยนต์"
python3 bench/gen_corpus.py "$N" "$W/corpus"
run "corpus-$N" "$W/corpus" "จัดจ้าง" "ถนนคอนกรีตเสริมเหล็ก" "670000012"
rich_site "$N" "$W/rich"
run "rich-$N" "$W/rich" "จัดจ้าง" "ทุจริต" "ซ่อมแซมถนน" "รางระบายน้ำ"
