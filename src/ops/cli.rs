//! The AWS CLI command for a request the console makes or offers, derived from the request's own
//! JSON input as the CLI derives its options from the model: member `CustomKeyStoreId` becomes
//! `--custom-key-store-id`, a string or number is one word, a structure, map or list is JSON.
//! Global options follow: `--region`, `--endpoint-url` when the endpoint is overridden,
//! `--profile` for an account added from a `~/.aws/config` profile.
//!
//! Secrets never appear: `KeyStorePassword` and the proxy's `RawSecretAccessKey` are read into
//! shell variables by a line before the command (an MFA code too, which is spent once used).
//!
//! Paging members are the CLI's own business: it follows `Marker`/`NextToken` itself (so those
//! are left out) and takes a page limit as `--page-size` (a `--limit` given by name would turn
//! its paging off and return one page).

use super::shell::{always, quote, variable};
use crate::aws::assume_role::AssumeRoleInput;
use crate::aws::assume_role::{assume_role_params, AssumeRoleExtras};
use crate::fleet::accounts::MemberAccount;
use crate::health;
use crate::kms::client::DESCRIBE_PAGE_LIMIT;
use crate::kms::model::DescribeCustomKeyStoresRequest;
use crate::kms::operation::Operation;
use serde::Serialize;
use serde_json::{Map, Value};

/// The services the console calls, by the CLI's command names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Service {
    Kms,
    Sts,
    CloudHsm,
    CloudWatch,
    CloudTrail,
}

impl Service {
    /// `aws <this> ...`.
    pub fn cli_name(self) -> &'static str {
        match self {
            Self::Kms => "kms",
            Self::Sts => "sts",
            Self::CloudHsm => "cloudhsmv2",
            Self::CloudWatch => "cloudwatch",
            Self::CloudTrail => "cloudtrail",
        }
    }

    /// The IAM action prefix (`cloudhsm:`, `cloudwatch:`).
    pub fn iam_prefix(self) -> &'static str {
        match self {
            Self::CloudHsm => "cloudhsm",
            other => other.cli_name(),
        }
    }
}

/// Where a command goes: the account (by its profile, when it has one) and Region.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Target {
    pub region: String,
    /// Only when the console's endpoint for the service is overridden (a sandbox, a VPC endpoint).
    pub endpoint_url: Option<String>,
    /// The `~/.aws/config` profile the account was added from.
    pub profile: Option<String>,
}

impl Target {
    pub fn new(region: impl Into<String>) -> Self {
        Self { region: region.into(), ..Self::default() }
    }

    /// A member account in `region`, with `--profile` when it came from a profile.
    pub fn for_account(account: &MemberAccount, region: impl Into<String>) -> Self {
        Self { region: region.into(), endpoint_url: None, profile: account.profile.clone() }
    }

    pub fn endpoint(mut self, endpoint_url: Option<&str>) -> Self {
        self.endpoint_url = endpoint_url.filter(|u| !u.is_empty()).map(str::to_owned);
        self
    }

    pub fn profile(mut self, profile: Option<&str>) -> Self {
        self.profile = profile.filter(|p| !p.is_empty()).map(str::to_owned);
        self
    }

    /// `--region R [--endpoint-url U] [--profile P]`, each word quoted.
    pub fn global_options(&self) -> Vec<String> {
        let mut words = vec!["--region".to_owned(), quote(&self.region)];
        if let Some(url) = &self.endpoint_url {
            words.extend(["--endpoint-url".to_owned(), quote(url)]);
        }
        if let Some(profile) = &self.profile {
            words.extend(["--profile".to_owned(), quote(profile)]);
        }
        words
    }
}

/// A value the command takes from a shell variable instead of writing it out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Secret {
    /// `KMSUSER_PASSWORD`.
    pub variable: &'static str,
    /// What to type ("the kmsuser password").
    pub what: &'static str,
    /// Typed without echo.
    pub hidden: bool,
}

