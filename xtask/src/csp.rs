//! The Content-Security-Policy, put into the built `index.html` as a `<meta>` so that it holds on
//! any static host. Trunk's loader is an inline module script whose text changes with each build's
//! file hashes, so the policy allows exactly that script by its SHA-256, never 'unsafe-inline'.
//! `frame-ancestors` only works as a header: README gives the header form for hosts that can.

use sha2::{Digest, Sha256};

/// Everything but `script-src`'s hash. `connect-src` is what the endpoint override accepts:
/// https anywhere, plain http on loopback only: 127.0.0.1 and localhost. Not `[::1]`: Chromium
/// accepts no IPv6 address in a source (`http://[::1]:*`, `http://[::1]`, `http://[::1]:9780` and
/// the uncompressed form are each "an invalid source", ignored with a console error on every
/// load), so the endpoint check refuses plain http to [::1] in words instead.
pub const POLICY: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval' {hash}; style-src 'self' {style_hash}; img-src 'self' data:; \
connect-src https: http://127.0.0.1:* http://localhost:*; base-uri 'none'; form-action 'none'";

pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The policy for a page whose inline scripts are `scripts` and inline stylesheets `styles`.
pub fn policy_for(scripts: &[&str], styles: &[&str]) -> String {
    let hashes = |texts: &[&str]| texts.iter().map(|s| format!("'sha256-{}'", base64(&Sha256::digest(s.as_bytes())))).collect::<Vec<_>>().join(" ");
    POLICY.replace("{hash}", &hashes(scripts)).replace(" {style_hash}", &if styles.is_empty() { String::new() } else { format!(" {}", hashes(styles)) })
}

/// The text of every inline `<tag>` (one without `src`): `script` or `style`.
fn inline<'a>(html: &'a str, tag: &str) -> Vec<&'a str> {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut found = vec![];
    let mut rest = html;
    while let Some(start) = rest.find(&open) {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else { break };
        let attributes = &after[..open_end];
        let body = &after[open_end + 1..];
        let Some(end) = body.find(&close) else { break };
        if !attributes.contains(" src=") {
            found.push(&body[..end]);
        }
        rest = &body[end..];
    }
    found
}

/// `html` without its comments: they explain index.html to whoever edits it, and every byte of
/// the first load counts.
fn without_comments(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        out.push_str(rest[..start].trim_end_matches([' ', '\t']));
        match rest[start..].find("-->") {
            Some(end) => rest = rest[start + end + 3..].strip_prefix('\n').unwrap_or(&rest[start + end + 3..]),
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

pub fn apply() -> Result<(), String> {
    let path = crate::staging_dir()?.join("index.html");
    let html = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    if html.contains("Content-Security-Policy") {
        return write_header_conf(&html);
    }
    // The loader first: the policy allows it by its hash.
    let html = crate::wasm::loader(&crate::staging_dir()?, &html)?;
    let html = crate::styles::publish_later(&crate::staging_dir()?, &html)?;
    // The page must run to render its form: written out with its loader first.
    std::fs::write(&path, &html).map_err(|e| format!("{}: {e}", path.display()))?;
    let html = without_comments(&crate::prerender::apply(&crate::staging_dir()?, &crate::public_url(), &html)?);
    let policy = policy_for(&inline(&html, "script"), &inline(&html, "style"));
    let meta = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\" />");
    let at = html.find("<meta charset=\"utf-8\" />").map(|i| i + "<meta charset=\"utf-8\" />".len()).ok_or("index.html has no <meta charset>")?;
    let out = format!("{}\n    {meta}{}", &html[..at], &html[at..]);
    std::fs::write(&path, &out).map_err(|e| format!("{}: {e}", path.display()))?;
    write_header_conf(&out)
}

/// The name of the file, beside `index.html`, that holds the header form of the policy as an nginx
/// directive (hosting/nginx/ includes it; README: S3 + CloudFront take the quoted value).
pub const HEADER_CONF: &str = "csp-header.conf";

/// The policy of the page's `<meta>` as the header a host sends: the same directives, and
/// `frame-ancestors 'none'`, which only a header can carry.
pub fn header_policy(html: &str) -> Option<String> {
    let key = "http-equiv=\"Content-Security-Policy\" content=\"";
    let start = html.find(key)? + key.len();
    let end = start + html[start..].find('"')?;
    Some(format!("{}; frame-ancestors 'none'", &html[start..end]))
}

/// `add_header Content-Security-Policy "<the header policy>" always;`, for nginx's `include`.
pub fn header_conf(html: &str) -> Option<String> {
    let policy = header_policy(html)?;
    Some(format!(
        "# Written by the build (cargo xtask csp): this build's Content-Security-Policy as a header, the same as\n\
         # index.html's <meta> plus frame-ancestors. Included by hosting/nginx/*.conf.\n\
         add_header Content-Security-Policy \"{policy}\" always;\n"
    ))
}

fn write_header_conf(html: &str) -> Result<(), String> {
    let conf = header_conf(html).ok_or("index.html has no Content-Security-Policy <meta>")?;
    let path = crate::staging_dir()?.join(HEADER_CONF);
    std::fs::write(&path, conf).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_leave_the_built_page() {
        let html = "<head>\n    <!-- why\n   this is here -->\n    <link rel=\"icon\" />\n</head>";
        assert_eq!(without_comments(html), "<head>\n    <link rel=\"icon\" />\n</head>");
        assert_eq!(without_comments("<p>a</p><!-- unterminated"), "<p>a</p>");
    }

    #[test]
    fn the_header_conf_is_the_meta_policy_with_frame_ancestors() {
        let html = r#"<meta charset="utf-8" />
    <meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' 'sha256-a+b/c='" />"#;
        let conf = header_conf(html).unwrap();
        let directive = conf.lines().find(|l| !l.starts_with('#')).unwrap();
        assert_eq!(directive, "add_header Content-Security-Policy \"default-src 'none'; script-src 'self' 'sha256-a+b/c='; frame-ancestors 'none'\" always;");
        assert_eq!(header_conf("<html></html>"), None);
    }

    #[test]
    fn base64_of_known_values() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn the_policy_names_the_inline_loader_by_hash_and_nothing_unsafe() {
        let html = "<script type=\"module\">\nimport init from '/a.js';\n</script><script src=\"/b.js\"></script>";
        assert_eq!(inline(html, "script"), ["\nimport init from '/a.js';\n"]);
        let policy = policy_for(&inline(html, "script"), &[]);
        // The same digest from Python's hashlib and base64.
        assert!(policy.contains("'sha256-nmdLyQ6u69OUSoW4i7ADiAWaKqSloTkmbl/K96XORko='"), "{policy}");
        assert!(!policy.contains("unsafe-inline") && !policy.contains("'unsafe-eval'"));
        assert!(policy.starts_with("default-src 'none'"));
        assert!(!policy.contains('['), "no IPv6 source: Chromium rejects every form of it (and logs an error on each load)");
        assert!(policy.contains("style-src 'self'; "), "{policy}");
    }

    #[test]
    fn an_inline_stylesheet_is_allowed_by_its_hash_alone() {
        let html = "<style>p{color:red}</style><script>x</script>";
        assert_eq!(inline(html, "style"), ["p{color:red}"]);
        let policy = policy_for(&inline(html, "script"), &inline(html, "style"));
        let styles = policy.split("; ").find(|d| d.starts_with("style-src")).unwrap();
        assert_eq!(styles, format!("style-src 'self' 'sha256-{}'", base64(&Sha256::digest(b"p{color:red}"))));
    }
}
