//! Just enough XML for STS's answers: the text of the first element with a given name. STS's
//! documents are small, flat where we read them, and carry no CDATA or attributes we need.

pub fn element(doc: &str, name: &str) -> Option<String> {
    let open = format!("<{name}>");
    let start = doc.find(&open)? + open.len();
    let end = doc[start..].find(&format!("</{name}>"))? + start;
    Some(unescape(&doc[start..end]))
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_elements_and_unescapes() {
        let doc = "<R><A>x &amp; y</A><B></B><A>second</A></R>";
        assert_eq!(element(doc, "A").as_deref(), Some("x & y"));
        assert_eq!(element(doc, "B").as_deref(), Some(""));
        assert_eq!(element(doc, "C"), None);
        assert_eq!(element("<A>unclosed", "A"), None);
    }
}
