//! Untrusted content never attacks a reader. A list of XSS payloads is put into every free-text
//! field of every record of the demo site (titles, summaries, bodies, signer names, tags,
//! attachment titles, bidder and winner names, plan and project fields, people, services,
//! complaint statistics), into Markdown bodies (raw HTML, `javascript:`/`data:` links and images),
//! and into an attachment's file name; the site is built, and every file of the output is
//! scanned: HTML (tags, attributes, links, scripts and styles), XML feeds and the sitemap, JSON
//! (data files, search index, JSON-LD), CSV (incl. formula injection) and the search page's
//! scripts. No payload may survive as markup anywhere.

use crate::common;

use std::path::{Path, PathBuf};

use common::*;

/// The payloads. Each carries a marker `XSSnn` so that where it ends up can be traced.
const PAYLOADS: &[&str] = &[
    "<script>alert('XSS01')</script>",
    "<img src=x onerror=alert('XSS02')>",
    "<svg onload=alert('XSS03')>",
    "\"><script>alert('XSS04')</script>",
    "'><img src=x onerror=alert('XSS05')>",
    "\" onmouseover=\"alert('XSS06')\" x=\"",
    "' onfocus='alert(`XSS07`)' autofocus x='",
    "javascript:alert('XSS08')",
    "JaVaScRiPt:alert('XSS09')",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg== XSS10",
    "</title><script>alert('XSS11')</script>",
    "</textarea><script>alert('XSS12')</script>",
    "</script><script>alert('XSS13')</script>",
    "<!--<script>alert('XSS14')</script>-->",
    "<iframe src=\"javascript:alert('XSS15')\"></iframe>",
    "<a href=\"javascript:alert('XSS16')\">click</a>",
    "<body onload=alert('XSS17')>",
    "<details open ontoggle=alert('XSS18')>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('XSS19')>",
    "<object data=\"javascript:alert('XSS20')\"></object>",
    "<embed src=\"data:text/html,<script>alert('XSS21')</script>\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert('XSS22')\">",
    "<base href=\"https://evil.example/XSS23/\">",
    "<form action=\"javascript:alert('XSS24')\"><button>x</button></form>",
    "<style>@import 'https://evil.example/XSS25.css';</style>",
    "<link rel=stylesheet href=https://evil.example/XSS26.css>",
    "{{ 7*7 }}{% raw %}XSS27{% endraw %}",
    "\u{2028}\u{2029}</script><!--XSS28",
    "=cmd|' /C calc'!A0 XSS29",
    "+SUM(1+1)*cmd|' /C calc'!A0 XSS30",
    "-2+3+cmd|' /C calc'!A0 XSS31",
    "@SUM(1+1)*cmd|' /C calc'!A0 XSS32",
    "\t=1+1 XSS33",
    "]]><script>alert('XSS34')</script>",
    "&lt;script&gt;alert('XSS35')&lt;/script&gt;",
    "<scr<script>ipt>alert('XSS36')</scr</script>ipt>",
    "%3Cscript%3Ealert('XSS37')%3C/script%3E",
    "<a href=\"&#106;avascript:alert('XSS38')\">x</a>",
    "<img src=\"x\" alt=\"XSS39\" onerror=\"alert(1)\">",
    "vbscript:msgbox(\"XSS40\")",
    "\r=HYPERLINK(\"https://evil.example\",\"XSS41\")",
    "<svg><script href=\"data:text/javascript,alert('XSS42')\"/></svg>",
];

