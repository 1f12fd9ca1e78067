//! Just enough XML for STS's answers: the text of the first element with a given name. STS's
//! documents are small, flat where we read them, and carry no CDATA or attributes we need.

pub fn element(doc: &str, name: &str) -> Option<String> {
    let open = format!("<{name}>");
    let start = doc.find(&open)? + open.len();
    let end = doc[start..].find(&format!("</{name}>"))? + start;
    Some(unescape(&doc[start..end]))
}

/// The raw inner text of every element named `name` at any depth, in order (not unescaped: each
/// is read further with [`element`] or [`elements`]). Elements of that name must not nest.
pub fn elements<'a>(doc: &'a str, name: &str) -> Vec<&'a str> {
    let (open, close) = (format!("<{name}>"), format!("</{name}>"));
    let mut out = Vec::new();
    let mut rest = doc;
    while let Some(start) = rest.find(&open) {
        let after = &rest[start + open.len()..];
        let Some(end) = after.find(&close) else { break };
        out.push(&after[..end]);
        rest = &after[end + close.len()..];
    }
    out
}

/// The direct children named `item` (EC2) or `member` (query) of a list element's inner text,
/// honouring nesting, so a list of structures that hold lists reads right.
pub fn children<'a>(list: &'a str, item: &str) -> Vec<&'a str> {
    let (open, close) = (format!("<{item}>"), format!("</{item}>"));
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(found) = list[i..].find(&open) {
        let start = i + found + open.len();
        let (mut depth, mut j) = (1, start);
        loop {
            let next_open = list[j..].find(&open).map(|p| p + j);
            let Some(next_close) = list[j..].find(&close).map(|p| p + j) else { return out };
            match next_open {
                Some(o) if o < next_close => {
                    depth += 1;
                    j = o + open.len();
                }
                _ => {
                    depth -= 1;
                    j = next_close + close.len();
                    if depth == 0 {
                        out.push(&list[start..next_close]);
                        break;
                    }
                }
            }
        }
        i = j;
    }
    out
}

/// The first element named `name` that is not inside a nested element of `skip` (for reading a
/// structure's own member when a child structure has a member of the same name).
pub fn own_element(doc: &str, name: &str, skip: &[&str]) -> Option<String> {
    let mut stripped = doc.to_owned();
    for s in skip {
        while let Some(start) = stripped.find(&format!("<{s}>")) {
            let close = format!("</{s}>");
            let Some(end) = stripped[start..].find(&close) else { break };
            stripped.replace_range(start..start + end + close.len(), "");
        }
    }
    element(&stripped, name)
}

pub fn unescape(s: &str) -> String {
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

    #[test]
    fn lists_read_their_direct_children() {
        let doc = "<set><item><id>1</id><zones><item>a</item><item>b</item></zones></item><item><id>2</id></item></set>";
        let set = element(doc, "set").unwrap();
        let items = children(&set, "item");
        assert_eq!(items.len(), 2);
        assert_eq!(children(&element(items[0], "zones").unwrap(), "item"), ["a", "b"]);
        assert_eq!(elements("<a><x>1</x><x>2</x></a>", "x"), ["1", "2"]);
        assert_eq!(own_element("<s><state>outer</state></s>", "state", &[]).as_deref(), Some("outer"));
        assert_eq!(own_element("<c><state>inner</state></c><state>outer</state>", "state", &["c"]).as_deref(), Some("outer"));
    }
}
