//! How the index is cut into files so that a rebuild after a small change (`serve`, one saved
//! record) rewrites few of them. Every shard and document file is named by a hash of what it
//! holds, so a file whose bytes do not change keeps its path (and `serve`, which skips a file
//! whose path and bytes are unchanged, does not write it again), while a changed file gets a new
//! path: a browser never mixes a cached old file with a newer manifest or the reverse. The
//! manifest, which lists them all, is named by a hash of its own bytes (`super::manifest_path`),
//! so it too changes only when what the index holds changes.
//!
//! Shard boundaries are content-defined: once the current shard holds [`SHARD_MIN`] bytes, a
//! shard may start at a term chosen by a hash of the term, with a chance proportional to the
//! length of the term's line (one in [`CUT_BYTES`] bytes: lines run from a few bytes, for a
//! number found once, to tens of kilobytes, for a common word); it must start once the shard
//! holds [`SHARD_MAX`]. A posting list that grows or shrinks therefore moves no boundary far
//! away from it, and the shards after it keep their bytes; cutting every N bytes instead would
//! shift every later boundary.

use sha2::{Digest, Sha256};

/// A shard may close once its text holds this many bytes…
pub const SHARD_MIN: usize = 6 * 1024;
/// …before a term chosen with a chance of (its line's length / this)…
pub const CUT_BYTES: u64 = 4096;
/// …and must close once it holds this many (a single long line may still exceed it).
pub const SHARD_MAX: usize = 24 * 1024;

/// Documents per block: a document file's name carries the hash of its block, so the manifest
/// lists one hash per block rather than one per document.
pub const DOC_BLOCK: usize = 64;

/// The name of some content: 12 hex digits of its SHA-256 (48 bits).
pub fn content_name(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        // Lengths first, so that different splits of the same bytes differ.
        h.update((p.len() as u64).to_le_bytes());
        h.update(p);
    }
    crate::digest::hex(&h.finalize()[..6])
}

/// FNV-1a (64 bits) of a term: the boundary test must give the same answer on every machine
/// and in every version, which a general-purpose hasher does not promise.
fn term_hash(t: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in t.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Whether a shard may start at `term`, whose line is `len` bytes long: the hash's top 32 bits
/// read as a fraction below `len / CUT_BYTES`.
fn chosen(term: &str, len: usize) -> bool {
    u128::from(term_hash(term) >> 32) * u128::from(CUT_BYTES) < (len as u128) << 32
}

/// Where each shard starts, as indexes into `lines` (term, length of its line in bytes), which
/// are in index order. The first shard starts at 0; there is always at least one shard.
pub fn shard_starts(lines: &[(&str, usize)]) -> Vec<usize> {
    let mut starts = vec![0];
    let mut size = 0;
    for (i, &(term, len)) in lines.iter().enumerate() {
        let cut = size >= SHARD_MAX || (size >= SHARD_MIN && chosen(term, len));
        if i > 0 && cut {
            starts.push(i);
            size = 0;
        }
        size += len;
    }
    starts
}

/// The path of document `n` under the index folder, given the hash of its block.
pub fn doc_path(n: usize, block: &str) -> String {
    format!("d/{n}-{block}.json")
}

/// The path of a shard with content name `name`.
pub fn shard_path(name: &str) -> String {
    format!("s/{name}.txt")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(n: usize, len: impl Fn(usize) -> usize) -> Vec<(String, usize)> {
        (0..n).map(|i| (format!("term{i:06}"), len(i))).collect()
    }

    fn starts_of(l: &[(String, usize)]) -> Vec<usize> {
        let v: Vec<(&str, usize)> = l.iter().map(|(t, n)| (t.as_str(), *n)).collect();
        shard_starts(&v)
    }

    #[test]
    fn shards_are_bounded() {
        assert_eq!(shard_starts(&[]), vec![0]);
        let l = lines(20_000, |i| 10 + i % 200);
        let s = starts_of(&l);
        for w in s.windows(2) {
            let size: usize = l[w[0]..w[1]].iter().map(|x| x.1).sum();
            // At most SHARD_MAX plus the line that crossed it.
            assert!((SHARD_MIN..SHARD_MAX + 210).contains(&size), "{size}");
        }
    }

    #[test]
    fn a_longer_line_moves_no_far_boundary() {
        let before = lines(20_000, |i| 10 + i % 200);
        let mut after = before.clone();
        // One posting list grows (a document added to a term)…
        after[3_000].1 += 40;
        // …and a term appears.
        after.insert(9_000, ("term009000a".into(), 30));
        let (a, b) = (starts_of(&before), starts_of(&after));
        // Boundaries well after the changes are the same terms.
        let far = |s: &[usize], l: &[(String, usize)]| -> Vec<String> {
            s.iter()
                .map(|&i| l[i].0.clone())
                .filter(|t| t.as_str() > "term010000")
                .collect()
        };
        assert_eq!(far(&a, &before), far(&b, &after));
        let near = |s: &[usize], l: &[(String, usize)]| -> Vec<String> {
            s.iter()
                .map(|&i| l[i].0.clone())
                .filter(|t| t.as_str() < "term002900")
                .collect()
        };
        assert_eq!(near(&a, &before), near(&b, &after));
    }

    #[test]
    fn names_follow_content() {
        let a = content_name(&[b"ab", b"c"]);
        assert_eq!(a, content_name(&[b"ab", b"c"]));
        assert_ne!(a, content_name(&[b"a", b"bc"]));
        assert_eq!(a.len(), 12);
        assert!(a.bytes().all(|b| b.is_ascii_hexdigit()));
    }
}
