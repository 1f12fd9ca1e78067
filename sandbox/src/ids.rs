//! Deterministic ids and noise: the same seed always yields the same VPC, HSM, key and event ids
//! and the same metric values, so tests and screenshots can rely on them. Derived with SHA-256
//! (already a dependency for SigV4), which is plenty for fake ids.

use sha2::{Digest, Sha256};

/// 64 bytes of hash of `parts`, joined unambiguously.
fn digest(parts: &[&str]) -> Vec<u8> {
    let first = Sha256::digest(parts.join("\u{1f}").as_bytes());
    let mut out = first.to_vec();
    out.extend_from_slice(&Sha256::digest(first));
    out
}

/// `len` lowercase hex digits (at most 128).
pub fn hex(parts: &[&str], len: usize) -> String {
    let mut h = ::hex::encode(digest(parts));
    h.truncate(len);
    h
}

/// `len` characters from `[2-7a-z]`, as CloudHSM writes cluster, HSM and backup ids.
pub fn base32(parts: &[&str], len: usize) -> String {
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    digest(parts).iter().take(len).map(|b| ALPHABET[usize::from(b % 32)] as char).collect()
}

/// A version-4-shaped UUID, as KMS key ids and CloudTrail event ids look.
pub fn uuid(parts: &[&str]) -> String {
    let h = hex(parts, 32);
    let variant = ["8", "9", "a", "b"][usize::from(u8::from_str_radix(&h[16..17], 16).unwrap_or(0) % 4)];
    format!("{}-{}-4{}-{variant}{}-{}", &h[..8], &h[8..12], &h[13..16], &h[17..20], &h[20..32])
}

/// A number in [-1, 1], for jitter on generated metric values.
pub fn noise(parts: &[&str]) -> f64 {
    let d = digest(parts);
    let n = u32::from_be_bytes([d[0], d[1], d[2], d[3]]);
    f64::from(n) / f64::from(u32::MAX) * 2.0 - 1.0
}

/// An integer in [0, n).
pub fn below(parts: &[&str], n: u64) -> u64 {
    let d = digest(parts);
    u64::from_be_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]]) % n.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_well_formed() {
        assert_eq!(hex(&["a", "b"], 17), hex(&["a", "b"], 17));
        assert_ne!(hex(&["a", "b"], 17), hex(&["ab"], 17), "parts are kept apart");
        assert_eq!(hex(&["x"], 100).len(), 100);
        let id = base32(&["hsm"], 11);
        assert!(id.len() == 11 && id.chars().all(|c| c.is_ascii_lowercase() || ('2'..='7').contains(&c)), "{id}");
        let u = uuid(&["key", "1"]);
        let re = regex::Regex::new("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$").unwrap();
        assert!(re.is_match(&u), "{u}");
        assert!((0..200).all(|i| (-1.0..=1.0).contains(&noise(&[&i.to_string()]))));
        assert!((0..200).all(|i| below(&[&i.to_string()], 7) < 7));
    }
}