/// Markdown written into every body: raw HTML and links or images that must lose their scheme.
const MARKDOWN: &str = "\n\n<script>alert('XSSMD01')</script>\n\n\
<div onclick=\"alert('XSSMD02')\">x</div>\n\n\
inline <img src=x onerror=alert('XSSMD03')> html\n\n\
[a](javascript:alert('XSSMD04')) [b](JAVASCRIPT:alert('XSSMD05')) [c](<javascript:alert('XSSMD06')>)\n\n\
<javascript:alert('XSSMD07')> [d](data:text/html;base64,PHNjcmlwdD4=XSSMD08) [e](vbscript:msgbox('XSSMD09'))\n\n\
![f](data:image/svg+xml;base64,PHN2Zz4=XSSMD10) ![g](javascript:alert('XSSMD11'))\n\n\
[h][r1] [i](&#x6A;avascript:alert('XSSMD12')) [j](java&#x09;script:alert('XSSMD13'))\n\n\
[k](/news/ \"t\\\" onmouseover=\\\"alert('XSSMD14')\") ![l\" onerror=\"alert('XSSMD15')](/news/)\n\n\
[m](https://example.go.th/\"onmouseover=\"alert('XSSMD16')) <a href=\"javascript:alert('XSSMD17')\">n</a>\n\n\
```html\n<script>alert('XSSMD18')</script>\n```\n\n\
[r1]: javascript:alert('XSSMD19')\n";

/// Fields whose values are checked or looked up (dates, codes, enumerations, file names,
/// references): they cannot hold a payload without making the record invalid, and they are
/// tested as hostile input in tests/it/hostile.rs.
const CONSTRAINED: &[&str] = &[
    "announced",
    "category",
    "code",
    "date",
    "egp_number",
    "file",
    "group",
    "method",
    "mission",
    "oit",
    "period_from",
    "period_to",
    "plan",
    "report_type",
    "score",
    "section",
    "slug",
    "spent",
    "stage",
    "status",
    "type",
    "amount",
    "price",
    "budget",
    "median_price",
];

struct Injector {
    next: usize,
    injected: usize,
}

impl Injector {
    fn payload(&mut self) -> &'static str {
        let p = PAYLOADS[self.next % PAYLOADS.len()];
        self.next += 1;
        self.injected += 1;
        p
    }

    /// Put a payload in front of every free-text string of `v` (the payload first, so that CSV
    /// cells start with `=`, `+`, `-`, `@`).
    fn value(&mut self, key: &str, v: &mut toml::Value) {
        match v {
            toml::Value::String(s) if !CONSTRAINED.contains(&key) => {
                *s = format!("{} {s}", self.payload());
                if key == "body" {
                    s.push_str(MARKDOWN);
                }
            }
            toml::Value::Array(items) => {
                for item in items {
                    self.value(key, item);
                }
            }
            toml::Value::Table(t) => self.table(t),
            _ => {}
        }
    }

    fn table(&mut self, t: &mut toml::Table) {
        for (k, v) in t.iter_mut() {
            // A plain `method` string is an enumeration; a project's `method` list is free text.
            if k == "method" && v.is_array() {
                self.value("method-steps", v);
            } else {
                self.value(k, v);
            }
        }
    }

    /// Rewrite one record file with payloads in it.
    fn record(&mut self, path: &Path) {
        let text = read(path);
        let is_md = path.extension().is_some_and(|e| e == "md");
        let (front, body) = if is_md {
            let rest = text.strip_prefix("+++\n").expect("front matter");
            let end = rest.find("\n+++\n").expect("closing +++");
            (&rest[..=end], Some(&rest[end + 5..]))
        } else {
            (&text[..], None)
        };
        let mut table: toml::Table = front
            .parse()
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        self.table(&mut table);
        // Every record gets tags and a signer, so these contexts are always exercised.
        table
            .entry("tags")
            .or_insert_with(|| toml::Value::Array(vec![]))
            .as_array_mut()
            .expect("tags")
            .push(toml::Value::String(format!("{} แท็ก", self.payload())));
        table.entry("signer").or_insert_with(|| {
            let mut s = toml::Table::new();
            s.insert("name".into(), toml::Value::String(self.payload().into()));
            s.insert(
                "position".into(),
                toml::Value::String(self.payload().into()),
            );
            toml::Value::Table(s)
        });
        let toml_text = toml::to_string(&table).expect("serialize");
        let out = match body {
            Some(b) => format!("+++\n{toml_text}+++\n{} {b}{MARKDOWN}", self.payload()),
            None => toml_text,
        };
        write(path, out);
    }
}

