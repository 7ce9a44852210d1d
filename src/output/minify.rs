//! The page minifier: one pass over the HTML the renderer writes, linear, one allocation.
//!
//! It changes only two things, both invisible in the browser:
//! - comments (and the bogus comments `<!x>`, `<?x>`, `</ x>`) are removed, except inside
//!   `<pre>`/`<listing>`, where removing one could change which newline the parser drops;
//! - every run of whitespace in text (space, tab, CR, LF) becomes one character, a newline if the
//!   run held a line break, else a space (CSS treats both alike, except that some browsers drop a
//!   line break between two CJK letters, which a space would not keep); the run is dropped when a
//!   side of it is the start or end tag of an element that starts a new line (`BLOCK`), or the
//!   start or end of the document, since CSS never renders such whitespace.
//!
//! Tags (attribute values included), the doctype, character references and all other text are
//! copied byte for byte; so are the whole contents of `<pre>`, `<listing>`, `<textarea>`,
//! `<script>`, `<style>`, `<title>` and the other raw-text elements. Non-ASCII text (Thai) is
//! never touched, and output splits the input only at ASCII bytes, so it stays UTF-8.
//!
//! Tags are read with the states of the HTML tokenizer (a `>` inside a quoted attribute value does
//! not end a tag, a quote that does not follow `=` does not open a value), so the minifier agrees
//! with the browser about where text is. It keeps no stack of open elements: whether a tag is a
//! line boundary depends only on its name. That assumes the theme's CSS does not make a block
//! element inline (a `<li>` shown `display: inline` would lose the space between items), the same
//! assumption minify-html made before (docs/decisions.md).

/// Elements whose start and end tags end a line in the default style sheet (block, list item,
/// table parts, `<br>`): whitespace beside them is never rendered.
#[rustfmt::skip]
const BLOCK: &[&[u8]] = &[
    b"address", b"article", b"aside", b"blockquote", b"body", b"br", b"caption", b"center", b"col",
    b"colgroup", b"dd", b"details", b"dialog", b"dir", b"div", b"dl", b"dt", b"fieldset",
    b"figcaption", b"figure", b"footer", b"form", b"h1", b"h2", b"h3", b"h4", b"h5", b"h6", b"head",
    b"header", b"hgroup", b"hr", b"html", b"legend", b"li", b"listing", b"main", b"menu", b"nav",
    b"ol", b"optgroup", b"option", b"p", b"pre", b"search", b"section", b"summary", b"table",
    b"tbody", b"td", b"tfoot", b"th", b"thead", b"tr", b"ul",
];

/// Elements that make no box (`display: none`): whitespace on both sides of them is one run, as
/// the browser sees it.
const HIDDEN: &[&[u8]] = &[b"base", b"link", b"meta", b"script", b"style", b"title"];

/// Elements whose content the tokenizer does not read as HTML (raw text, RCDATA): copied as they
/// are up to their end tag. (`noscript` is raw text when scripting is on.)
#[rustfmt::skip]
const RAW: &[&[u8]] = &[
    b"iframe", b"noembed", b"noframes", b"noscript", b"script", b"style", b"textarea", b"title",
    b"xmp",
];

/// Whitespace as the HTML parser and CSS both see it (a form feed is not CSS white space).
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Whitespace that ends a tag name or separates attributes.
fn is_tag_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0c)
}

/// Bytes that end a span of ordinary text: the start of markup and whitespace.
const fn special_table() -> [bool; 256] {
    let mut t = [false; 256];
    t[b'<' as usize] = true;
    t[b' ' as usize] = true;
    t[b'\t' as usize] = true;
    t[b'\n' as usize] = true;
    t[b'\r' as usize] = true;
    t
}
static SPECIAL: [bool; 256] = special_table();

/// A tag name of at most 16 bytes as one number, ASCII lower case (`None` when longer): names
/// are compared as integers, not with a byte comparison for each (a call to `memcmp` per name
/// was a third of the minifier's time).
fn pack(name: &[u8]) -> Option<u128> {
    if name.len() > 16 {
        return None;
    }
    let mut v = 0u128;
    for (i, b) in name.iter().enumerate() {
        v |= u128::from(b.to_ascii_lowercase()) << (8 * i);
    }
    Some(v)
}

/// A list of names, packed and sorted for binary search.
fn packed(set: &[&[u8]]) -> Vec<u128> {
    let mut v: Vec<u128> = set.iter().filter_map(|n| pack(n)).collect();
    v.sort_unstable();
    v
}

static BLOCK_SET: std::sync::LazyLock<Vec<u128>> = std::sync::LazyLock::new(|| packed(BLOCK));
static HIDDEN_SET: std::sync::LazyLock<Vec<u128>> = std::sync::LazyLock::new(|| packed(HIDDEN));
static RAW_SET: std::sync::LazyLock<Vec<u128>> = std::sync::LazyLock::new(|| packed(RAW));