pub const KMSUSER_PASSWORD: Secret = Secret { variable: "KMSUSER_PASSWORD", what: "the kmsuser password of the cluster", hidden: true };
pub const XKS_PROXY_SECRET: Secret = Secret { variable: "XKS_PROXY_SECRET", what: "the proxy authentication credential's secret access key", hidden: true };
pub const MFA_CODE: Secret = Secret { variable: "MFA_CODE", what: "the MFA code", hidden: false };

impl Secret {
    /// The line that sets the variable, unless it is set already: typed at a prompt, not shown.
    pub fn read_line(&self) -> String {
        let name = self.variable;
        let flags = if self.hidden { "-rsp" } else { "-rp" };
        let prompt = always(&format!("{}{}: ", self.what[..1].to_uppercase(), &self.what[1..]));
        format!("[ -n \"${{{name}:-}}\" ] || {{ read {flags} {prompt} {name}; echo >&2; }}")
    }
}

/// One CLI command: the lines that read its secrets, then the command itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    pub service: Service,
    /// `create-custom-key-store`.
    pub operation: String,
    /// Every word after `aws <service> <operation>`, quoted for the shell.
    pub args: Vec<String>,
    /// Variables the command reads, each set by [`Secret::read_line`] first.
    pub secrets: Vec<Secret>,
    /// What the command does differently from the console's one request (paging).
    pub notes: Vec<String>,
}

impl Command {
    /// The command on one line, safe to paste.
    pub fn line(&self) -> String {
        let mut words = vec!["aws".to_owned(), self.service.cli_name().to_owned(), self.operation.clone()];
        words.extend(self.args.iter().cloned());
        words.join(" ")
    }

    /// The lines to paste: one per secret, then the command.
    pub fn lines(&self) -> Vec<String> {
        self.secrets.iter().map(Secret::read_line).chain([self.line()]).collect()
    }

    pub fn text(&self) -> String {
        self.lines().join("\n")
    }
}