/// A hostile file name, as an attachment. `<`, `>` and `"` are refused in file names since
/// Windows cannot hold them (tests/it/windows_names.rs), so the payload breaks out of a
/// single-quoted attribute instead, and carries `&` for the escaper.
const EVIL_FILE: &str = "x' onmouseover=alert('XSSF1') data-x='&amp;.pdf";

fn hostile_demo() -> (tempfile::TempDir, usize) {
    let site = demo();
    let mut inj = Injector {
        next: 0,
        injected: 0,
    };
    let content = site.path().join("content");
    for f in files_under(&content) {
        if f.starts_with("files") {
            continue;
        }
        if f.extension().is_some_and(|e| e == "md" || e == "toml") {
            inj.record(&content.join(&f));
        }
    }
    write(&content.join("files").join(EVIL_FILE), "%PDF-1.4 test");
    let mut front = toml::Table::new();
    front.insert(
        "title".into(),
        toml::Value::String("<script>alert('XSSF2')</script>".into()),
    );
    front.insert("date".into(), toml::Value::String("1 ต.ค. 2567".into()));
    let mut att = toml::Table::new();
    att.insert("file".into(), toml::Value::String(EVIL_FILE.into()));
    att.insert(
        "title".into(),
        toml::Value::String("\"><img src=x onerror=alert('XSSF3')>".into()),
    );
    front.insert(
        "attachments".into(),
        toml::Value::Array(vec![toml::Value::Table(att)]),
    );
    write(
        &content.join("news/evil-attachment.md"),
        format!(
            "+++\n{}+++\n{MARKDOWN}",
            toml::to_string(&front).expect("toml")
        ),
    );
    (site, inj.injected)
}

// ---------------------------------------------------------------------------------------------
// Scanning the output.

/// Decode the character references of an attribute value or text.
fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &after[..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "Tab" => Some('\t'),
                "NewLine" => Some('\n'),
                "colon" => Some(':'),
                "nbsp" => Some('\u{a0}'),
                _ => {
                    let n = name.strip_prefix('#')?;
                    let v = match n.strip_prefix(['x', 'X']) {
                        Some(h) => u32::from_str_radix(h, 16).ok()?,
                        None => n.parse().ok()?,
                    };
                    char::from_u32(v)
                }
            }?;
            Some((c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The attributes of an opening tag: (name, value), values decoded.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let b = tag.as_bytes();
    let mut i = 1;
    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'/' && b[i] != b'>' {
        i += 1;
    }
    let mut out = Vec::new();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() || b[i] == b'>' {
            break;
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'>' {
            i += 1;
        }
        let name = tag[start..i].to_ascii_lowercase();
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let vs = i + 1;
                i = vs;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
                value = tag[vs..i.min(b.len())].to_string();
                i += 1;
            } else {
                let vs = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                value = tag[vs..i].to_string();
            }
        }
        out.push((name, decode(&value)));
    }
    out
}

const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "xlink:href",
    "srcset",
    "background",
    "cite",
    "longdesc",
    "manifest",
    "ping",
];

/// Whether a URL would run script or carry inline content.
fn dangerous_url(v: &str) -> bool {
    let cleaned: String = v
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:", "livescript:"]
        .iter()
        .any(|s| cleaned.starts_with(s))
}

fn has_marker(s: &str) -> bool {
    s.contains("XSS")
}

/// Elements whose content a browser reads as text up to their closing tag (raw text and RCDATA).
const TEXT_ELEMENTS: &[&str] = &[
    "script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes",
];