/// Whether `name` (as written) is in `set` (made by [`packed`]), ignoring ASCII case.
fn in_set(set: &[u128], name: &[u8]) -> bool {
    pack(name).is_some_and(|p| set.binary_search(&p).is_ok())
}

/// What a tag means for the whitespace beside it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Starts a new line: whitespace beside it is dropped.
    Block,
    /// Makes no box: the whitespace before and after it is one run.
    Hidden,
    /// Anything else (inline elements, unknown elements, `<img>`, `<svg>`…): a run becomes one
    /// space.
    Inline,
}

fn kind(name: &[u8]) -> Kind {
    if in_set(&BLOCK_SET, name) {
        Kind::Block
    } else if in_set(&HIDDEN_SET, name) {
        Kind::Hidden
    } else {
        Kind::Inline
    }
}

/// Minify a page; see the module's comment for what changes. Total: any input gives output.
pub fn minify(html: &str) -> Vec<u8> {
    let s = html.as_bytes();
    let mut out = Vec::with_capacity(s.len());
    let mut m = Minifier {
        out: &mut out,
        pending: None,
        after_block: true,
        keep: 0,
    };
    m.run(s);
    out
}

struct Minifier<'o> {
    out: &'o mut Vec<u8>,
    /// The whitespace run not yet written: `Some(true)` when it holds a line break.
    pending: Option<bool>,
    /// Whether the last thing written (ignoring hidden elements) was a block tag, or nothing.
    after_block: bool,
    /// How many `<pre>`/`<listing>` elements are open: inside them text and comments are kept.
    keep: usize,
}

impl Minifier<'_> {
    /// Write the pending whitespace as one character, unless a block tag is beside it.
    fn flush(&mut self, next: Kind) {
        if let Some(newline) = self.pending.take()
            && !self.after_block
            && next != Kind::Block
        {
            self.out.push(if newline { b'\n' } else { b' ' });
        }
    }

    /// Something with a box of its own (text, an inline tag) or a block tag is written.
    fn put(&mut self, bytes: &[u8], k: Kind) {
        match k {
            Kind::Hidden => {}
            _ => {
                self.flush(k);
                self.after_block = k == Kind::Block;
            }
        }
        self.out.extend_from_slice(bytes);
    }

    fn run(&mut self, s: &[u8]) {
        let mut i = 0;
        while i < s.len() {
            if self.keep > 0 {
                // Inside <pre>: copy text as it is, read only markup.
                let end = memchr::memchr(b'<', &s[i..]).map_or(s.len(), |p| i + p);
                if end > i {
                    self.put(&s[i..end], Kind::Inline);
                    i = end;
                    continue;
                }
            }
            let b = s[i];
            if is_space(b) {
                let newline = b == b'\n' || b == b'\r';
                self.pending = Some(self.pending.unwrap_or(false) || newline);
                i += 1;
            } else if b == b'<' {
                i = self.markup(s, i);
            } else {
                let end = s[i..]
                    .iter()
                    .position(|&b| SPECIAL[b as usize])
                    .map_or(s.len(), |p| i + p);
                self.put(&s[i..end], Kind::Inline);
                i = end;
            }
        }
        // Trailing whitespace of the document is never rendered.
        self.pending = None;
    }

    /// Handle what starts with the `<` at `i`; return where the next token starts.
    fn markup(&mut self, s: &[u8], i: usize) -> usize {
        let next = s.get(i + 1).copied().unwrap_or(0);
        if next.is_ascii_alphabetic() {
            return self.start_tag(s, i);
        }
        if next == b'/' {
            let after = s.get(i + 2).copied().unwrap_or(0);
            if after.is_ascii_alphabetic() {
                return self.end_tag(s, i);
            }
            if after == b'>' {
                // `</>` is ignored by the parser: dropped like a comment.
                return self.comment(s, i, i + 3);
            }
            if i + 2 >= s.len() {
                // `</` at the end is text.
                self.put(&s[i..], Kind::Inline);
                return s.len();
            }
            // `</ x>` and the like: a bogus comment up to the next `>`.
            return self.comment(s, i, bogus_comment_end(s, i + 2));
        }
        if next == b'!' {
            if s[i + 2..].starts_with(b"--") {
                return self.comment(s, i, comment_end(s, i + 4));
            }
            if s.len() >= i + 9 && s[i + 2..i + 9].eq_ignore_ascii_case(b"doctype") {
                let end = bogus_comment_end(s, i + 2);
                self.put(&s[i..end], Kind::Block);
                return end;
            }
            if s[i + 2..].starts_with(b"[CDATA[") {
                // Text in SVG or MathML; a bogus comment elsewhere. Either way kept whole, up to
                // the end of both readings.
                let cdata = find(s, i + 9, b"]]>").map_or(s.len(), |p| p + 3);
                let end = cdata.max(bogus_comment_end(s, i + 2));
                self.put(&s[i..end], Kind::Inline);
                return end;
            }
            return self.comment(s, i, bogus_comment_end(s, i + 2));
        }
        if next == b'?' {
            return self.comment(s, i, bogus_comment_end(s, i + 1));
        }
        // A `<` that starts no markup is text.
        self.put(b"<", Kind::Inline);
        i + 1
    }

    /// Drop the comment `s[i..end]`. It is kept inside <pre>, and where dropping it would join
    /// the text on its two sides into markup (`<<!---->p>`, `&am<!---->p;`).
    fn comment(&mut self, s: &[u8], i: usize, end: usize) -> usize {
        if self.keep > 0 || (self.pending.is_none() && glues(self.out)) {
            self.put(&s[i..end], Kind::Hidden);
        }
        end
    }

    fn start_tag(&mut self, s: &[u8], i: usize) -> usize {
        let name_end = tag_name_end(s, i + 1);
        let name = &s[i + 1..name_end];
        let end = tag_end(s, name_end);
        self.put(&s[i..end], kind(name));
        if end >= s.len() {
            // Unclosed tag at the end: the parser drops it; it is copied, nothing follows.
            return end;
        }
        if name.eq_ignore_ascii_case(b"pre") || name.eq_ignore_ascii_case(b"listing") {
            self.keep += 1;
        } else if name.eq_ignore_ascii_case(b"plaintext") {
            // Everything after <plaintext> is text.
            self.put(&s[end..], Kind::Inline);
            return s.len();
        } else if in_set(&RAW_SET, name) {
            let close = if name.eq_ignore_ascii_case(b"script") {
                script_end(s, end)
            } else {
                raw_end(s, end, name)
            };
            // Raw content is copied, without touching the whitespace state around it.
            self.out.extend_from_slice(&s[end..close]);
            return close;
        }
        end
    }

    fn end_tag(&mut self, s: &[u8], i: usize) -> usize {
        let name_end = tag_name_end(s, i + 2);
        let name = &s[i + 2..name_end];
        let end = tag_end(s, name_end);
        if name.eq_ignore_ascii_case(b"pre") || name.eq_ignore_ascii_case(b"listing") {
            self.keep = self.keep.saturating_sub(1);
        }
        self.put(&s[i..end], kind(name));
        end
    }
}