/// A model name in the CLI's kebab case, as botocore's `xform_name` writes it:
/// `CustomKeyStoreId` → `custom-key-store-id`, `DescribeCustomKeyStores` → `describe-custom-key-stores`.
pub fn kebab(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if prev.is_ascii_lowercase() || prev.is_ascii_digit() || (prev.is_ascii_uppercase() && next_lower) {
                out.push('-');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// (the paging token members, the page-size member) of an operation the CLI pages itself, from
/// botocore's `paginators-1.json`.
fn paging(service: Service, operation: &str) -> Option<(&'static str, &'static str)> {
    match (service, operation) {
        (Service::Kms, "DescribeCustomKeyStores" | "ListKeys" | "ListAliases") => Some(("Marker", "Limit")),
        (Service::CloudHsm, "DescribeClusters") | (Service::CloudTrail, "LookupEvents") => Some(("NextToken", "MaxResults")),
        (Service::CloudWatch, "GetMetricData") => Some(("NextToken", "MaxDatapoints")),
        _ => None,
    }
}

/// Stands for the proxy secret inside JSON until the JSON is quoted; then the quotes are closed
/// around the variable. No quote or backslash in it, so JSON and quoting leave it as it is.
const SECRET_MARK: &str = "@@CKS_SECRET@@";

/// The command for `operation` of `service` with the console's own JSON input (for STS, its
/// query parameters as a JSON object: see [`sts_input`]).
pub fn command(target: &Target, service: Service, operation: &str, input: &Value) -> Command {
    let mut cmd = Command { service, operation: kebab(operation), args: vec![], secrets: vec![], notes: vec![] };
    let empty = Map::new();
    let members = input.as_object().unwrap_or(&empty);
    let paged = paging(service, operation);
    for (name, value) in members {
        if value.is_null() {
            continue;
        }
        if let Some((token, limit)) = paged {
            if name == token {
                cmd.notes.push(format!("The CLI follows the pages itself: the console's {token} is left out."));
                continue;
            }
            if name == limit {
                cmd.args.extend(["--page-size".to_owned(), word(value)]);
                continue;
            }
        }
        let option = format!("--{}", kebab(name));
        if value.as_str().is_some_and(|s| s.starts_with("http://") || s.starts_with("https://")) && !cmd.notes.iter().any(|n| n.contains("cli_follow_urlparam"))
        {
            cmd.notes.push(
                "Written for AWS CLI v2. CLI v1 would fetch a parameter that starts with https:// unless its profile sets cli_follow_urlparam = false.".into(),
            );
        }
        match (service, name.as_str()) {
            (Service::Kms, "KeyStorePassword") => {
                cmd.args.extend([option, variable(KMSUSER_PASSWORD.variable)]);
                cmd.secrets.push(KMSUSER_PASSWORD);
            }
            (Service::Sts, "TokenCode") => {
                cmd.args.extend([option, variable(MFA_CODE.variable)]);
                cmd.secrets.push(MFA_CODE);
            }
            (Service::Kms, "XksProxyAuthenticationCredential") => {
                let (json, secret) = hide_proxy_secret(value);
                cmd.args.extend([option, json]);
                cmd.secrets.extend(secret);
            }
            _ => match value {
                Value::Bool(true) => cmd.args.push(option),
                Value::Bool(false) => cmd.args.push(format!("--no-{}", kebab(name))),
                _ => cmd.args.extend([option, word(value)]),
            },
        }
    }
    cmd.args.extend(target.global_options());
    cmd
}

/// A scalar as a word; a structure, map or list as quoted JSON.
fn word(value: &Value) -> String {
    match value {
        Value::String(s) => quote(s),
        Value::Number(n) => n.to_string(),
        other => always(&other.to_string()),
    }
}

/// The credential as quoted JSON with the secret from `$XKS_PROXY_SECRET` (KMS allows only
/// `[a-zA-Z0-9/+=]` in it, so it needs no escaping inside JSON).
fn hide_proxy_secret(value: &Value) -> (String, Option<Secret>) {
    let mut value = value.clone();
    let secret = match value.get_mut("RawSecretAccessKey") {
        Some(raw) => {
            *raw = Value::String(SECRET_MARK.into());
            Some(XKS_PROXY_SECRET)
        }
        None => None,
    };
    let spliced = format!("'{}'", variable(XKS_PROXY_SECRET.variable));
    (always(&value.to_string()).replace(SECRET_MARK, &spliced), secret)
}

/// The command for a KMS request the console makes, from its typed input.
pub fn kms(target: &Target, operation: Operation, input: &impl Serialize) -> Command {
    command(target, Service::Kms, operation.name(), &serde_json::to_value(input).unwrap_or(Value::Null))
}

/// Create and Update as `--cli-input-json`: the whole input as JSON, with a placeholder where a
/// secret goes and the secret itself given as its option from the variable (an option on the
/// command line wins over the same member in `--cli-input-json`). `None` for other operations.
pub fn cli_input_json(target: &Target, operation: Operation, input: &impl Serialize) -> Option<Command> {
    if !matches!(operation, Operation::CreateCustomKeyStore | Operation::UpdateCustomKeyStore) {
        return None;
    }
    let mut json = serde_json::to_value(input).ok()?;
    let members = json.as_object_mut()?;
    let mut secret_members = Map::new();
    if let Some(password) = members.get_mut("KeyStorePassword") {
        *password = Value::String(format!("<from ${}>", KMSUSER_PASSWORD.variable));
        secret_members.insert("KeyStorePassword".into(), Value::Null);
    }
    if let Some(raw) = members.get_mut("XksProxyAuthenticationCredential").and_then(|c| c.get_mut("RawSecretAccessKey")) {
        *raw = Value::String(format!("<from ${}>", XKS_PROXY_SECRET.variable));
        secret_members.insert("XksProxyAuthenticationCredential".into(), Value::Null);
    }
    // The secret options, from the real input, take the place of the placeholders.
    let real = serde_json::to_value(input).ok()?;
    let overrides: Map<String, Value> = secret_members.keys().filter_map(|k| Some((k.clone(), real.get(k)?.clone()))).collect();
    let mut cmd = command(target, Service::Kms, operation.name(), &Value::Object(overrides));
    let options = std::mem::take(&mut cmd.args);
    cmd.args = vec!["--cli-input-json".to_owned(), always(&json.to_string())];
    cmd.args.extend(options);
    Some(cmd)
}

/// The store list the console reads (every page, `DESCRIBE_PAGE_LIMIT` a page).
pub fn describe_stores(target: &Target) -> Command {
    let input = DescribeCustomKeyStoresRequest { limit: Some(DESCRIBE_PAGE_LIMIT), ..Default::default() };
    kms(target, Operation::DescribeCustomKeyStores, &input)
}

/// One store, as the console looks at it while it moves.
pub fn describe_store(target: &Target, custom_key_store_id: &str) -> Command {
    let input = DescribeCustomKeyStoresRequest { custom_key_store_id: Some(custom_key_store_id.to_owned()), ..Default::default() };
    kms(target, Operation::DescribeCustomKeyStores, &input)
}

/// The key list the key counts start from.
pub fn list_keys(target: &Target) -> Command {
    command(target, Service::Kms, "ListKeys", &health::keys::list_keys_input())
}

/// One key's metadata (which store backs it).
pub fn describe_key(target: &Target, key_id: &str) -> Command {
    command(target, Service::Kms, "DescribeKey", &health::keys::describe_key_input(key_id))
}

/// The aliases of one key (`None`: of every key).
pub fn list_aliases(target: &Target, key_id: Option<&str>) -> Command {
    let input = match key_id {
        Some(id) => serde_json::json!({ "KeyId": id }),
        None => serde_json::json!({}),
    };
    command(target, Service::Kms, "ListAliases", &input)
}

/// The clusters behind CloudHSM key stores.
pub fn describe_clusters(target: &Target, cluster_ids: &[String]) -> Command {
    command(target, Service::CloudHsm, "DescribeClusters", &health::cluster::describe_clusters_input(cluster_ids))
}

/// A store's metrics over `window` (`Range::window`), with the queries of the chart or summary.
pub fn get_metric_data(target: &Target, queries: &[health::metrics::Query], window: (u64, u64)) -> Command {
    command(target, Service::CloudWatch, "GetMetricData", &health::metrics::get_metric_data_input(queries, window))
}

/// The CloudTrail lookups a store's history makes, one per event name.
pub fn lookup_events(target: &Target) -> Vec<Command> {
    health::history::lookup_inputs().iter().map(|input| command(target, Service::CloudTrail, "LookupEvents", input)).collect()
}

/// The sign-in check.
pub fn get_caller_identity(target: &Target) -> Command {
    command(target, Service::Sts, "GetCallerIdentity", &Value::Object(Map::new()))
}

/// A fleet account's role, with its external id, MFA (the code read at a prompt) and duration.
pub fn assume_role(target: &Target, input: &AssumeRoleInput, extras: &AssumeRoleExtras) -> Command {
    command(target, Service::Sts, "AssumeRole", &sts_input(&assume_role_params(input, extras)))
}

/// STS's query parameters as the JSON object [`command`] takes; `DurationSeconds` is a number.
pub fn sts_input<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)]) -> Value {
    let members = params
        .iter()
        .map(|(k, v)| {
            let (k, v) = (k.as_ref(), v.as_ref());
            let value = match (k, v.parse::<u64>()) {
                ("DurationSeconds", Ok(n)) => Value::from(n),
                _ => Value::String(v.to_owned()),
            };
            (k.to_owned(), value)
        })
        .collect();
    Value::Object(members)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kms::model::{CreateCustomKeyStoreRequest, CustomKeyStoreIdRequest, KeyStoreType, StoreSettings, UpdateCustomKeyStoreRequest};
    use crate::kms::model::{XksConnectivity, XksProxyCredential};
    use serde_json::json;

    fn target() -> Target {
        Target::new("eu-west-1")
    }

    #[test]
    fn kebab_case_as_the_cli_writes_it() {
        assert_eq!(kebab("CustomKeyStoreId"), "custom-key-store-id");
        assert_eq!(kebab("DescribeCustomKeyStores"), "describe-custom-key-stores");
        assert_eq!(kebab("CloudHsmClusterId"), "cloud-hsm-cluster-id");
        assert_eq!(kebab("XksProxyUriEndpoint"), "xks-proxy-uri-endpoint");
        assert_eq!(kebab("GetCallerIdentity"), "get-caller-identity");
        assert_eq!(kebab("MetricDataQueries"), "metric-data-queries");
        assert_eq!(kebab("RoleARN"), "role-arn");
    }

    #[test]
    fn connect_names_the_store_region_endpoint_and_profile() {
        let input = CustomKeyStoreIdRequest { custom_key_store_id: "cks-1234567890abcdef0".into() };
        let t = target().endpoint(Some("http://127.0.0.1:9780/")).profile(Some("prod admin"));
        let cmd = kms(&t, Operation::ConnectCustomKeyStore, &input);
        assert_eq!(
            cmd.line(),
            "aws kms connect-custom-key-store --custom-key-store-id cks-1234567890abcdef0 --region eu-west-1 \
             --endpoint-url http://127.0.0.1:9780/ --profile 'prod admin'"
        );
        assert!(cmd.secrets.is_empty());
        assert_eq!(cmd.lines().len(), 1);
    }

    #[test]
    fn the_profile_comes_from_the_member_account() {
        let arn = crate::aws::iam::RoleArn::parse("arn:aws:iam::111122223333:role/cks-operator").unwrap();
        let mut account = MemberAccount::new(arn);
        account.profile = Some("prod".into());
        let t = Target::for_account(&account, "us-east-1");
        assert_eq!(t.global_options(), ["--region", "us-east-1", "--profile", "prod"]);
        account.profile = None;
        assert_eq!(Target::for_account(&account, "us-east-1").global_options(), ["--region", "us-east-1"]);
    }

    #[test]
    fn a_cloudhsm_create_reads_the_password_into_a_variable() {
        let input = CreateCustomKeyStoreRequest {
            custom_key_store_name: "Finance's store".into(),
            trust_anchor_certificate: Some("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----".into()),
            settings: StoreSettings {
                cloud_hsm_cluster_id: Some("cluster-1a23b4cdefg".into()),
                key_store_password: Some("hunter2!x".into()),
                ..Default::default()
            },
            ..Default::default()
        };
        let cmd = kms(&target(), Operation::CreateCustomKeyStore, &input);
        let text = cmd.text();
        assert!(!text.contains("hunter2"), "{text}");
        assert_eq!(cmd.secrets, [KMSUSER_PASSWORD]);
        assert_eq!(cmd.lines()[0], "[ -n \"${KMSUSER_PASSWORD:-}\" ] || { read -rsp 'The kmsuser password of the cluster: ' KMSUSER_PASSWORD; echo >&2; }");
        assert!(cmd.line().contains("--key-store-password \"$KMSUSER_PASSWORD\""), "{}", cmd.line());
        assert!(cmd.line().contains("--custom-key-store-name 'Finance'\\''s store'"), "{}", cmd.line());
        assert!(cmd.line().contains("--trust-anchor-certificate '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----'"));
        assert!(cmd.line().starts_with("aws kms create-custom-key-store "));
    }

    fn external() -> CreateCustomKeyStoreRequest {
        CreateCustomKeyStoreRequest {
            custom_key_store_name: "xks".into(),
            custom_key_store_type: Some(KeyStoreType::External),
            settings: StoreSettings {
                xks_proxy_uri_endpoint: Some("https://proxy.example.com".into()),
                xks_proxy_uri_path: Some("/kms/xks/v1".into()),
                xks_proxy_connectivity: Some(XksConnectivity::PublicEndpoint),
                xks_proxy_authentication_credential: Some(XksProxyCredential {
                    access_key_id: "ABCDEFGHIJKLMNOPQRST".into(),
                    raw_secret_access_key: "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2U=".into(),
                }),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    #[test]
    fn an_external_create_splices_the_proxy_secret_into_its_json() {
        let cmd = kms(&target(), Operation::CreateCustomKeyStore, &external());
        assert!(!cmd.text().contains("c2VjcmV0"), "{}", cmd.text());
        assert_eq!(cmd.secrets, [XKS_PROXY_SECRET]);
        assert!(
            cmd.line()
                .contains(r#"--xks-proxy-authentication-credential '{"AccessKeyId":"ABCDEFGHIJKLMNOPQRST","RawSecretAccessKey":"'"$XKS_PROXY_SECRET"'"}'"#),
            "{}",
            cmd.line()
        );
        assert!(cmd.line().contains("--custom-key-store-type EXTERNAL_KEY_STORE ") && cmd.line().contains("--xks-proxy-connectivity PUBLIC_ENDPOINT "));
    }

    #[test]
    fn cli_input_json_holds_placeholders_and_the_options_carry_the_secrets() {
        let cmd = cli_input_json(&target(), Operation::CreateCustomKeyStore, &external()).unwrap();
        let line = cmd.line();
        assert!(!line.contains("c2VjcmV0"), "{line}");
        assert!(line.starts_with("aws kms create-custom-key-store --cli-input-json '{"), "{line}");
        assert!(line.contains(r#""RawSecretAccessKey":"<from $XKS_PROXY_SECRET>""#), "{line}");
        assert!(line.contains(r#"--xks-proxy-authentication-credential '{"AccessKeyId":"ABCDEFGHIJKLMNOPQRST","RawSecretAccessKey":"'"$XKS_PROXY_SECRET"'"}'"#));
        assert!(line.ends_with("--region eu-west-1"));
        let update = UpdateCustomKeyStoreRequest {
            custom_key_store_id: "cks-1".into(),
            new_custom_key_store_name: Some("renamed".into()),
            settings: StoreSettings { key_store_password: Some("p4ssw0rd!".into()), ..Default::default() },
        };
        let cmd = cli_input_json(&target(), Operation::UpdateCustomKeyStore, &update).unwrap();
        assert_eq!(
            cmd.line(),
            r#"aws kms update-custom-key-store --cli-input-json '{"CustomKeyStoreId":"cks-1","KeyStorePassword":"<from $KMSUSER_PASSWORD>","NewCustomKeyStoreName":"renamed"}' --key-store-password "$KMSUSER_PASSWORD" --region eu-west-1"#
        );
        assert_eq!(cmd.secrets, [KMSUSER_PASSWORD]);
        let id = CustomKeyStoreIdRequest { custom_key_store_id: "cks-1".into() };
        assert!(cli_input_json(&target(), Operation::DeleteCustomKeyStore, &id).is_none());
    }

    #[test]
    fn the_cli_pages_itself() {
        let input = json!({"Limit": 1000, "Marker": "m1"});
        let cmd = command(&target(), Service::Kms, "DescribeCustomKeyStores", &input);
        assert_eq!(cmd.line(), "aws kms describe-custom-key-stores --page-size 1000 --region eu-west-1");
        assert_eq!(cmd.notes.len(), 1);
        let cmd = command(&target(), Service::Kms, "ListAliases", &json!({"KeyId": "1234abcd-12ab-34cd-56ef-1234567890ab", "Limit": 100}));
        assert_eq!(cmd.line(), "aws kms list-aliases --key-id 1234abcd-12ab-34cd-56ef-1234567890ab --page-size 100 --region eu-west-1");
        let cmd = command(&target(), Service::Kms, "ListKeys", &json!({"Limit": 1000}));
        assert_eq!(cmd.line(), "aws kms list-keys --page-size 1000 --region eu-west-1");
        let cmd = command(&target(), Service::Kms, "DescribeKey", &json!({"KeyId": "1234abcd-12ab-34cd-56ef-1234567890ab"}));
        assert_eq!(cmd.line(), "aws kms describe-key --key-id 1234abcd-12ab-34cd-56ef-1234567890ab --region eu-west-1");
    }

    #[test]
    fn health_calls_take_their_structures_as_json() {
        let input = json!({"Filters": {"clusterIds": ["cluster-1"]}});
        let cmd = command(&target(), Service::CloudHsm, "DescribeClusters", &input);
        assert_eq!(cmd.line(), r#"aws cloudhsmv2 describe-clusters --filters '{"clusterIds":["cluster-1"]}' --region eu-west-1"#);
        let input = json!({"LookupAttributes": [{"AttributeKey": "ResourceName", "AttributeValue": "cks-1"}], "MaxResults": 50});
        let cmd = command(&target(), Service::CloudTrail, "LookupEvents", &input);
        assert_eq!(
            cmd.line(),
            r#"aws cloudtrail lookup-events --lookup-attributes '[{"AttributeKey":"ResourceName","AttributeValue":"cks-1"}]' --page-size 50 --region eu-west-1"#
        );
        let queries = crate::health::metrics::chart_queries("cks-1", 300);
        let input = json!({"MetricDataQueries": queries, "StartTime": 1_700_000_000, "EndTime": 1_700_003_600, "ScanBy": "TimestampAscending"});
        let line = command(&target(), Service::CloudWatch, "GetMetricData", &input).line();
        assert!(line.starts_with("aws cloudwatch get-metric-data --end-time 1700003600 --metric-data-queries '[{"), "{line}");
        assert!(line.contains(r#"SEARCH('\''{AWS/KMS,"#), "single quotes inside the JSON are escaped: {line}");
        assert!(line.ends_with("--scan-by TimestampAscending --start-time 1700000000 --region eu-west-1"), "{line}");
    }

    #[test]
    fn each_request_of_the_console_has_its_command() {
        let t = target();
        assert_eq!(describe_stores(&t).line(), "aws kms describe-custom-key-stores --page-size 1000 --region eu-west-1");
        assert_eq!(describe_store(&t, "cks-1").line(), "aws kms describe-custom-key-stores --custom-key-store-id cks-1 --region eu-west-1");
        assert_eq!(list_keys(&t).line(), "aws kms list-keys --page-size 1000 --region eu-west-1");
        assert_eq!(describe_key(&t, "k-1").line(), "aws kms describe-key --key-id k-1 --region eu-west-1");
        assert_eq!(list_aliases(&t, None).line(), "aws kms list-aliases --region eu-west-1");
        assert_eq!(
            describe_clusters(&t, &["cluster-1".into()]).line(),
            r#"aws cloudhsmv2 describe-clusters --filters '{"clusterIds":["cluster-1"]}' --region eu-west-1"#
        );
        let lookups = lookup_events(&t);
        assert_eq!(lookups.len(), crate::health::history::EVENT_NAMES.len());
        assert!(
            lookups[0].line().starts_with(r#"aws cloudtrail lookup-events --lookup-attributes '[{"AttributeKey":"EventName","AttributeValue":"#),
            "{}",
            lookups[0].line()
        );
        assert_eq!(get_caller_identity(&t).line(), "aws sts get-caller-identity --region eu-west-1");
        let input = AssumeRoleInput { role_arn: "arn:aws:iam::1:role/R".into(), session_name: "s".into(), external_id: None };
        assert_eq!(
            assume_role(&t, &input, &AssumeRoleExtras::default()).line(),
            "aws sts assume-role --role-arn arn:aws:iam::1:role/R --role-session-name s --region eu-west-1"
        );
    }

    #[test]
    fn sts_calls_with_the_mfa_code_read_at_the_prompt() {
        let cmd = command(&target(), Service::Sts, "GetCallerIdentity", &json!({}));
        assert_eq!(cmd.line(), "aws sts get-caller-identity --region eu-west-1");
        let input = sts_input(&[
            ("RoleArn", "arn:aws:iam::111122223333:role/cks"),
            ("RoleSessionName", "cks-console"),
            ("DurationSeconds", "3600"),
            ("ExternalId", "ext id"),
            ("SerialNumber", "arn:aws:iam::444455556666:mfa/alice"),
            ("TokenCode", "123456"),
        ]);
        let cmd = command(&target(), Service::Sts, "AssumeRole", &input);
        assert_eq!(
            cmd.line(),
            "aws sts assume-role --duration-seconds 3600 --external-id 'ext id' --role-arn arn:aws:iam::111122223333:role/cks \
             --role-session-name cks-console --serial-number arn:aws:iam::444455556666:mfa/alice --token-code \"$MFA_CODE\" --region eu-west-1"
        );
        assert!(!cmd.text().contains("123456"));
        assert!(cmd.lines()[0].contains("read -rp 'The MFA code: ' MFA_CODE"));
    }
}