/// Tokenise HTML the way a browser does for what matters here: the opening tags, and the
/// elements whose content is text (`<title>`, `<script>`…) with that content, which is not
/// searched for tags. Comments are skipped.
fn tokenize(html: &str) -> (Vec<String>, Vec<(String, String, String)>) {
    let lower = html.to_ascii_lowercase();
    let b = html.as_bytes();
    let mut tags = Vec::new();
    let mut texts = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"<!--") {
            i = lower[i + 4..]
                .find("-->")
                .map_or(b.len(), |j| i + 4 + j + 3);
            continue;
        }
        if b[i] == b'<' && i + 1 < b.len() && b[i + 1].is_ascii_alphabetic() {
            let start = i;
            let mut quote: Option<u8> = None;
            i += 1;
            while i < b.len() {
                match (quote, b[i]) {
                    (None, b'"') | (None, b'\'') if b[i - 1] == b'=' => quote = Some(b[i]),
                    (Some(q), c) if c == q => quote = None,
                    (None, b'>') => break,
                    _ => {}
                }
                i += 1;
            }
            let tag = html[start..(i + 1).min(b.len())].to_string();
            let name = tag_name(&tag);
            i += 1;
            if TEXT_ELEMENTS.contains(&name.as_str()) {
                let close = format!("</{name}");
                let end = lower
                    .get(i.min(b.len())..)
                    .and_then(|rest| rest.find(&close))
                    .map_or(b.len(), |j| i + j);
                texts.push((name, tag.clone(), html[i.min(end)..end].to_string()));
                i = end;
            }
            tags.push(tag);
            continue;
        }
        i += 1;
    }
    (tags, texts)
}

/// Every way markup could survive in one HTML document (or HTML fragment).
fn html_problems(file: &Path, html: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut say = |s: String| problems.push(format!("{}: {s}", file.display()));
    let (doc_tags, texts) = tokenize(html);
    for t in &doc_tags {
        let t = t.clone();
        let name = tag_name(&t);
        let attrs = attributes(&t);
        for (a, v) in &attrs {
            if a.starts_with("on") {
                say(format!("event handler attribute `{a}` in {t}"));
            }
            if has_marker(a) || a.contains(['"', '\'', '<', '(']) {
                say(format!("attribute name from content `{a}` in {t}"));
            }
            if URL_ATTRS.contains(&a.as_str()) && dangerous_url(v) {
                say(format!("dangerous URL {a}={v:?} in {t}"));
            }
            if a == "style" && has_marker(v) {
                say(format!("content in a style attribute in {t}"));
            }
        }
        if has_marker(&name) {
            say(format!("tag name from content in {t}"));
        }
        let marker_in_attrs = attrs.iter().any(|(_, v)| has_marker(v));
        match name.as_str() {
            "base" | "iframe" | "object" | "embed" | "frame" | "form" | "link" | "script"
            | "style" | "svg" | "math"
                if marker_in_attrs =>
            {
                say(format!("<{name}> with content in its attributes: {t}"))
            }
            "meta" if marker_in_attrs && attrs.iter().any(|(a, _)| a == "http-equiv") => {
                say(format!("<meta http-equiv> with content: {t}"))
            }
            _ => {}
        }
    }
    for (name, open, body) in &texts {
        match name.as_str() {
            "script" => {
                let ty = attributes(open)
                    .into_iter()
                    .find(|(a, _)| a == "type")
                    .map(|(_, v)| v.to_ascii_lowercase())
                    .unwrap_or_default();
                let json = ty.contains("json");
                if has_marker(body) && !json {
                    say(format!("record text inside a script: {open}{body:.200}"));
                }
                if json && serde_json::from_str::<serde_json::Value>(body).is_err() {
                    say(format!(
                        "a JSON script that is not valid JSON: {open}{body:.300}"
                    ));
                }
                if json && (body.to_ascii_lowercase().contains("<!--") || body.contains("</")) {
                    say(format!("a JSON script that could end early: {body:.300}"));
                }
            }
            "style" | "xmp" | "iframe" | "noembed" | "noframes" if has_marker(body) => {
                say(format!("record text inside <{name}>: {open}{body:.200}"))
            }
            _ => {}
        }
    }
    // No tag of a payload appears as a tag of the document.
    for p in PAYLOADS {
        // Bare tags (`<table>`, `<button>`) are also the theme's; those with attributes are not.
        for pt in tokenize(p).0.into_iter().filter(|t| t.contains('=')) {
            if doc_tags.contains(&pt) {
                say(format!("payload tag as markup: {pt}"));
            }
        }
    }
    problems
}

