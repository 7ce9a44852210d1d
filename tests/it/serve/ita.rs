//! The ITA pages in `serve`: which rules each record matches is kept between saves (src/ita/
//! matched.rs), so a title edit that makes a record start or stop matching a rule must still
//! show on `/ita/<year>/`, and the folder must equal a clean build.

use super::{get, news, one_rebuild, page, same_as_clean_build, start, write_site};

#[test]
fn title_edits_that_start_or_stop_an_ita_match_equal_a_clean_build() {
    let tmp = tempfile::tempdir().unwrap();
    let (root, out) = (tmp.path().join("site"), tmp.path().join("out"));
    // News of 2025-01-15: fiscal year 2568. Item O21 of ITA 2568 takes news whose title says
    // "No Gift" or "ไม่รับของขวัญ" (themes/default/oit/ita-2568.toml).
    write_site(&root, 4);
    let s = start(&root, &out);
    let ita = || {
        let (status, body) = get(s.port, "/ita/2568/");
        assert_eq!(status, 200);
        body
    };
    assert!(!ita().contains("/news/n1/"), "no record matches yet");
    // Starts matching: spaces and case differ from the rule's text.
    one_rebuild(&s, || news(&root, "n1", "กิจกรรม no  gift ของเทศบาล"));
    assert!(page(&s, "/news/n1/").contains("กิจกรรม no  gift"));
    assert!(ita().contains("/news/n1/"), "the edited title matches O21");
    same_as_clean_build(tmp.path(), &root, &out, s.port);
    // In one save one record stops matching and another starts.
    one_rebuild(&s, || {
        news(&root, "n1", "ข่าวกิจกรรมทั่วไป");
        news(&root, "n2", "ประกาศไม่รับของขวัญ");
    });
    let map = ita();
    assert!(!map.contains("/news/n1/"), "n1 no longer matches");
    assert!(map.contains("/news/n2/"), "n2 matches now");
    // An edit of a record that matches nothing leaves the match of another where it was.
    one_rebuild(&s, || news(&root, "n3", "ข่าวที่สามแก้ไข"));
    assert!(
        ita().contains("/news/n2/"),
        "an unchanged record keeps its match"
    );
    same_as_clean_build(tmp.path(), &root, &out, s.port);
}
