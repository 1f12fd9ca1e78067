//! Trust anchor certificates: the SHA-256 fingerprint people compare against `customerCA.crt`.

use sha2::{Digest, Sha256};

/// `AB:CD:…` over the DER inside a PEM block, or `None` when the text is not base64 PEM.
pub fn sha256_fingerprint(pem: &str) -> Option<String> {
    let body: String = pem.lines().map(str::trim).filter(|l| !l.starts_with("-----") && !l.is_empty()).collect();
    let der = base64_decode(&body)?;
    if der.is_empty() {
        return None;
    }
    Some(Sha256::digest(&der).iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(":"))
}

fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let bytes = text.trim_end_matches('=').as_bytes();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            n |= value(*c)? << (18 - 6 * i);
        }
        let produced = match chunk.len() {
            4 => 3,
            3 => 2,
            2 => 1,
            _ => return None,
        };
        out.extend_from_slice(&n.to_be_bytes()[1..1 + produced]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_the_der_not_the_text() {
        // "hello" in base64, wrapped as PEM; its SHA-256 is well known.
        let pem = "-----BEGIN CERTIFICATE-----\naGVsbG8=\n-----END CERTIFICATE-----\n";
        assert_eq!(sha256_fingerprint(pem).unwrap(), "2C:F2:4D:BA:5F:B0:A3:0E:26:E8:3B:2A:C5:B9:E2:9E:1B:16:1E:5C:1F:A7:42:5E:73:04:33:62:93:8B:98:24");
        assert_eq!(sha256_fingerprint("not base64!"), None);
        assert_eq!(sha256_fingerprint("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----"), None);
    }
}