/// Check an XML document: well formed (every element closed in order), no handler attributes,
/// and any `type="html"` content checked as HTML once decoded.
fn xml_problems(file: &Path, xml: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut rest = xml;
    let mut html_next = false;
    while let Some(i) = rest.find('<') {
        let text = &rest[..i];
        if html_next {
            problems.extend(html_problems(file, &decode(text)));
        }
        if text.contains('<') || text.contains("]]>") {
            problems.push(format!(
                "{}: raw markup in text {text:.100}",
                file.display()
            ));
        }
        let after = &rest[i..];
        let skip = |end: &str| after.find(end).map(|e| e + end.len());
        let consumed = if after.starts_with("<?") {
            skip("?>")
        } else if after.starts_with("<!--") {
            skip("-->")
        } else if after.starts_with("<![CDATA[") {
            let body_end = after.find("]]>");
            if let Some(e) = body_end {
                let body = &after[9..e];
                if has_marker(body) {
                    problems.extend(html_problems(file, body));
                }
            }
            body_end.map(|e| e + 3)
        } else {
            // A tag, quotes respected.
            let b = after.as_bytes();
            let mut j = 1;
            let mut q: Option<u8> = None;
            while j < b.len() {
                match (q, b[j]) {
                    (None, b'"' | b'\'') => q = Some(b[j]),
                    (Some(x), c) if c == x => q = None,
                    (None, b'>') => break,
                    _ => {}
                }
                j += 1;
            }
            let tag = &after[..(j + 1).min(after.len())];
            let name: String = tag
                .trim_start_matches("</")
                .trim_start_matches('<')
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
                .collect();
            if has_marker(&name) {
                problems.push(format!(
                    "{}: element name from content {tag}",
                    file.display()
                ));
            }
            for (a, _) in attributes(tag) {
                if a.starts_with("on") || has_marker(&a) {
                    problems.push(format!("{}: attribute {a} in {tag}", file.display()));
                }
            }
            html_next = false;
            if tag.starts_with("</") {
                if stack.pop().as_deref() != Some(name.as_str()) {
                    problems.push(format!("{}: unbalanced {tag}", file.display()));
                }
            } else if !tag.ends_with("/>") {
                let attrs = attributes(tag);
                html_next = attrs
                    .iter()
                    .any(|(a, v)| a == "type" && (v == "html" || v == "xhtml"));
                stack.push(name);
            }
            Some(j + 1)
        };
        match consumed {
            Some(n) => rest = &after[n.min(after.len())..],
            None => {
                problems.push(format!("{}: unterminated markup", file.display()));
                break;
            }
        }
    }
    if !stack.is_empty() {
        problems.push(format!("{}: unclosed {stack:?}", file.display()));
    }
    problems
}

/// The cells of a CSV text (RFC 4180: quoted cells may hold commas, quotes and line ends).
fn csv_cells(text: &str) -> Result<Vec<String>, String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .chars()
        .peekable();
    let mut at_start = true;
    while let Some(c) = chars.next() {
        if at_start && c == '"' {
            at_start = false;
            loop {
                match chars.next() {
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        cell.push('"');
                    }
                    Some('"') => break,
                    Some(c) => cell.push(c),
                    None => return Err("unterminated quoted cell".into()),
                }
            }
            match chars.peek() {
                None | Some(',' | '\r' | '\n') => {}
                Some(c) => return Err(format!("text after a quoted cell: {c:?}")),
            }
            continue;
        }
        match c {
            ',' | '\n' => {
                cells.push(std::mem::take(&mut cell));
                at_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '"' => return Err(format!("a quote inside an unquoted cell: {cell}")),
            c => {
                cell.push(c);
                at_start = false;
            }
        }
    }
    if !cell.is_empty() {
        cells.push(cell);
    }
    Ok(cells)
}

