//! Search on the demo site: the index files, the relevance table (run with the browser's own
//! query code, themes/default/static/assets/search.js, under node), the agreement of the
//! build's segmenter (nlpo3) with the browser's (Intl.Segmenter), and the headless-Chromium test
//! of the search page. Tests that need node or Chromium say so and pass when those are absent.

use crate::common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use prongsai::BuildOptions;
use serde_json::{Value, json};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Build the demo site (the repository itself) into a temporary folder.
fn build_demo(base_url: Option<&str>) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("public");
    let opts = BuildOptions {
        root: repo(),
        output: Some(out.clone()),
        base_url: base_url.map(String::from),
        drafts: false,
    };
    if let Err(d) = prongsai::build(&opts) {
        panic!("the demo site does not build: {d:?}");
    }
    (tmp, out)
}

/// The manifest `search/<version>.json` of a built site.
fn manifest(out: &Path) -> PathBuf {
    let found: Vec<PathBuf> = std::fs::read_dir(out.join("search"))
        .expect("search/ is written")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    assert_eq!(found.len(), 1, "one manifest: {found:?}");
    found[0].clone()
}

/// The version of an index: its manifest's name.
fn version(manifest: &Path) -> String {
    manifest.file_stem().unwrap().to_string_lossy().into_owned()
}

/// The path of document `n` under `search/`, as search.js makes it.
fn doc_file(meta: &Value, n: u64) -> String {
    let block = meta["doc_block"].as_u64().unwrap();
    let id = meta["doc_ids"][(n / block) as usize].as_str().unwrap();
    format!("d/{n}-{id}.json")
}

fn node() -> bool {
    Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Decode a posting list as search.js does.
fn decode(s: &str) -> Vec<(u32, u8)> {
    const B64: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let vals: Vec<u8> = s
        .bytes()
        .map(|b| {
            B64.as_bytes()
                .iter()
                .position(|&x| x == b)
                .expect("base 64") as u8
        })
        .collect();
    let (mut out, mut doc, mut i) = (Vec::new(), 0u32, 0);
    while i < vals.len() {
        let mut v = 0u32;
        loop {
            let c = vals[i];
            i += 1;
            v = v * 32 + u32::from(c & 31);
            if c & 32 == 0 {
                break;
            }
        }
        doc += v;
        out.push((doc, vals[i]));
        i += 1;
    }
    out
}

#[test]
fn index_files_are_consistent() {
    let (_tmp, out) = build_demo(None);
    let (man, dir) = (manifest(&out), out.join("search"));
    let meta: Value = serde_json::from_str(&std::fs::read_to_string(&man).unwrap()).unwrap();
    let n = meta["n"].as_u64().unwrap() as u32;
    let docs = std::fs::read_dir(dir.join("d")).unwrap().count() as u32;
    assert_eq!(n, docs, "one file per document");
    assert!(n > 50, "the demo's records are indexed: {n}");
    let groups = meta["groups"].as_array().unwrap();
    let covered: u64 = groups.iter().map(|g| g[3].as_u64().unwrap()).sum();
    assert_eq!(covered, u64::from(n), "the groups cover every document");
    let firsts: Vec<&str> = meta["shards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let mut prev: Option<Vec<u16>> = None;
    for (k, first) in firsts.iter().enumerate() {
        let id = meta["shard_ids"][k].as_str().unwrap();
        let text = std::fs::read_to_string(dir.join(format!("s/{id}.txt"))).unwrap();
        assert_eq!(
            prongsai::search::layout::content_name(&[text.as_bytes()]),
            id,
            "a shard is named by its content"
        );
        for (line_no, line) in text.lines().enumerate() {
            let (term, post) = line.split_once('\t').expect("term TAB postings");
            if line_no == 0 && k > 0 {
                assert_eq!(term, *first, "shard {k} starts where the manifest says");
            }
            let key: Vec<u16> = term.encode_utf16().collect();
            assert!(
                prev.as_ref().is_none_or(|p| *p < key),
                "terms in JavaScript order at {term}"
            );
            prev = Some(key);
            assert_eq!(
                term,
                prongsai::search::term(&prongsai::search::fold(term)),
                "terms are folded"
            );
            let postings = decode(post);
            assert!(!postings.is_empty());
            assert!(
                postings.windows(2).all(|w| w[0].0 < w[1].0),
                "postings ascend: {term}"
            );
            assert!(
                postings.iter().all(|&(d, f)| d < n && f > 0 && f < 64),
                "{term}"
            );
        }
    }
    let d0: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join(doc_file(&meta, 0))).unwrap())
            .unwrap();
    for key in ["t", "u", "d", "x"] {
        assert!(d0[key].is_string(), "document field {key}");
    }
    // The search page points at this index; the manifest says the site's digits.
    let page = std::fs::read_to_string(out.join("search/index.html")).unwrap();
    let version = version(&man);
    assert!(
        page.contains(&format!("/search/{version}.json")),
        "page names its index"
    );
    assert_eq!(meta["digits"], "thai");
}

