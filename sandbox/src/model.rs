//! The shapes of AWS's service models (derived by `tools/gen_shapes.py` into `model/`), and
//! validation against them: inputs as KMS validates them (its ValidationException wording; the
//! other services word theirs from the same violations), and outputs strictly, so tests prove
//! every answer fits the model.

use regex::Regex;
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::OnceLock;

#[derive(Debug, Deserialize)]
pub struct ServiceShapes {
    pub operations: BTreeMap<String, OperationShapes>,
    pub shapes: BTreeMap<String, Shape>,
}

#[derive(Debug, Deserialize)]
pub struct OperationShapes {
    pub input: Option<String>,
    pub output: Option<String>,
    pub errors: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct Shape {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub members: BTreeMap<String, String>,
    #[serde(default)]
    pub required: Vec<String>,
    #[serde(default, rename = "enum")]
    pub values: Vec<String>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub pattern: Option<String>,
    #[serde(default)]
    pub sensitive: bool,
    pub member: Option<String>,
    /// A map's key and value shapes.
    pub key: Option<String>,
    pub value: Option<String>,
    /// EC2's `locationName` of each member that has one (its XML element and query key).
    #[serde(default)]
    pub locations: BTreeMap<String, String>,
}

/// One constraint a value breaks: where (`filters.states`, `maxResults`) and the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub path: String,
    pub message: String,
}

pub fn kms() -> &'static ServiceShapes {
    static KMS: OnceLock<ServiceShapes> = OnceLock::new();
    KMS.get_or_init(|| serde_json::from_str(include_str!("../model/kms-shapes.json")).expect("kms-shapes.json is valid"))
}

pub fn sts() -> &'static ServiceShapes {
    static STS: OnceLock<ServiceShapes> = OnceLock::new();
    STS.get_or_init(|| serde_json::from_str(include_str!("../model/sts-shapes.json")).expect("sts-shapes.json is valid"))
}

pub fn cloudhsmv2() -> &'static ServiceShapes {
    static HSM: OnceLock<ServiceShapes> = OnceLock::new();
    HSM.get_or_init(|| serde_json::from_str(include_str!("../model/cloudhsmv2-shapes.json")).expect("cloudhsmv2-shapes.json is valid"))
}

pub fn cloudwatch() -> &'static ServiceShapes {
    static CW: OnceLock<ServiceShapes> = OnceLock::new();
    CW.get_or_init(|| serde_json::from_str(include_str!("../model/cloudwatch-shapes.json")).expect("cloudwatch-shapes.json is valid"))
}

pub fn cloudtrail() -> &'static ServiceShapes {
    static CT: OnceLock<ServiceShapes> = OnceLock::new();
    CT.get_or_init(|| serde_json::from_str(include_str!("../model/cloudtrail-shapes.json")).expect("cloudtrail-shapes.json is valid"))
}

pub fn organizations() -> &'static ServiceShapes {
    static ORG: OnceLock<ServiceShapes> = OnceLock::new();
    ORG.get_or_init(|| serde_json::from_str(include_str!("../model/organizations-shapes.json")).expect("organizations-shapes.json is valid"))
}

pub fn iam() -> &'static ServiceShapes {
    static IAM: OnceLock<ServiceShapes> = OnceLock::new();
    IAM.get_or_init(|| serde_json::from_str(include_str!("../model/iam-shapes.json")).expect("iam-shapes.json is valid"))
}

pub fn ec2() -> &'static ServiceShapes {
    static EC2: OnceLock<ServiceShapes> = OnceLock::new();
    EC2.get_or_init(|| serde_json::from_str(include_str!("../model/ec2-shapes.json")).expect("ec2-shapes.json is valid"))
}

pub fn elbv2() -> &'static ServiceShapes {
    static ELB: OnceLock<ServiceShapes> = OnceLock::new();
    ELB.get_or_init(|| serde_json::from_str(include_str!("../model/elbv2-shapes.json")).expect("elbv2-shapes.json is valid"))
}

pub fn sns() -> &'static ServiceShapes {
    static SNS: OnceLock<ServiceShapes> = OnceLock::new();
    SNS.get_or_init(|| serde_json::from_str(include_str!("../model/sns-shapes.json")).expect("sns-shapes.json is valid"))
}

/// Model patterns that use look-around, which the regex crate lacks, with an equivalent. IAM's
/// account alias: `-(?!-)` forbids two hyphens in a row; the lengths (3–63) are the shape's own
/// min and max, checked beside the pattern.
const LOOKAROUND_EQUIVALENTS: [(&str, &str); 1] = [("^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$", "^[a-z0-9](?:-?[a-z0-9])+$")];