fn csv_problems(file: &Path, text: &str) -> Vec<String> {
    let cells = match csv_cells(text) {
        Ok(c) => c,
        Err(e) => return vec![format!("{}: not valid CSV: {e}", file.display())],
    };
    cells
        .iter()
        .filter(|c| c.starts_with(['=', '+', '-', '@', '\t', '\r']))
        .filter(|c| c.trim().parse::<f64>().is_err())
        .map(|c| {
            format!(
                "{}: a cell a spreadsheet would run as a formula: {c:.80}",
                file.display()
            )
        })
        .collect()
}

fn json_problems(file: &Path, bytes: &[u8]) -> Vec<String> {
    let v: serde_json::Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => return vec![format!("{}: not valid JSON: {e}", file.display())],
    };
    let mut problems = Vec::new();
    fn walk(key: &str, v: &serde_json::Value, file: &Path, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => {
                let urlish =
                    ["url", "href", "u", "link", "permalink", "src", "file"].contains(&key);
                if urlish && dangerous_url(s) {
                    out.push(format!("{}: dangerous URL in {key}: {s}", file.display()));
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(key, x, file, out)),
            serde_json::Value::Object(o) => o.iter().for_each(|(k, x)| walk(k, x, file, out)),
            _ => {}
        }
    }
    walk("", &v, file, &mut problems);
    problems
}

/// The search page's script puts record text into the page only as text.
fn script_problems(file: &Path, js: &str) -> Vec<String> {
    [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
    ]
    .iter()
    .filter(|s| js.contains(*s))
    .map(|s| format!("{}: uses {s}", file.display()))
    .collect()
}

fn scan(out: &Path) -> (Vec<String>, std::collections::BTreeMap<String, usize>) {
    let mut problems = Vec::new();
    let mut kinds: std::collections::BTreeMap<String, usize> = Default::default();
    for f in files_under(out) {
        let bytes = std::fs::read(out.join(&f)).expect("read output");
        let ext = f
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        *kinds.entry(ext.clone()).or_default() += 1;
        let text = String::from_utf8_lossy(&bytes);
        match ext.as_str() {
            "html" | "htm" | "svg" => problems.extend(html_problems(&f, &text)),
            "xml" => problems.extend(xml_problems(&f, &text)),
            "json" => problems.extend(json_problems(&f, &bytes)),
            "csv" => problems.extend(csv_problems(&f, &text)),
            "js" => problems.extend(script_problems(&f, &text)),
            _ => {}
        }
    }
    (problems, kinds)
}

