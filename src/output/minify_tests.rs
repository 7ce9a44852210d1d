//! Tests of the page minifier (src/output/minify.rs).

use super::minify::minify;

fn m(s: &str) -> String {
    String::from_utf8(minify(s)).unwrap_or_else(|e| format!("not UTF-8: {e}"))
}

#[test]
fn whitespace_beside_blocks_is_removed() {
    assert_eq!(
        m(
            "<!DOCTYPE html>\n<html lang=\"th\">\n<head>\n<meta charset=\"utf-8\">\n<title>ก</title>\n</head>\n<body>\n<div>\n  <p>  a  </p>\n</div>\n</body>\n</html>\n"
        ),
        "<!DOCTYPE html><html lang=\"th\"><head><meta charset=\"utf-8\"><title>ก</title></head><body><div><p>a</p></div></body></html>"
    );
    assert_eq!(
        m("<ul>\n <li>a</li>\n <li> b </li>\n</ul>"),
        "<ul><li>a</li><li>b</li></ul>"
    );
    assert_eq!(
        m("<table>\n<tr>\n<td> 1 </td>\n<td>2</td>\n</tr>\n</table>"),
        "<table><tr><td>1</td><td>2</td></tr></table>"
    );
    assert_eq!(m("a <br> b"), "a<br>b");
    assert_eq!(m("<h2>x</h2>\n\ntext\n<p>y"), "<h2>x</h2>text<p>y");
}

#[test]
fn whitespace_between_inline_elements_and_words_is_one_character() {
    assert_eq!(
        m("<p><a href=\"/a\">ก</a> <a href=\"/b\">ข</a></p>"),
        "<p><a href=\"/a\">ก</a> <a href=\"/b\">ข</a></p>"
    );
    assert_eq!(m("<p>a   b\t\tc</p>"), "<p>a b c</p>");
    // A run holding a line break stays a line break (one byte either way).
    assert_eq!(m("<p>a \n  b</p>"), "<p>a\nb</p>");
    assert_eq!(
        m("<label>ก<span> ขนาดปกติ</span></label>\n<input>"),
        "<label>ก<span> ขนาดปกติ</span></label>\n<input>"
    );
    assert_eq!(
        m("<p><b>a </b> c</p>"),
        "<p><b>a </b> c</p>",
        "one space a run"
    );
    assert_eq!(
        m("<p>x <img src=a alt=\"\"> y</p>"),
        "<p>x <img src=a alt=\"\"> y</p>"
    );
}

#[test]
fn hidden_elements_join_the_whitespace_around_them() {
    assert_eq!(
        m("<p>a <script>s()</script> b</p>"),
        "<p>a<script>s()</script> b</p>"
    );
    assert_eq!(
        m("<div> <link rel=x> <p>a</p></div>"),
        "<div><link rel=x><p>a</p></div>"
    );
}

#[test]
fn pre_textarea_script_style_are_untouched() {
    let pre = "<pre><code>  a\n\n   b  <!-- c -->\n</code></pre>";
    assert_eq!(
        m(&format!("<div>\n{pre}\n</div>")),
        format!("<div>{pre}</div>")
    );
    let nested = "<pre>x  <pre> y </pre>  z </pre>";
    assert_eq!(m(nested), nested);
    let ta = "<textarea>\n  a  <b> </b> <!-- x -->\n</textarea>";
    assert_eq!(m(ta), ta);
    let script = "<script>if (a  <  b) { s = \"  </p>  <!-- x -->\" }</script>";
    assert_eq!(m(script), script);
    let style = "<style>p  >  a { content: \"  \" }</style>";
    assert_eq!(m(style), style);
    // `</script>` inside `<!-- <script>` does not end the script.
    let escaped = "<script><!-- <script>  </script>  --></script>";
    assert_eq!(m(escaped), escaped);
    let upper = "<SCRIPT>  x  </SCRIPT >";
    assert_eq!(m(upper), upper);
}

#[test]
fn comments_are_removed() {
    assert_eq!(m("<p>a<!-- x -->b</p>"), "<p>ab</p>");
    assert_eq!(m("<p>a <!-- x --> b</p>"), "<p>a b</p>");
    assert_eq!(
        m("<div>\n<!-- x -->\n<p>a</p></div>"),
        "<div><p>a</p></div>"
    );
    assert_eq!(m("a<!-->b<!--->c<!-- -- --!>d"), "abcd");
    assert_eq!(m("a<!x>b<?xml y?>c</ z>d</>e"), "abcde");
    assert_eq!(m("a<!-- unclosed"), "a");
    // Kept where dropping it would make markup or a character reference of the text around it.
    for glued in ["<<!---->p>", "&am<!---->p;", "&#00<!---->65;", "<</>p>"] {
        assert_eq!(m(glued), glued);
    }
    assert_eq!(m("&amp; <!-- x -->p"), "&amp; p");
    assert_eq!(m("a;<!-- x -->b"), "a;b");
}

#[test]
fn attributes_are_untouched() {
    let tags = [
        "<a href=\"/x/{{y}}\" title=\"a   b\n c\">t</a>",
        "<a title='>  <!-- no -->  '>t</a>",
        "<input value=\"  two  spaces  \">",
        "<a href=/x/y class = \"a  b\" data-x = '  ' >t</a>",
        "<img alt=\"ภาพ  ของ  เทศบาล\" src=\"/files/a b.png\">",
    ];
    for t in tags {
        assert_eq!(m(t), t);
    }
    // A quote that follows no `=` opens no value: the tag ends at the first `>`.
    assert_eq!(m("<a b\"c>  d\">"), "<a b\"c> d\">");
    // ... and one after `=` does, even in an attribute name holding a quote.
    let quoted = "<a b\"c=\"d>  e\">";
    assert_eq!(m(quoted), quoted);
    // After `/`, `=` starts an attribute name, so `"` opens no value either.
    assert_eq!(m("<a b/=\"x>  y\">"), "<a b/=\"x> y\">");
}

