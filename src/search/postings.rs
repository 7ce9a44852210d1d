//! Posting lists as the shards hold them: per document, the gap from the previous document as
//! a base-64 varint and one character of flags (format in `mod.rs`); and the order of terms.

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// A term's documents (in order) with its flags in each.
pub type Postings = Vec<(u32, u8)>;

/// Append `v` in base-64 digits of 5 bits, most significant first; all but the last digit
/// carry the continuation bit (32).
fn push_varint(out: &mut String, mut v: u32) {
    let mut groups = [0u8; 7];
    let mut n = 0;
    loop {
        groups[n] = (v & 31) as u8;
        n += 1;
        v >>= 5;
        if v == 0 {
            break;
        }
    }
    for k in (0..n).rev() {
        let g = groups[k] | if k > 0 { 32 } else { 0 };
        out.push(B64[usize::from(g)] as char);
    }
}

/// A posting list: for each document, the gap from the previous one and the flags.
pub fn encode_postings(postings: &[(u32, u8)]) -> String {
    let mut out = String::with_capacity(postings.len() * 2);
    let mut prev = 0;
    for &(doc, flags) in postings {
        push_varint(&mut out, doc - prev);
        out.push(B64[usize::from(flags & 63)] as char);
        prev = doc;
    }
    out
}

/// Order of JavaScript strings (UTF-16 code units), which search.js bisects.
pub fn js_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// The value of a base-64 digit of [`B64`].
fn digit(c: u8) -> Option<u32> {
    Some(u32::from(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'-' => 62,
        b'_' => 63,
        _ => return None,
    }))
}

/// The postings [`encode_postings`] wrote (`serve` reads them back to change one document's).
/// Stops at the first character that is not base 64 (it never meets one in what it wrote).
pub fn decode_postings(s: &str) -> Postings {
    let mut out = Vec::with_capacity(s.len() / 2);
    let mut bytes = s.bytes();
    let mut prev = 0u32;
    'docs: loop {
        let mut gap = 0u32;
        loop {
            let Some(g) = bytes.next().and_then(digit) else {
                break 'docs;
            };
            gap = (gap << 5) | (g & 31);
            if g & 32 == 0 {
                break;
            }
        }
        let Some(flags) = bytes.next().and_then(digit) else {
            break;
        };
        prev += gap;
        out.push((prev, flags as u8));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints() {
        let mut s = String::new();
        push_varint(&mut s, 0);
        push_varint(&mut s, 31);
        push_varint(&mut s, 32);
        push_varint(&mut s, 1025);
        // 0 → A; 31 → f; 32 = 1·32 + 0 → h A; 1025 = 1·1024 + 0·32 + 1 → h g B.
        assert_eq!(s, "AfhAhgB");
        assert_eq!(encode_postings(&[(0, 1), (3, 9), (40, 4)]), "ABDJhFE");
    }

    #[test]
    fn postings_read_back() {
        let p = vec![(0, 1), (3, 9), (40, 4), (1025, 63), (70_000, 2)];
        assert_eq!(decode_postings(&encode_postings(&p)), p);
        assert_eq!(decode_postings(""), vec![]);
    }
}