#[test]
fn no_payload_survives_as_markup_in_any_output_file() {
    assert!(PAYLOADS.len() >= 30, "{} payloads", PAYLOADS.len());
    let (site, injected) = hostile_demo();
    assert!(
        injected > 10 * PAYLOADS.len(),
        "each payload lands in many fields ({injected} fields)"
    );
    let r = build(site.path());
    assert_eq!(r.code, Some(0), "the hostile demo must build: {}", {
        let a = r.all();
        a.chars().take(6000).collect::<String>()
    });
    r.no_panic();
    let out = site.path().join("public");
    if std::env::var_os("XSS_KEEP").is_some() {
        eprintln!("xss: site kept at {}", site.path().display());
        std::mem::forget(site);
    }
    let (problems, kinds) = scan(&out);
    assert!(
        problems.is_empty(),
        "{} problems, first ones:\n{}",
        problems.len(),
        problems
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    // The scan covered every kind of output file.
    for ext in ["html", "xml", "json", "csv", "js", "txt"] {
        assert!(
            kinds.get(ext).copied().unwrap_or(0) > 0,
            "no .{ext} file scanned: {kinds:?}"
        );
    }
    // Each payload really reached the output (as text), in pages and in the data files.
    let mut html = String::new();
    let mut data = String::new();
    for f in files_under(&out) {
        let text = std::fs::read_to_string(out.join(&f)).unwrap_or_default();
        match f.extension().and_then(|e| e.to_str()) {
            Some("html") => html.push_str(&text),
            Some("json" | "csv" | "xml") => data.push_str(&text),
            _ => {}
        }
    }
    for (i, p) in PAYLOADS.iter().enumerate() {
        let marker = format!("XSS{:02}", i + 1);
        assert!(p.contains(&marker), "payload {i} carries {marker}");
        assert!(html.contains(&marker), "{marker} never reached a page");
        assert!(data.contains(&marker), "{marker} never reached a data file");
    }
    // The Markdown payloads stay as text, or vanish with their link; none is a live link.
    for m in ["XSSMD01", "XSSMD02", "XSSMD03", "XSSMD18"] {
        assert!(html.contains(m), "{m} is shown as text");
    }
    // The attachment with markup in its name is linked, escaped.
    let page = read(out.join("news/evil-attachment/index.html"));
    assert!(page.contains("XSSF1") && page.contains("XSSF2") && page.contains("XSSF3"));
}

/// Payloads on a page at a sub-path, through `--base-url`, escape the same way.
#[test]
fn a_hostile_base_url_is_refused() {
    let site = site(&[(
        "content/news/a.md",
        "+++\ntitle = \"ก\"\ndate = 2024-10-01\n+++\nก\n",
    )]);
    for url in [
        "javascript:alert(1)//",
        "https://a.go.th/\"><script>alert(1)</script>/",
        "https://a.go.th/x y/",
        "data:text/html,x",
    ] {
        let r = run(&["build", "--root", s(site.path()), "--base-url", url]);
        assert_ne!(r.code, Some(0), "{url} accepted: {}", r.all());
        r.no_panic();
    }
}

/// The helpers catch what they should (so a green test means something).
#[test]
fn the_scanner_catches_live_markup() {
    let f = PathBuf::from("t.html");
    assert!(
        !html_problems(
            &f,
            "<p>&lt;script&gt;XSS01</p><a href=\"/x\" title=\"&quot;XSS\">a</a>"
        )
        .iter()
        .any(|_| true)
    );
    assert!(!html_problems(&f, "<p><script>alert('XSS01')</script></p>").is_empty());
    assert!(!html_problems(&f, "<img src=x onerror=alert(1)>").is_empty());
    assert!(!html_problems(&f, "<a href=\"java&#x73;cript:alert(1)\">x</a>").is_empty());
    assert!(!html_problems(&f, "<a href=\" data:text/html,x\">x</a>").is_empty());
    assert!(
        !html_problems(
            &f,
            "<script type=application/ld+json>{\"a\":\"</script><script>XSS\"}</script>"
        )
        .is_empty()
    );
    assert!(
        html_problems(
            &f,
            "<script type=application/ld+json>{\"a\":\"\\u003c/script\\u003eXSS\"}</script>"
        )
        .is_empty()
    );
    assert!(
        html_problems(
            &f,
            "<title>&lt;/title><script>alert('XSS01')</script></title>"
        )
        .is_empty()
    );
    assert!(
        !html_problems(&f, "<title></title><script>alert('XSS01')</script></title>").is_empty()
    );
    assert!(!xml_problems(&f, "<feed><title>a<script>XSS</script></title>").is_empty());
    assert!(
        xml_problems(
            &f,
            "<?xml version=\"1.0\"?><feed><title type=\"text\">&lt;script&gt;XSS</title></feed>"
        )
        .is_empty()
    );
    assert!(
        !xml_problems(
            &f,
            "<feed><content type=\"html\">&lt;script&gt;XSS01&lt;/script&gt;</content></feed>"
        )
        .is_empty()
    );
    assert!(!csv_problems(&f, "a,b\n=cmd|x,1\n").is_empty());
    assert!(!csv_problems(&f, "a,b\n\"@SUM(1)\",1\n").is_empty());
    assert!(csv_problems(&f, "a,b\n\"'=cmd\",-5\n").is_empty());
    assert!(!json_problems(&f, b"{\"url\":\"javascript:x\"}").is_empty());
}
