//! The stylesheets, from style/base.css and the one beside each component (src/ui/**/*.css), in
//! two files: what the sign-in page needs, inline in index.html, and the rest, which the page
//! adds once it has shown (with the console's chunk), so that it is not part of the first load.
//! Trunk's `pre_build` hook runs `write`; its `post_build` step names the later file after its
//! content and tells the page where it is (`publish_later`).

use crate::{root, Result};
use sha2::{Digest, Sha384};
use std::path::{Path, PathBuf};

/// The components the sign-in page shows. A new component's stylesheet goes to the later file
/// unless it is named here.
const SIGN_IN: [&str; 3] = ["src/ui/app_bar.css", "src/ui/region_picker.css", "src/ui/sign_in.css"];
/// Where `write` leaves them (index.html inlines the first and copies the second).
const FIRST: &str = "target/style/cks-console.css";
const LATER: &str = "target/style/later/cks-console-later.css";
/// The later file's name in the built site, before its content names it.
const LATER_STAGED: &str = "cks-console-later.css";
/// The `<meta>` the page reads the later file's address and integrity from.
pub const LATER_META: &str = "cks-later-styles";

fn component_sheets(dir: &Path, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            component_sheets(&path, found)?;
        } else if path.extension().is_some_and(|e| e == "css") {
            found.push(path);
        }
    }
    Ok(())
}

fn joined(paths: &[PathBuf]) -> Result<String> {
    let mut out = String::new();
    for path in paths {
        out.push_str(&std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?);
    }
    Ok(out)
}

/// base.css and the sign-in components' sheets, then every other sheet, each in a fixed order.
pub fn write() -> Result {
    let mut sheets = vec![];
    component_sheets(&root().join("src/ui"), &mut sheets).map_err(|e| format!("src/ui: {e}"))?;
    let relative = |p: &PathBuf| p.strip_prefix(root()).unwrap_or(p).to_string_lossy().replace('\\', "/");
    sheets.sort_by_key(relative);
    let (first, later): (Vec<PathBuf>, Vec<PathBuf>) = sheets.into_iter().partition(|p| SIGN_IN.contains(&relative(p).as_str()));
    let first = [vec![root().join("style/base.css")], first].concat();
    for (name, paths) in [(FIRST, &first), (LATER, &later)] {
        let path = root().join(name);
        std::fs::create_dir_all(path.parent().unwrap_or(&root())).map_err(|e| e.to_string())?;
        std::fs::write(&path, joined(paths)?).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// The staged later sheet renamed after its content, and index.html with the `<meta>` that
/// names it (under the public URL) and its SRI hash, just before `</head>`.
pub fn publish_later(staging: &Path, html: &str) -> Result<String> {
    let staged = staging.join(LATER_STAGED);
    let bytes = std::fs::read(&staged).map_err(|e| format!("{}: {e}", staged.display()))?;
    let digest = Sha384::digest(&bytes);
    let name = format!("cks-console-later-{}.css", digest.iter().take(8).map(|b| format!("{b:02x}")).collect::<String>());
    std::fs::rename(&staged, staging.join(&name)).map_err(|e| format!("{}: {e}", staged.display()))?;
    let public = crate::public_url();
    Ok(with_meta(html, &format!("{}/{name}", public.trim_end_matches('/')), &format!("sha384-{}", crate::csp::base64(&digest))))
}

fn with_meta(html: &str, href: &str, integrity: &str) -> String {
    let meta = format!("<meta name=\"{LATER_META}\" content=\"{href} {integrity}\" />\n  ");
    match html.find("</head>") {
        Some(at) => format!("{}{meta}{}", &html[..at], &html[at..]),
        None => html.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_learns_where_the_later_sheet_is_and_its_hash() {
        let html = with_meta("<html><head><title>t</title></head><body></body></html>", "/tools/cks/cks-console-later-0123.css", "sha384-abc");
        assert_eq!(
            html,
            "<html><head><title>t</title><meta name=\"cks-later-styles\" content=\"/tools/cks/cks-console-later-0123.css sha384-abc\" />\n  </head><body></body></html>"
        );
    }
}