/// Patterns a model writes as a prefix only: cloudhsmv2's `VpcId` is `vpc-[0-9a-fA-F]`, yet real
/// ids carry 8 or 17 hex digits. These alone are matched at the start of the value, not whole.
const PREFIX_PATTERNS: [&str; 1] = ["vpc-[0-9a-fA-F]"];

/// A model pattern as a full-match Rust regex. Smithy patterns are unanchored, but KMS matches the
/// whole value; matching whole values is the stricter choice, so a client that passes here passes
/// there. Java's `\uXXXX` (up to six digits in the STS model) becomes `\u{XXXX}`.
fn compiled(pattern: &str) -> Regex {
    static CACHE: OnceLock<std::sync::Mutex<BTreeMap<String, Regex>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache.lock().unwrap_or_else(|p| p.into_inner());
    cache
        .entry(pattern.to_owned())
        .or_insert_with(|| {
            let escapes = Regex::new(r"\\u([0-9A-Fa-f]{4,6})").unwrap();
            let equivalent = LOOKAROUND_EQUIVALENTS.iter().find(|(model, _)| *model == pattern).map_or(pattern, |(_, rust)| rust);
            let rust = escapes.replace_all(equivalent, r"\u{$1}");
            let end = if PREFIX_PATTERNS.contains(&pattern) { "" } else { "$" };
            Regex::new(&format!("^(?:{rust}){end}")).unwrap_or_else(|e| panic!("model pattern {pattern}: {e}"))
        })
        .clone()
}

fn lower_camel(member: &str) -> String {
    let mut c = member.chars();
    c.next().map(|f| f.to_lowercase().chain(c).collect()).unwrap_or_default()
}

/// Errors found in a request, in KMS's ValidationException sentence form; `Err(None)` when the
/// JSON types do not fit at all (KMS then answers SerializationException).
pub fn validate_input(service: &ServiceShapes, shape: &str, input: &Value) -> Result<(), Option<String>> {
    let errors = input_violations(service, shape, input).map_err(|WrongTypes| None)?;
    if errors.is_empty() {
        return Ok(());
    }
    Err(Some(sentence(&errors)))
}

/// The JSON types of a request do not fit its shape at all (AWS: SerializationException).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WrongTypes;

/// Every constraint a request breaks, for services that pick their error by member.
pub fn input_violations(service: &ServiceShapes, shape: &str, input: &Value) -> Result<Vec<Violation>, WrongTypes> {
    let mut errors = Vec::new();
    check(service, shape, input, "", &mut errors, false).map_err(|()| WrongTypes)?;
    Ok(errors)
}

/// `N validation error(s) detected: …`, as AWS's Coral services word it.
pub fn sentence(errors: &[Violation]) -> String {
    let n = errors.len();
    let list: Vec<&str> = errors.iter().map(|v| v.message.as_str()).collect();
    format!("{n} validation error{} detected: {}", if n == 1 { "" } else { "s" }, list.join("; "))
}

/// Checks a response against the model, strictly: no member outside the shape, enums closed.
pub fn validate_output(service: &ServiceShapes, shape: &str, output: &Value) -> Result<(), String> {
    let mut errors = Vec::new();
    check(service, shape, output, "", &mut errors, true).map_err(|()| format!("{output} does not fit {shape}"))?;
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.into_iter().map(|v| v.message).collect::<Vec<_>>().join("; "))
    }
}

