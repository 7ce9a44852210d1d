#!/usr/bin/env python3
"""Deterministic corpus of N prongsai records (standard library only).

    python3 bench/gen_corpus.py N OUTDIR

Writes OUTDIR/site.toml, OUTDIR/content/... (news, announcements, procurement at every stage with
amounts and winners, reports), spread over fiscal years 2565-2569, with Markdown tables, lists and
Thai digits. The same N always gives the same files. Every record is Markdown with `+++` TOML front
matter (title, date, tags, summary first), so Hugo builds the same folder unchanged (it ignores the
fields it does not know); OUTDIR/hugo.toml and OUTDIR/layouts/ are written for it.
"""
import os
import random
import shutil
import sys

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
          "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]
PLACES = ["หมู่ที่ ๑", "หมู่ที่ ๒", "หมู่ที่ ๓", "หมู่ที่ ๕", "ชุมชนตลาดหลวง", "ชุมชนบ้านรอ", "ซอยเทศบาล ๔", "ถนนเทศบาล ๑"]
WORKS = ["จ้างก่อสร้างถนนคอนกรีตเสริมเหล็ก", "จ้างปรับปรุงผิวจราจรแอสฟัลท์ติกคอนกรีต", "ซื้อวัสดุสำนักงาน",
         "ซื้อครุภัณฑ์คอมพิวเตอร์", "จ้างซ่อมแซมอาคารศูนย์พัฒนาเด็กเล็ก", "ซื้ออาหารเสริม (นม)", "จ้างเหมาบริการรักษาความสะอาด",
         "จ้างวางท่อระบายน้ำ คสล.", "ซื้อวัสดุเชื้อเพลิงและหล่อลื่น", "จ้างติดตั้งไฟฟ้าส่องสว่างสาธารณะ"]
COMPANIES = ["หจก. ตัวอย่างก่อสร้าง", "บริษัท สาธิต จำกัด", "ร้านทดสอบพาณิชย์", "หจก. อ่างทองการโยธา", "บริษัท ทดลองวัสดุ จำกัด",
             "ร้านตัวอย่างเครื่องเขียน"]
NEWS = ["ประชาสัมพันธ์การชำระภาษีที่ดินและสิ่งปลูกสร้าง", "กิจกรรมรณรงค์ป้องกันโรคไข้เลือดออก", "โครงการอบรมความรู้ด้านกฎหมาย",
        "เวทีประชาคมเพื่อจัดทำแผนพัฒนาท้องถิ่น", "กิจกรรมวันเด็กแห่งชาติ", "การประกวดคำขวัญต่อต้านการทุจริต",
        "ประเพณีลอยกระทง", "การรับสมัครพนักงานจ้าง", "ตรวจสุขภาพผู้สูงอายุ", "ฉีดวัคซีนป้องกันโรคพิษสุนัขบ้า"]
CATEGORIES = ["no-gift", "participation", "hr", "ethics", "integrity", "complaint", "policy", "general"]
STAGES = ["plan", "invitation", "median-price", "winner", "contract", "inspection", "cancellation"]
METHODS = ["e-bidding", "e-market", "selection", "specific"]
REPORTS = ["plan-progress", "plan-annual", "budget", "procurement", "internal-control", "hr", "service-stats"]
SENTENCES = [
    "เทศบาลเมืองอ่างทองขอประชาสัมพันธ์ให้ประชาชนทราบโดยทั่วกัน",
    "การดำเนินงานเป็นไปตามระเบียบกระทรวงมหาดไทยว่าด้วยการพัสดุ",
    "ผู้สนใจสามารถสอบถามรายละเอียดเพิ่มเติมได้ที่กองคลัง ในวันและเวลาราชการ",
    "เพื่อส่งเสริมความโปร่งใสและการมีส่วนร่วมของประชาชนในการตรวจสอบการดำเนินงาน",
    "ทั้งนี้ ได้ดำเนินการตามพระราชบัญญัติการจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ พ.ศ. ๒๕๖๐",
    "ประชาชนในเขตเทศบาลเข้าร่วมกิจกรรมเป็นจำนวนมาก สร้างความประทับใจแก่ผู้เข้าร่วม",
]


def thai(n):
    return str(n).translate(THAI_DIGITS)


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def body(rng, paragraphs):
    out = []
    for _ in range(paragraphs):
        out.append(" ".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 4))))
    out.append("")
    out.append("| ลำดับ | รายการ | จำนวนเงิน (บาท) |")
    out.append("|---|---|---:|")
    for i in range(1, rng.randint(3, 6)):
        out.append(f"| {thai(i)} | {rng.choice(WORKS)} | {thai(rng.randint(1, 900)):s},{thai(rng.randint(100, 999))} |")
    out.append("")
    for i in range(1, rng.randint(3, 5)):
        out.append(f"{i}. {rng.choice(SENTENCES)}")
    return "\n".join(out) + "\n"