#[test]
fn thai_text_is_untouched() {
    let thai =
        "<p>ประกาศเทศบาลเมืองอ่างทอง เรื่อง การจัดซื้อจัดจ้าง ปีงบประมาณ พ.ศ. ๒๕๖๘&nbsp;ฉบับที่\u{a0}๑</p>";
    assert_eq!(m(thai), thai);
    assert_eq!(m("<p>\n  ก  ข\n</p>"), "<p>ก ข</p>");
}

#[test]
fn raw_text_and_odd_markup() {
    assert_eq!(m("<title> a  b </title>"), "<title> a  b </title>");
    assert_eq!(m("a < b  and  c<d"), "a < b and c<d");
    assert_eq!(
        m("<p>x</p>\n<plaintext>  <p>  </p>"),
        "<p>x</p><plaintext>  <p>  </p>"
    );
    let cdata = "<svg><text><![CDATA[  a > b  ]]></text></svg>";
    assert_eq!(m(cdata), cdata);
}

const NASTY: &[&str] = &[
    "",
    "<",
    "<<<<",
    ">",
    "</",
    "</>",
    "<!",
    "<!-",
    "<!--",
    "<!---",
    "<!-->",
    "<?",
    "<!DOCTYPE",
    "<!doctyp",
    "<![CDATA[",
    "<a",
    "<a ",
    "<a b",
    "<a b=",
    "<a b=\"",
    "<a b='x",
    "<a b=x",
    "<a/",
    "</a",
    "</a ",
    "<pre",
    "<pre>",
    "<pre>  x",
    "</pre>  x </pre></pre>",
    "<script",
    "<script>",
    "<script><!--",
    "<script><!--<script>",
    "<script><!--<script></script",
    "<script></script",
    "<script></scrip",
    "<textarea>  ",
    "<title",
    "<style>  </style",
    "<plaintext",
    "  \n\t\r ",
    "ก<ข>ค</ง>",
    "<ก>  </ก>",
    "<\u{e01}",
    "<a\u{e01}=\"\u{e02}\">\u{e03}",
    "<blockquoteblockquote>  <x>",
    "\u{0}<\u{0}>\u{0}",
    "<!-- <!-- --> -->",
    "<pre><!-- </pre> -->  a  </pre>",
];

#[test]
fn nasty_inputs_do_not_panic_and_stay_utf8() {
    for s in NASTY {
        let out = minify(s);
        assert!(std::str::from_utf8(&out).is_ok(), "{s:?}");
        assert!(out.len() <= s.len(), "{s:?}");
    }
    // Every prefix and suffix of a real-looking page, cut anywhere.
    let page = "<!doctype html><html lang=th><head><title>ก</title><script>x<!--<script></script>--></script></head>\n<body> <pre> a </pre> <p class='a b'>ข <!-- c --> ค</p><textarea> t </textarea></body></html>";
    for (i, _) in page.char_indices() {
        for part in [&page[..i], &page[i..]] {
            let out = minify(part);
            assert!(std::str::from_utf8(&out).is_ok(), "{part:?}");
        }
    }
}

#[test]
fn minify_is_idempotent() {
    let samples = [
        "<!DOCTYPE html>\n<html lang=\"th\"><body>\n<p> a <b> b </b> c </p>\n<ul> <li> x </li> </ul>\n</body></html>",
        "<div>a <!-- x --> <script> s </script> b\n<br>\n c</div>",
        "<p>x <span> y </span>\n z</p><pre> a </pre>",
    ];
    for s in samples.iter().chain(NASTY) {
        let once = String::from_utf8(minify(s)).unwrap_or_default();
        let twice = String::from_utf8(minify(&once)).unwrap_or_default();
        assert_eq!(once, twice, "{s:?}");
    }
}

mod props {
    use super::minify;
    use proptest::prelude::*;

    /// Strings built from HTML fragments, so the tokenizer's states are reached often.
    fn html() -> impl Strategy<Value = String> {
        let parts = prop_oneof![
            Just("<".to_string()),
            Just(">".to_string()),
            Just("</".to_string()),
            Just("<!--".to_string()),
            Just("-->".to_string()),
            Just(" ".to_string()),
            Just("\n".to_string()),
            Just("\"".to_string()),
            Just("'".to_string()),
            Just("=".to_string()),
            Just("/".to_string()),
            Just("p".to_string()),
            Just("pre".to_string()),
            Just("script".to_string()),
            Just("span".to_string()),
            Just("ก".to_string()),
            "[a-z ]{0,4}",
        ];
        prop::collection::vec(parts, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn total_shorter_utf8_idempotent(s in html()) {
            let once = minify(&s);
            prop_assert!(once.len() <= s.len());
            let once = String::from_utf8(once);
            prop_assert!(once.is_ok());
            let once = once.unwrap_or_default();
            prop_assert_eq!(&String::from_utf8(minify(&once)).unwrap_or_default(), &once);
        }

        #[test]
        fn any_string(s in any::<String>()) {
            prop_assert!(minify(&s).len() <= s.len());
        }
    }
}
