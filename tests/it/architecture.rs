//! The pipeline's one-way rule (docs/architecture.md): a module may use only modules of lower
//! layers, and the writers (`render`, `data`, `feeds`, `search`) not each other. The test fails
//! on any import against it not listed in `KNOWN` (empty), and on a listed one that is gone.

use std::collections::BTreeSet;
use std::path::Path;

/// Each top-level module and its layer, lowest first.
const LAYERS: &[(&str, u8)] = &[
    ("thai", 0),
    ("error", 0),
    ("untrusted", 0),
    ("cputime", 0),
    ("source", 0),
    ("guard", 0),
    ("browser", 0),
    ("digest", 0),
    ("config", 1),
    ("content", 2),
    ("site", 3),
    ("ita", 3),
    ("render", 4),
    ("data", 4),
    ("feeds", 4),
    ("search", 4),
    ("output", 5),
    ("serve", 6),
    ("deploy", 6),
    ("import", 6),
    ("scaffold", 6),
    ("cli", 7),
];

/// Imports that break the rule, as debts to pay: none since issue 19. Keep the list (and the
/// check that it only shrinks) for a change that must land before its clean-up.
const KNOWN: &[(&str, &str)] = &[];

fn layer(m: &str) -> Option<u8> {
    LAYERS.iter().find(|(n, _)| *n == m).map(|(_, l)| *l)
}

/// The modules `crate::…` names in the files of module `m`.
fn imports(src: &Path, m: &str) -> BTreeSet<String> {
    // A module is `src/m.rs`, `src/m/` (with `mod.rs`), or both (`src/config.rs` with its
    // submodules in `src/config/`): read every file of either.
    let mut files = Vec::new();
    let dir = src.join(m);
    if dir.is_dir() {
        for e in walkdir::WalkDir::new(&dir).into_iter().flatten() {
            if e.path().extension().is_some_and(|x| x == "rs") {
                files.push(e.path().to_path_buf());
            }
        }
    }
    let file = src.join(format!("{m}.rs"));
    if file.is_file() {
        files.push(file);
    }
    assert!(!files.is_empty(), "module {m}: no src/{m}.rs nor src/{m}/");
    let mut out = BTreeSet::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        for (i, _) in text.match_indices("crate::") {
            let name: String = text[i + 7..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if name != m && layer(&name).is_some() {
                out.insert(name);
            }
        }
    }
    out
}

#[test]
fn every_module_has_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for e in std::fs::read_dir(&src).expect("src").flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let m = name.trim_end_matches(".rs");
        if matches!(m, "lib" | "main") || e.path().extension().is_some_and(|x| x != "rs") {
            continue;
        }
        assert!(
            layer(m).is_some(),
            "src/{name}: give the module a layer in tests/it/architecture.rs and docs/architecture.md"
        );
    }
}

#[test]
fn imports_only_go_down_the_pipeline() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let writers = ["render", "data", "feeds", "search"];
    let mut broken = BTreeSet::new();
    for (m, l) in LAYERS {
        for to in imports(&src, m) {
            let lt = layer(&to).unwrap_or(0);
            let sideways = writers.contains(m) && writers.contains(&to.as_str());
            if lt > *l || sideways {
                broken.insert((m.to_string(), to));
            }
        }
    }
    let known: BTreeSet<(String, String)> = KNOWN
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    let new: Vec<_> = broken.difference(&known).collect();
    assert!(
        new.is_empty(),
        "imports against the pipeline (docs/architecture.md): {new:?}"
    );
    let gone: Vec<_> = known.difference(&broken).collect();
    assert!(
        gone.is_empty(),
        "fixed, well done: remove these from KNOWN in tests/it/architecture.rs: {gone:?}"
    );
}