/// Whether text that follows `out` at once could end a `<` or a character reference begun in
/// it. A reference is letters, digits and `#` after `&`; the scan stops after 64 bytes (and then
/// says yes), so a page of many comments stays linear.
fn glues(out: &[u8]) -> bool {
    for (n, &b) in out.iter().rev().enumerate() {
        if n == 0 && b == b'<' {
            return true;
        }
        if b == b'&' {
            return true;
        }
        if n >= 64 || !(b.is_ascii_alphanumeric() || b == b'#') {
            return n >= 64;
        }
    }
    false
}

/// The end of a tag name that starts at `j`.
fn tag_name_end(s: &[u8], j: usize) -> usize {
    s[j..]
        .iter()
        .position(|&b| is_tag_space(b) || b == b'/' || b == b'>')
        .map_or(s.len(), |p| j + p)
}

/// The index after the `>` that ends the tag whose attributes start at `j` (or the end of the
/// input), following the tokenizer's attribute states.
fn tag_end(s: &[u8], mut j: usize) -> usize {
    #[derive(Clone, Copy)]
    enum St {
        BeforeName,
        Name,
        AfterName,
        BeforeValue,
        Quoted(u8),
        Unquoted,
    }
    let mut st = St::BeforeName;
    while j < s.len() {
        let b = s[j];
        j += 1;
        st = match st {
            St::Quoted(q) => {
                // Skip to the closing quote at once.
                match memchr::memchr(q, &s[j - 1..]) {
                    Some(p) => {
                        j += p;
                        St::BeforeName
                    }
                    None => return s.len(),
                }
            }
            _ if b == b'>' => return j,
            St::BeforeName if is_tag_space(b) || b == b'/' => St::BeforeName,
            St::BeforeName => St::Name,
            // `/` (self-closing) is followed by the "before attribute name" state.
            St::Name if b == b'/' => St::BeforeName,
            St::Name if is_tag_space(b) => St::AfterName,
            St::Name if b == b'=' => St::BeforeValue,
            St::Name => St::Name,
            St::AfterName if b == b'/' => St::BeforeName,
            St::AfterName if is_tag_space(b) => St::AfterName,
            St::AfterName if b == b'=' => St::BeforeValue,
            St::AfterName => St::Name,
            St::BeforeValue if is_tag_space(b) => St::BeforeValue,
            St::BeforeValue if b == b'"' || b == b'\'' => St::Quoted(b),
            St::BeforeValue => St::Unquoted,
            St::Unquoted if is_tag_space(b) => St::BeforeName,
            St::Unquoted => St::Unquoted,
        };
    }
    s.len()
}