fn check(service: &ServiceShapes, name: &str, value: &Value, path: &str, errors: &mut Vec<Violation>, strict: bool) -> Result<(), ()> {
    let shape = &service.shapes[name];
    let shown = |v: &Value| if shape.sensitive { "Value".to_owned() } else { format!("Value '{}'", v.as_str().map_or_else(|| v.to_string(), str::to_owned)) };
    let at = |path: &str, message: String| Violation { path: path.to_owned(), message };
    let violation = |constraint: String| at(path, format!("{} at '{path}' failed to satisfy constraint: {constraint}", shown(value)));
    match shape.kind.as_str() {
        "structure" => {
            let object = value.as_object().ok_or(())?;
            for required in &shape.required {
                if object.get(required).is_none_or(Value::is_null) {
                    let member = join(path, required);
                    errors.push(at(&member, format!("Value null at '{member}' failed to satisfy constraint: Member must not be null")));
                }
            }
            for (member, v) in object {
                match shape.members.get(member) {
                    Some(target) if !v.is_null() => check(service, target, v, &join(path, member), errors, strict)?,
                    Some(_) => {}
                    None if strict => errors.push(at(&join(path, member), format!("'{}' is not a member of {name}", join(path, member)))),
                    None => {}
                }
            }
        }
        // Keys are data, not member names: the path keeps them as sent.
        "map" => {
            let entries = value.as_object().ok_or(())?;
            let (key, target) = (shape.key.as_deref().ok_or(())?, shape.value.as_deref().ok_or(())?);
            for (k, v) in entries {
                let entry = format!("{path}.{k}");
                check(service, key, &Value::String(k.clone()), &entry, errors, strict)?;
                check(service, target, v, &entry, errors, strict)?;
            }
            bounds(shape, entries.len() as f64, "length", &mut |c| errors.push(violation(c)));
        }
        "list" => {
            let items = value.as_array().ok_or(())?;
            let member = shape.member.as_deref().ok_or(())?;
            for (i, item) in items.iter().enumerate() {
                check(service, member, item, &format!("{path}.{}", i + 1), errors, strict)?;
            }
            bounds(shape, items.len() as f64, "length", &mut |c| errors.push(violation(c)));
        }
        "string" => {
            let s = value.as_str().ok_or(())?;
            if !shape.values.is_empty() && !shape.values.iter().any(|v| v == s) {
                errors.push(violation(format!("Member must satisfy enum value set: [{}]", shape.values.join(", "))));
                return Ok(());
            }
            bounds(shape, s.chars().count() as f64, "length", &mut |c| errors.push(violation(c)));
            if let Some(p) = &shape.pattern {
                if !compiled(p).is_match(s) {
                    errors.push(violation(format!("Member must satisfy regular expression pattern: {p}")));
                }
            }
        }
        "integer" | "long" => {
            let n = value.as_i64().ok_or(())?;
            bounds(shape, n as f64, "value", &mut |c| errors.push(violation(c)));
        }
        "boolean" => {
            value.as_bool().ok_or(())?;
        }
        // awsJson sends timestamps as epoch seconds.
        "timestamp" | "double" | "float" => {
            value.as_f64().ok_or(())?;
        }
        other => panic!("shape type {other} is not used by these operations"),
    }
    Ok(())
}

fn bounds(shape: &Shape, n: f64, what: &str, fail: &mut impl FnMut(String)) {
    if let Some(min) = shape.min.filter(|min| n < *min) {
        fail(format!("Member must have {what} greater than or equal to {min}"));
    }
    if let Some(max) = shape.max.filter(|max| n > *max) {
        fail(format!("Member must have {what} less than or equal to {max}"));
    }
}

