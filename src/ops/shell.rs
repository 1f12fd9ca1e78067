//! POSIX shell quoting, so a generated line is safe to paste: a word of plain characters stays as
//! it is, anything else goes in single quotes, a single quote inside written `'\''`.

/// Characters that need no quoting in any POSIX shell.
fn plain(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_@%+=:,./-".contains(c)
}

/// `word` as one shell word.
pub fn quote(word: &str) -> String {
    if !word.is_empty() && word.chars().all(plain) {
        word.to_owned()
    } else {
        always(word)
    }
}

/// `word` in single quotes even when it needs none (JSON reads better quoted).
pub fn always(word: &str) -> String {
    format!("'{}'", word.replace('\'', r"'\''"))
}

/// A shell variable's expansion, double-quoted so its value stays one word, whatever it holds.
pub fn variable(name: &str) -> String {
    format!("\"${name}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_needs_it() {
        assert_eq!(quote("cks-1234567890abcdef0"), "cks-1234567890abcdef0");
        assert_eq!(quote("https://kms.eu-west-1.amazonaws.com/"), "https://kms.eu-west-1.amazonaws.com/");
        assert_eq!(quote(""), "''");
        assert_eq!(quote("my store"), "'my store'");
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote("$(rm -rf /)"), "'$(rm -rf /)'");
        assert_eq!(quote("a\nb"), "'a\nb'");
        assert_eq!(always("x"), "'x'");
        assert_eq!(variable("KMSUSER_PASSWORD"), "\"$KMSUSER_PASSWORD\"");
    }
}
