//! The part of CloudWatch's metric math a console needs to watch many stores at once: one
//! `SEARCH`, optionally inside one aggregate.
//!
//! ```text
//! expression := [AGG "("] search [")"]            AGG: SUM | MAX | MIN | AVG
//! search     := "SEARCH(" "'" query "'" "," "'" statistic "'" "," period ")"
//! query      := "{" namespace ("," dimension-name)* "}" (key "=" value)*
//! value      := "\"" text "\"" | text-without-spaces
//! ```
//!
//! The braces give the namespace and the exact dimension set a metric must have (CloudWatch's
//! schema); `MetricName="…"` and `Dimension="…"` terms must all match exactly. Whitespace is free
//! between tokens; dimension names in the braces may be double-quoted.

use super::series::Stat;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aggregate {
    Sum,
    Max,
    Min,
    Avg,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Search {
    pub namespace: String,
    pub schema: Vec<String>,
    /// `MetricName` or a dimension name, and the value it must have.
    pub terms: Vec<(String, String)>,
    pub stat: Stat,
    pub period: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expression {
    pub aggregate: Option<Aggregate>,
    pub search: Search,
}

struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        &self.text[self.at..]
    }

    fn skip_ws(&mut self) {
        self.at = self.text.len() - self.rest().trim_start().len();
    }

    /// Consumes `token` (after optional whitespace) or says what was expected.
    fn expect(&mut self, token: &str) -> Result<(), String> {
        self.skip_ws();
        if self.rest().starts_with(token) {
            self.at += token.len();
            Ok(())
        } else {
            Err(format!("expected {token} at position {}", self.at + 1))
        }
    }

    /// Text up to the next `end`, which is consumed.
    fn until(&mut self, end: char) -> Result<&'a str, String> {
        let rest = self.rest();
        let n = rest.find(end).ok_or_else(|| format!("unterminated: no closing {end}"))?;
        self.at += n + end.len_utf8();
        Ok(&rest[..n])
    }

    fn quoted(&mut self, quote: char) -> Result<&'a str, String> {
        self.expect(&quote.to_string())?;
        self.until(quote)
    }
}

pub fn parse(expression: &str) -> Result<Expression, String> {
    let mut c = Cursor { text: expression, at: 0 };
    c.skip_ws();
    let aggregate = [("SUM", Aggregate::Sum), ("MAX", Aggregate::Max), ("MIN", Aggregate::Min), ("AVG", Aggregate::Avg)]
        .into_iter()
        .find(|(name, _)| c.rest().strip_prefix(name).is_some_and(|r| r.trim_start().starts_with('(')))
        .map(|(name, agg)| {
            c.at += name.len();
            agg
        });
    if aggregate.is_some() {
        c.expect("(")?;
    }
    c.expect("SEARCH")?;
    c.expect("(")?;
    let query = c.quoted('\'')?;
    c.expect(",")?;
    let stat_text = c.quoted('\'')?;
    let stat = Stat::parse(stat_text).ok_or_else(|| format!("{stat_text} is not a statistic the sandbox knows"))?;
    c.expect(",")?;
    c.skip_ws();
    let digits: String = c.rest().chars().take_while(char::is_ascii_digit).collect();
    c.at += digits.len();
    let period: i64 = digits.parse().map_err(|_| format!("expected a period in seconds at position {}", c.at + 1))?;
    c.expect(")")?;
    if aggregate.is_some() {
        c.expect(")")?;
    }
    c.skip_ws();
    if !c.rest().is_empty() {
        return Err(format!("unexpected {} at position {}", c.rest(), c.at + 1));
    }
    let (namespace, schema, terms) = parse_query(query)?;
    Ok(Expression { aggregate, search: Search { namespace, schema, terms, stat, period } })
}

type Query = (String, Vec<String>, Vec<(String, String)>);

fn parse_query(query: &str) -> Result<Query, String> {
    let mut c = Cursor { text: query, at: 0 };
    c.expect("{").map_err(|_| "the search must begin with {Namespace,DimensionName,...}".to_owned())?;
    let inside = c.until('}')?;
    let mut names = inside.split(',').map(|n| n.trim().trim_matches('"').to_owned());
    let namespace = names.next().filter(|n| !n.is_empty()).ok_or("the braces must name a namespace")?;
    let schema: Vec<String> = names.collect();
    if schema.iter().any(String::is_empty) {
        return Err("an empty dimension name in the braces".into());
    }
    let mut terms = Vec::new();
    loop {
        c.skip_ws();
        if c.rest().is_empty() {
            break;
        }
        let key = c.until('=').map_err(|_| format!("expected Key=\"value\" at {}", c.rest()))?.trim();
        if key.is_empty() || key.contains(char::is_whitespace) {
            return Err(format!("expected Key=\"value\", found {key}"));
        }
        c.skip_ws();
        let value = if c.rest().starts_with('"') {
            c.quoted('"')?.to_owned()
        } else {
            let word: String = c.rest().chars().take_while(|ch| !ch.is_whitespace()).collect();
            c.at += word.len();
            word
        };
        if value.is_empty() {
            return Err(format!("{key} has no value"));
        }
        terms.push((key.trim_matches('"').to_owned(), value));
    }
    Ok((namespace, schema, terms))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_grammar() {
        let e = parse(r#"SUM(SEARCH('{AWS/KMS,CustomKeyStoreId,KmsOperation,XksOperation,KeySpec,ErrorType,ExceptionName} MetricName="XksProxyErrors" ErrorType="Retryable"', 'Sum', 300))"#).unwrap();
        assert_eq!(e.aggregate, Some(Aggregate::Sum));
        assert_eq!(e.search.namespace, "AWS/KMS");
        assert_eq!(e.search.schema.len(), 6);
        assert_eq!(e.search.terms, [("MetricName".to_owned(), "XksProxyErrors".to_owned()), ("ErrorType".to_owned(), "Retryable".to_owned())]);
        assert_eq!((e.search.stat, e.search.period), (Stat::Sum, 300));
        let plain = parse(r#"  SEARCH( '{AWS/KMS, "CustomKeyStoreId"} MetricName=XksProxyCredentialAge' , 'p99' , 60 ) "#).unwrap();
        assert_eq!((plain.aggregate, plain.search.stat, plain.search.schema[0].as_str()), (None, Stat::Percentile(99.0), "CustomKeyStoreId"));
    }

    #[test]
    fn refuses_what_it_does_not_understand() {
        for bad in [
            "m1 + m2",
            "SEARCH('{AWS/KMS} MetricName=\"X\"', 'Sum')",
            "SEARCH('MetricName=\"X\"', 'Sum', 300)",
            "SEARCH('{AWS/KMS} MetricName=\"X\"', 'Median', 300)",
            "SUM(SEARCH('{AWS/KMS} MetricName=\"X\"', 'Sum', 300)",
            "SEARCH('{AWS/KMS} partial', 'Sum', 300)",
            "RATE(SEARCH('{AWS/KMS}', 'Sum', 300))",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