fn join(path: &str, member: &str) -> String {
    if path.is_empty() {
        lower_camel(member)
    } else {
        format!("{path}.{}", lower_camel(member))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn inputs_get_kms_validation_messages() {
        let ok = json!({"CustomKeyStoreName": "a", "CloudHsmClusterId": "cluster-234abcdefgh", "KeyStorePassword": "kmsPswd1"});
        assert_eq!(validate_input(kms(), "CreateCustomKeyStoreRequest", &ok), Ok(()));
        let bad = json!({"CustomKeyStoreName": "", "CloudHsmClusterId": "cluster-1", "KeyStorePassword": "short",
                         "XksProxyAuthenticationCredential": {"AccessKeyId": "lower"}});
        let msg = validate_input(kms(), "CreateCustomKeyStoreRequest", &bad).unwrap_err().unwrap();
        assert!(msg.starts_with("7 validation errors detected: "), "{msg}");
        assert!(msg.contains("Value '' at 'customKeyStoreName' failed to satisfy constraint: Member must have length greater than or equal to 1"), "{msg}");
        assert!(
            msg.contains("Value at 'keyStorePassword' failed to satisfy constraint: Member must have length greater than or equal to 7"),
            "sensitive values are not echoed: {msg}"
        );
        assert!(
            msg.contains("Value null at 'xksProxyAuthenticationCredential.rawSecretAccessKey' failed to satisfy constraint: Member must not be null"),
            "{msg}"
        );
        assert!(
            msg.contains("'cloudHsmClusterId' failed to satisfy constraint: Member must satisfy regular expression pattern: cluster-[2-7a-zA-Z]{11,16}"),
            "{msg}"
        );
        assert_eq!(validate_input(kms(), "DescribeCustomKeyStoresRequest", &json!({"Limit": "ten"})), Err(None));
        let limit = validate_input(kms(), "DescribeCustomKeyStoresRequest", &json!({"Limit": 1001})).unwrap_err().unwrap();
        assert!(limit.contains("Member must have value less than or equal to 1000"), "{limit}");
    }

    #[test]
    fn outputs_are_checked_strictly() {
        let ok = json!({"CustomKeyStores": [{"CustomKeyStoreId": "cks-1", "ConnectionState": "CONNECTED", "CreationDate": 1.5E9}], "Truncated": false});
        assert_eq!(validate_output(kms(), "DescribeCustomKeyStoresResponse", &ok), Ok(()));
        let extra = json!({"CustomKeyStores": [{"Surprise": 1}]});
        assert!(validate_output(kms(), "DescribeCustomKeyStoresResponse", &extra).is_err());
        let bad_enum = json!({"CustomKeyStores": [{"ConnectionState": "HALF_CONNECTED"}]});
        assert!(validate_output(kms(), "DescribeCustomKeyStoresResponse", &bad_enum).is_err());
    }

    #[test]
    fn every_shape_of_every_service_is_checkable() {
        for service in [kms(), sts(), cloudhsmv2(), cloudwatch(), cloudtrail(), organizations(), iam()] {
            for (name, shape) in &service.shapes {
                assert!(
                    ["structure", "list", "map", "string", "integer", "long", "boolean", "timestamp", "double", "float"].contains(&shape.kind.as_str()),
                    "{name}"
                );
                if let Some(p) = &shape.pattern {
                    compiled(p);
                }
            }
        }
    }

    #[test]
    fn maps_doubles_and_prefix_patterns() {
        let filters = json!({"Filters": {"states": ["ACTIVE"], "bad key!": ["x"]}, "MaxResults": 26});
        let v = input_violations(cloudhsmv2(), "DescribeClustersRequest", &filters).unwrap();
        let paths: Vec<&str> = v.iter().map(|v| v.path.as_str()).collect();
        assert_eq!(paths, ["filters.bad key!", "maxResults"], "{v:?}");
        assert!(sentence(&v).starts_with("2 validation errors detected: "));
        assert_eq!(input_violations(cloudhsmv2(), "DescribeClustersRequest", &json!({"Filters": {"states": "ACTIVE"}})), Err(WrongTypes));
        let result = json!({"MetricDataResults": [{"Id": "m1", "Timestamps": [1.8e9], "Values": [1.5], "StatusCode": "Complete"}]});
        assert_eq!(validate_output(cloudwatch(), "GetMetricDataOutput", &result), Ok(()));
        assert!(validate_output(cloudwatch(), "GetMetricDataOutput", &json!({"MetricDataResults": [{"Values": ["1"]}]})).is_err());
        let vpc = |id: &str| validate_output(cloudhsmv2(), "Cluster", &json!({"VpcId": id}));
        assert_eq!(vpc("vpc-0123456789abcdef0"), Ok(()), "the model's VpcId pattern is a prefix");
        assert!(vpc("vpcx").is_err());
        assert!(validate_output(cloudhsmv2(), "Cluster", &json!({"ClusterId": "cluster-234abcdefgh-extra"})).is_err(), "others match whole");
    }

    #[test]
    fn account_aliases_and_organization_arns() {
        let alias = |a: &str| validate_output(iam(), "ListAccountAliasesResponse", &json!({"AccountAliases": [a]}));
        assert_eq!(alias("acme-security-hub"), Ok(()));
        for bad in ["acme--hub", "-acme", "acme-", "ab", "Acme"] {
            assert!(alias(bad).is_err(), "{bad}");
        }
        let account = |arn: &str| validate_output(organizations(), "Account", &json!({"Arn": arn}));
        assert_eq!(account("arn:aws:organizations::111122223333:account/o-111122223333/444455556666"), Ok(()));
        assert!(account("arn:aws:organizations::111122223333:account/o-1/444455556666").is_err());
    }

    #[test]
    fn sts_patterns_with_long_unicode_escapes_compile() {
        let ok = json!({"RoleArn": "arn:aws:iam::444455556666:role/KeyStoreOperator", "RoleSessionName": "console"});
        assert_eq!(validate_input(sts(), "AssumeRoleRequest", &ok), Ok(()));
        let bad = json!({"RoleArn": "arn:aws:iam::444455556666:role/KeyStoreOperator", "RoleSessionName": "has space"});
        assert!(validate_input(sts(), "AssumeRoleRequest", &bad).is_err());
    }
}