#[test]
fn index_works_under_a_sub_path() {
    let (_tmp, out) = build_demo(Some("https://example.test/site/"));
    let man = manifest(&out);
    let meta: Value = serde_json::from_str(&std::fs::read_to_string(&man).unwrap()).unwrap();
    let version = version(&man);
    let page = std::fs::read_to_string(out.join("search/index.html")).unwrap();
    assert!(
        page.contains(&format!("/site/search/{version}.json")),
        "data-index under the base"
    );
    assert!(
        page.contains("/site/assets/search.js"),
        "script under the base"
    );
    assert!(
        page.contains("action=/site/search/") || page.contains("action=\"/site/search/\""),
        "form under the base"
    );
    assert!(out.join("assets/search.js").exists());
    // Document paths are relative to the base, which the script puts in front.
    let d0 = std::fs::read_to_string(out.join("search").join(doc_file(&meta, 0))).unwrap();
    assert!(!d0.contains("\"u\":\"/"), "{d0}");
}

/// What a query must find in its first three results.
enum Expect {
    Top3(&'static [&'static str]),
    /// The first three are records of this fiscal year.
    Year(i64),
}

struct Row {
    q: &'static str,
    kind: &'static str,
    year: &'static str,
    expect: Expect,
}

const fn row(q: &'static str, expect: &'static [&'static str]) -> Row {
    Row {
        q,
        kind: "",
        year: "",
        expect: Expect::Top3(expect),
    }
}

const GARBAGE_TRUCK: &str = "procurement/2568-garbage-truck-04-winner/";
const PLAN: &str = "plans/anti-corruption-2566-2570/";
const NO_GIFT: &str = "announcements/no-gift-policy/";
const PROCUREMENT_PLANS: &[&str] = &[
    "procurement/2569-asphalt-road3-01-plan/",
    "procurement/2568-garbage-truck-01-plan/",
];

/// The relevance table: queries a citizen types and the records they must find in the top 3.
const TABLE: &[Row] = &[
    // Parts of compounds: the titles say จัดซื้อจัดจ้าง.
    row("จัดซื้อ", PROCUREMENT_PLANS),
    row("จัดจ้าง", PROCUREMENT_PLANS),
    row("จัดซื้อจัดจ้าง", PROCUREMENT_PLANS),
    row("ทุจริต", &[PLAN]),
    row("แผนปฏิบัติการป้องกันทุจริต", &[PLAN]),
    row("No Gift", &[NO_GIFT]),
    row("no gift", &[NO_GIFT]),
    row("NO GIFT POLICY", &[NO_GIFT]),
    row("ไม่รับของขวัญ", &[NO_GIFT]),
    Row {
        q: "๒๕๖๘",
        kind: "",
        year: "",
        expect: Expect::Year(2568),
    },
    Row {
        q: "2568",
        kind: "",
        year: "",
        expect: Expect::Year(2568),
    },
    // A winner's company finds its notices.
    row("บริษัท สาธิตยานยนต์", &[GARBAGE_TRUCK]),
    row("สาธิตยานยนต์", &[GARBAGE_TRUCK]),
    row(
        "ตัวอย่างการโยธา",
        &[
            "procurement/2568-road-soi9-05-contract/",
            "procurement/2568-road-soi9-06-inspection/",
        ],
    ),
    row(
        "ห้างหุ้นส่วนจำกัด ตัวอย่างเวชภัณฑ์",
        &["procurement/2568-fogging-machines-04-winner/"],
    ),
    row(
        "สหกรณ์โคนมสาธิต",
        &["procurement/2568-school-milk-04-winner/"],
    ),
    // e-GP numbers, whole and begun; amounts as printed.
    row("68019034518", &[GARBAGE_TRUCK]),
    row("6801903", &[GARBAGE_TRUCK]),
    row("2,389,000", &[GARBAGE_TRUCK]),
    row("๒,๓๘๙,๐๐๐ บาท", &[GARBAGE_TRUCK]),
    // What is bought or built.
    row("รถบรรทุกขยะ", &[GARBAGE_TRUCK]),
    row(
        "เครื่องพ่นหมอกควัน",
        &["procurement/2568-fogging-machines-04-winner/"],
    ),
    row("หมอกควัน", &["news/dengue-campaign-2568/"]),
    row("คอมพิวเตอร์", &["procurement/2568-computers-04-winner/"]),
    row(
        "ถนนคอนกรีตเสริมเหล็ก",
        &["procurement/2568-road-soi9-04-winner/"],
    ),
    row("ก่อสร้างถนน", &["procurement/2568-road-soi9-04-winner/"]),
    row("จ้างก่อส", &["procurement/2568-road-soi9-05-contract/"]),
    row(
        "ศูนย์พัฒนาเด็กเล็ก",
        &["procurement/2568-child-centre-repair-04-winner/"],
    ),
    // Stage and method.
    row(
        "ราคากลาง",
        &["procurement/2569-asphalt-road3-03-median-price/"],
    ),
    row(
        "ประกวดราคาอิเล็กทรอนิกส์",
        &["procurement/2569-asphalt-road3-04-winner/"],
    ),
    row("e-bidding", &["procurement/2569-asphalt-road3-04-winner/"]),
    row("เฉพาะเจาะจง", &["procurement/2568-school-milk-04-winner/"]),
    // Sara am typed as two characters.
    row(
        "รางระบายนํ้า",
        &["procurement/2568-drain-road6-02-invitation/"],
    ),
    // Other kinds.
    row("ร้องเรียน", &["announcements/complaint-channels/"]),
    row("ลอยกระทง", &["news/loy-krathong-2567/"]),
    row("ไข้เลือดออก", &["news/dengue-campaign-2568/"]),
    row("สงกรานต์", &["news/songkran-2568/"]),
    row("คำขวัญ", &["news/anti-corruption-slogan-contest-2568/"]),
    row(
        "ภาษีที่ดิน",
        &["services/land-building-tax/", "news/land-tax-2568/"],
    ),
    row(
        "สิ่งปลูกสร้าง",
        &["services/land-building-tax/", "news/land-tax-2568/"],
    ),
    row("ข้อมูลข่าวสาร", &["services/information-request/"]),
    row("ใช้จ่ายงบประมาณ", &["reports/budget-spending-2568/"]),
    row("ควบคุมภายใน", &["reports/internal-control-2568/"]),
    row("สุขสวัสดิ์", &["people/deputy-mayor-2/"]),
    // Filters.
    Row {
        q: "ทุจริต",
        kind: "news",
        year: "",
        expect: Expect::Top3(&["news/anti-corruption-slogan-contest-2568/"]),
    },
    Row {
        q: "จัดซื้อ",
        kind: "procurement",
        year: "2569",
        expect: Expect::Top3(&["procurement/2569-asphalt-road3-01-plan/"]),
    },
];

fn run_node(script: &str, args: &[&Path], input: &str) -> String {
    let mut child = Command::new("node")
        .arg(repo().join("tests/search-browser").join(script))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{script}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Term boundaries (character offsets) of each run of a query.
fn boundaries(runs: &[Vec<String>]) -> Vec<Vec<usize>> {
    runs.iter()
        .map(|r| {
            r.iter()
                .scan(0, |at, t| {
                    *at += t.chars().count();
                    Some(*at)
                })
                .collect()
        })
        .collect()
}

#[test]
fn relevance_table() {
    assert!(TABLE.len() >= 30);
    if !common::tools_present("relevance_table", if node() { &[] } else { &["node"] }) {
        return;
    }
    let (_tmp, out) = build_demo(None);
    let man = manifest(&out);
    let queries: Vec<Value> = TABLE
        .iter()
        .map(|r| json!({ "q": r.q, "kind": r.kind, "year": r.year, "n": 10 }))
        .collect();
    let script = repo().join("themes/default/static/assets/search.js");
    let text = run_node("rank.mjs", &[&script, &man], &json!(queries).to_string());
    let results: Vec<Value> = serde_json::from_str(&text).expect("JSON from rank.mjs");
    let mut failures = Vec::new();
    let mut rebuilt = 0;
    println!("{:<34} {:>5}  first three", "query", "found");
    for (row, res) in TABLE.iter().zip(&results) {
        let top: Vec<&str> = res["top"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let years: Vec<i64> = res["years"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_i64().unwrap())
            .collect();
        let ok = match &row.expect {
            Expect::Top3(want) => want.iter().all(|w| top.iter().take(3).any(|t| t == w)),
            Expect::Year(y) => years.len() >= 3 && years.iter().take(3).all(|x| x == y),
        };
        let filter = [row.kind, row.year]
            .iter()
            .filter(|s| !s.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(" ");
        println!(
            "{}{:<32} {:>5}  {}",
            if ok { "  " } else { "✗ " },
            format!("{} {filter}", row.q),
            res["count"],
            top.iter().take(3).cloned().collect::<Vec<_>>().join("  ")
        );
        if !ok {
            failures.push(format!("{:?}: top {:?}", row.q, &top[..top.len().min(3)]));
        }
        // The two normal forms agree, and the browser's words can be joined back into the build's.
        assert_eq!(
            res["fold"],
            prongsai::search::fold(row.q),
            "fold of {:?}",
            row.q
        );
        let js: Vec<Vec<String>> = serde_json::from_value(res["runs"].clone()).unwrap();
        let rs: Vec<Vec<String>> = prongsai::search::segment::runs(row.q)
            .into_iter()
            .map(|r| r.iter().map(|t| prongsai::search::term(t)).collect())
            .collect();
        let (bj, br) = (boundaries(&js), boundaries(&rs));
        assert_eq!(
            js.iter().map(|r| r.concat()).collect::<Vec<_>>(),
            rs.iter().map(|r| r.concat()).collect::<Vec<_>>(),
            "same characters kept: {:?}",
            row.q
        );
        if bj.len() == br.len()
            && bj
                .iter()
                .zip(&br)
                .all(|(j, r)| r.iter().all(|b| j.contains(b)))
        {
            rebuilt += 1;
        } else {
            let show =
                |r: &[Vec<String>]| r.iter().map(|x| x.join("|")).collect::<Vec<_>>().join(" ");
            println!(
                "    segmenters differ on {}: nlpo3 {}, Intl.Segmenter {}",
                row.q,
                show(&rs),
                show(&js)
            );
        }
    }
    let same = |a: &str, b: &str| {
        let get = |q: &str| {
            results
                .iter()
                .find(|r| r["q"] == q)
                .map(|r| r["top"].clone())
        };
        get(a) == get(b)
    };
    assert!(
        same("๒๕๖๘", "2568"),
        "Thai and Arabic digits find the same records"
    );
    assert!(same("No Gift", "no gift"), "case does not matter");
    println!(
        "{} of {} queries: every word of the build's segmentation is a join of the browser's",
        rebuilt,
        TABLE.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} queries missed:\n{}",
        failures.len(),
        TABLE.len(),
        failures.join("\n")
    );
    assert!(
        rebuilt * 10 >= TABLE.len() * 9,
        "the segmenters disagree too often"
    );
}

#[test]
fn browser_search_page() {
    let modules = repo().join("tests/search-browser/node_modules/playwright-core");
    let missing: Vec<&str> = [
        (!Path::new("/usr/bin/chromium").exists()).then_some("/usr/bin/chromium"),
        (!modules.exists()).then_some("tests/search-browser/node_modules"),
        (!node()).then_some("node"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !common::tools_present("browser_search_page", &missing) {
        return;
    }
    let (tmp, out) = build_demo(Some("https://example.test/site/"));
    let queries: Vec<&str> = TABLE.iter().map(|r| r.q).collect();
    let qfile = tmp.path().join("queries.json");
    std::fs::write(&qfile, json!(queries).to_string()).unwrap();
    let run = Command::new("node")
        .arg(repo().join("tests/search-browser/browser.mjs"))
        .arg(&out)
        .arg("/site/")
        .arg("test")
        .arg(&qfile)
        .output()
        .expect("node runs");
    let report = String::from_utf8_lossy(&run.stdout);
    println!("{report}");
    assert!(
        run.status.success(),
        "browser test failed:\n{report}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// Not a test: index build time and size of a site (bench/search.sh sets PRONGSAI_BENCH_SITE).
#[test]
#[ignore]
fn bench_index() {
    let Ok(root) = std::env::var("PRONGSAI_BENCH_SITE") else {
        eprintln!("set PRONGSAI_BENCH_SITE to a site folder");
        return;
    };
    let opts = BuildOptions {
        root: PathBuf::from(root),
        ..BuildOptions::default()
    };
    let site = prongsai::load_site(&opts).expect("the site loads");
    let _ = prongsai::search::segment::segmenter();
    let cpu = prongsai::cputime::process_seconds;
    // Where the time goes, one thread: plain text, segmentation, the rest.
    let (t, c) = (std::time::Instant::now(), cpu());
    let texts: Vec<_> = (0..site.records.len())
        .map(|i| prongsai::search::text::doc_text(&site, i))
        .collect();
    let text_ms = t.elapsed().as_millis();
    let t = std::time::Instant::now();
    let mut cache = prongsai::search::segment::RunCache::new();
    let words: usize = texts
        .iter()
        .map(|x| {
            prongsai::search::index::doc_words(x, &mut cache)
                .tokens
                .len()
        })
        .sum();
    println!(
        "BENCH-PHASES text_ms={text_ms} segment_ms={} distinct_tokens_per_doc={} cpu_s={:.1}",
        t.elapsed().as_millis(),
        words / texts.len().max(1),
        cpu() - c
    );
    let mut best = f64::MAX;
    let mut index = prongsai::search::Index::default();
    for _ in 0..3 {
        let t = std::time::Instant::now();
        index = prongsai::search::build(&site);
        best = best.min(t.elapsed().as_secs_f64());
    }
    let bytes: usize = index.files.iter().map(|(_, b)| b.len()).sum();
    let shard_bytes: usize = index
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("s/"))
        .map(|(_, b)| b.len())
        .sum();
    println!(
        "BENCH records={} docs={} terms={} shards={} files={} bytes={} shard_bytes={} index_ms={:.0}",
        site.records.len(),
        index.docs,
        index.terms,
        index.shards,
        index.files.len(),
        bytes,
        shard_bytes,
        best * 1000.0
    );
}