def date(rng):
    # Fiscal years 2565-2569: 1 Oct 2021 - 30 Sep 2026.
    y = rng.randint(2021, 2026)
    m = rng.randint(1, 12) if 2021 < y < 2026 else (rng.randint(10, 12) if y == 2021 else rng.randint(1, 9))
    return y, m, rng.randint(1, 28)


def record(rng, i):
    y, m, d = date(rng)
    iso = f"{y:04d}-{m:02d}-{d:02d}"
    r = rng.random()
    if r < 0.40:
        kind = "news"
        title = f"{rng.choice(NEWS)} {rng.choice(PLACES)} ครั้งที่ {thai(i)}"
        extra = []
    elif r < 0.55:
        kind = "announcements"
        cat = rng.choice(CATEGORIES)
        title = f"ประกาศเทศบาลเมืองอ่างทอง เรื่อง {rng.choice(NEWS)} ฉบับที่ {thai(i)}"
        extra = [f"category = {q(cat)}", f"signer = {{ name = {q('นายตัวอย่าง ทดสอบ')}, position = {q('นายกเทศมนตรีเมืองอ่างทอง')} }}"]
    elif r < 0.90:
        kind = "procurement"
        stage = STAGES[i % len(STAGES)]
        method = rng.choice(METHODS)
        item = f"{rng.choice(WORKS)} {rng.choice(PLACES)} โครงการที่ {thai(i // 7)}"
        budget = rng.randint(10, 5000) * 1000
        median = budget - rng.randint(0, budget // 100) * 10
        title = f"{'ประกาศผู้ชนะการเสนอราคา' if stage == 'winner' else 'ประกาศ'} {item}"
        extra = [f"stage = {q(stage)}", f"method = {q(method)}", f"item = {q(item)}", f"egp_number = {q(str(67000000000 + i))}",
                 f"budget = {budget}", f"median_price = {median}"]
        bidders = [(c, median - rng.randint(0, 50) * 100) for c in rng.sample(COMPANIES, 3)]
        if stage in ("winner", "contract", "inspection"):
            w = min(bidders, key=lambda b: b[1])
            extra.append("bidders = [" + ", ".join(f"{{ name = {q(c)}, price = {p} }}" for c, p in bidders) + "]")
            extra.append(f"winner = {{ name = {q(w[0])}, price = {w[1]} }}")
            extra.append(f"reason = {q('ราคาต่ำสุด คุณสมบัติถูกต้องตามเงื่อนไข')}")
            if stage == "contract":
                extra.append(f"contract = {{ number = {q(thai(i) + '/' + thai(y + 543))}, date = {iso}, amount = {w[1]} }}")
        if stage == "cancellation":
            extra.append(f"reason = {q('ไม่มีผู้เสนอราคา')}")
    else:
        kind = "reports"
        rt = rng.choice(REPORTS)
        title = f"รายงานผลการดำเนินงาน {rng.choice(NEWS)} ปี {thai(y + 543)} ฉบับที่ {thai(i)}"
        extra = [f"report_type = {q(rt)}"]
    summary = rng.choice(SENTENCES)
    front = [f"title = {q(title)}", f"date = {iso}", f"tags = [{q('ข้อมูลทดสอบ')}]", f"summary = {q(summary)}"] + extra
    return kind, f"r{i:06d}", "+++\n" + "\n".join(front) + "\n+++\n\n" + body(rng, rng.randint(2, 5))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    n, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(20241001 + n)
    if os.path.exists(out):
        shutil.rmtree(out)
    for kind in ("news", "announcements", "procurement", "reports"):
        os.makedirs(os.path.join(out, "content", kind))
    os.makedirs(os.path.join(out, "content", "files"))
    with open(os.path.join(out, "site.toml"), "w", encoding="utf-8") as f:
        f.write('base_url = "https://bench.example.go.th/"\ntitle = "เทศบาลเมืองทดสอบ"\n')
    for i in range(n):
        kind, slug, text = record(rng, i)
        with open(os.path.join(out, "content", kind, slug + ".md"), "w", encoding="utf-8") as f:
            f.write(text)
    here = os.path.dirname(os.path.abspath(__file__))
    shutil.copy(os.path.join(here, "hugo", "hugo.toml"), os.path.join(out, "hugo.toml"))
    shutil.copytree(os.path.join(here, "hugo", "layouts"), os.path.join(out, "layouts"))


if __name__ == "__main__":
    main()