/// The index after the `-->` (or `--!>`, or the `>` of `<!-->` / `<!--->`) of a comment whose
/// text starts at `j`; the end of the input when there is none.
fn comment_end(s: &[u8], j: usize) -> usize {
    if s[j.min(s.len())..].starts_with(b">") {
        return j + 1;
    }
    if s[j.min(s.len())..].starts_with(b"->") {
        return j + 2;
    }
    let mut k = j;
    while let Some(p) = find(s, k, b"--") {
        let rest = &s[p + 2..];
        if rest.starts_with(b">") {
            return p + 3;
        }
        if rest.starts_with(b"!>") {
            return p + 4;
        }
        k = p + 1;
    }
    s.len()
}

/// The index after the first `>` at or after `j`; the end of the input when there is none.
fn bogus_comment_end(s: &[u8], j: usize) -> usize {
    find(s, j, b">").map_or(s.len(), |p| p + 1)
}

/// The first index at or after `from` where `pat` occurs.
fn find(s: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    let hay = s.get(from..)?;
    let first = *pat.first()?;
    let mut k = 0;
    while let Some(p) = memchr::memchr(first, &hay[k..]) {
        if hay[k + p..].starts_with(pat) {
            return Some(from + k + p);
        }
        k += p + 1;
    }
    None
}

/// Whether `s[j..]` is `</name` (any case) followed by whitespace, `/` or `>`: an end tag that
/// closes raw text.
fn is_end_tag(s: &[u8], j: usize, name: &[u8]) -> bool {
    let n = name.len();
    s.len() > j + 2 + n
        && s[j + 1] == b'/'
        && s[j + 2..j + 2 + n].eq_ignore_ascii_case(name)
        && (is_tag_space(s[j + 2 + n]) || matches!(s[j + 2 + n], b'/' | b'>'))
}

/// Where the raw text of `name` starting at `j` ends (the `<` of its end tag, or the end).
fn raw_end(s: &[u8], mut j: usize, name: &[u8]) -> usize {
    while let Some(p) = find(s, j, b"</") {
        if is_end_tag(s, p, name) {
            return p;
        }
        j = p + 2;
    }
    s.len()
}

/// Where the content of a `<script>` starting at `j` ends, with the tokenizer's escape states:
/// after `<!--`, a `<script>` starts a part where `</script>` does not end the element, until
/// `-->`.
fn script_end(s: &[u8], mut j: usize) -> usize {
    // 0: script data; 1: escaped (after `<!--`); 2: double escaped (after `<!-- <script>`).
    let mut state = 0u8;
    let mut dashes = 0usize;
    while j < s.len() {
        let b = s[j];
        match (state, b) {
            (0, b'<') if s[j + 1..].starts_with(b"!--") => {
                state = 1;
                // `<!--` leaves the tokenizer in the "dash dash" state: `<!-->` closes at once.
                dashes = 2;
                j += 4;
                continue;
            }
            (0, b'<') if is_end_tag(s, j, b"script") => return j,
            (1, b'<') if is_end_tag(s, j, b"script") => return j,
            (1, b'<') if is_open_script(s, j) => state = 2,
            (2, b'<') if is_end_tag(s, j, b"script") => {
                state = 1;
                dashes = 0;
                j += 8;
                continue;
            }
            (1 | 2, b'-') => {
                dashes += 1;
                j += 1;
                continue;
            }
            (1 | 2, b'>') if dashes >= 2 => state = 0,
            _ => {}
        }
        dashes = 0;
        j += 1;
    }
    s.len()
}

/// Whether `s[j..]` is `<script` followed by whitespace, `/` or `>`.
fn is_open_script(s: &[u8], j: usize) -> bool {
    s.len() > j + 7
        && s[j + 1..j + 7].eq_ignore_ascii_case(b"script")
        && (is_tag_space(s[j + 7]) || matches!(s[j + 7], b'/' | b'>'))
}

#[cfg(test)]
#[test]
fn name_lists_are_sorted_and_short() {
    for set in [BLOCK, HIDDEN, RAW] {
        assert!(set.windows(2).all(|w| w[0] < w[1]));
        // in_set compares at most 10 lower-case bytes.
        assert!(
            set.iter()
                .all(|n| n.len() <= 10 && !n.iter().any(u8::is_ascii_uppercase))
        );
    }
}
