//! CloudTrail's management events for the five custom key store changes: recorded from the KMS
//! calls the sandbox serves, or seeded from a store's `history`, and rendered as LookupEvents
//! returns them, with the full record as a JSON string in `CloudTrailEvent`. Secrets never enter
//! a record: members the KMS model marks sensitive are replaced, as CloudTrail does.

use crate::api::{Call, Output};
use crate::auth::Caller;
use crate::clock::format_iso8601;
use crate::ids;
use crate::model::{self, ServiceShapes};
use crate::seed::{HistorySeed, KeyUsageSeed, StoreSeed};
use serde_json::{json, Map, Value};

/// What CloudTrail writes in place of a sensitive request parameter.
const HIDDEN: &str = "HIDDEN_DUE_TO_SECURITY_REASONS";

/// Who made a call, as `userIdentity` describes them.
#[derive(Debug, Clone)]
pub struct Identity {
    pub arn: String,
    pub account_id: String,
    pub access_key_id: String,
}

impl Identity {
    /// `Username` in LookupEvents: the user name, a role's session name, or `root`.
    pub fn username(&self) -> &str {
        if self.arn.ends_with(":root") {
            return "root";
        }
        self.arn.rsplit('/').next().unwrap_or(&self.arn)
    }

    fn user_identity(&self) -> Value {
        let mut id = json!({ "arn": self.arn, "accountId": self.account_id, "accessKeyId": self.access_key_id });
        let unique = |prefix: &str, of: &str| format!("{prefix}{}", ids::base32(&["principal", of], 17).to_uppercase());
        if let Some(rest) = self.arn.split(":assumed-role/").nth(1) {
            let role = rest.split('/').next().unwrap_or(rest);
            let role_id = unique("AROA", role);
            id["type"] = json!("AssumedRole");
            id["principalId"] = json!(format!("{role_id}:{}", self.username()));
            id["sessionContext"] = json!({ "sessionIssuer": {
                "type": "Role", "principalId": role_id, "accountId": self.account_id, "userName": role,
                "arn": format!("arn:aws:iam::{}:role/{role}", self.account_id),
            }});
        } else if self.arn.ends_with(":root") {
            id["type"] = json!("Root");
            id["principalId"] = json!(self.account_id);
        } else {
            id["type"] = json!("IAMUser");
            id["principalId"] = json!(unique("AIDA", &self.arn));
            id["userName"] = json!(self.username());
        }
        id
    }
}

/// One management event.
#[derive(Debug, Clone)]
pub struct TrailEvent {
    pub event_id: String,
    pub event_name: String,
    /// Epoch seconds.
    pub event_time: i64,
    pub identity: Identity,
    pub region: String,
    pub source_ip: String,
    pub user_agent: String,
    pub request_parameters: Value,
    pub response_elements: Value,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub request_id: String,
    /// Key ARNs the call used (`Resources`, found by a `ResourceName` lookup); none for store changes.
    pub resources: Vec<String>,
    /// Cryptographic calls are read-only events; the store changes are not.
    pub read_only: bool,
    /// Members the record has beside the common ones (`additionalEventData`, `invokedBy`).
    pub extra: Map<String, Value>,
}

impl TrailEvent {
    /// A KMS call the sandbox served (after authentication, whatever the outcome).
    pub fn recorded(caller: &Caller, operation: &str, input: Option<&Value>, result: &Output, call: &Call) -> TrailEvent {
        let kms = model::kms();
        let shape = kms.operations.get(operation).and_then(|o| o.input.as_deref());
        let request_parameters = match (input, shape) {
            (Some(v), Some(shape)) => redacted(kms, shape, v),
            _ => Value::Null,
        };
        let response_elements = match result {
            Ok(out) if operation == "CreateCustomKeyStore" => json!({ "customKeyStoreId": out["CustomKeyStoreId"] }),
            _ => Value::Null,
        };
        let (error_code, error_message) = match result {
            Err(f) => (Some(f.error_type.clone()), Some(f.message.clone())),
            Ok(_) => (None, None),
        };
        TrailEvent {
            event_id: ids::uuid(&["cloudtrail-event", call.request_id]),
            event_name: operation.to_owned(),
            event_time: call.now,
            identity: Identity { arn: caller.arn.clone(), account_id: caller.account_id.clone(), access_key_id: caller.access_key_id.clone() },
            region: caller.region.clone(),
            source_ip: call.source_ip.clone(),
            user_agent: call.user_agent().to_owned(),
            request_parameters,
            response_elements,
            error_code,
            error_message,
            request_id: call.request_id.to_owned(),
            resources: Vec::new(),
            read_only: false,
            extra: Map::new(),
        }
    }

    /// A store's `history` entry, `minutes_ago` before `epoch`.
    pub fn seeded(account_id: &str, region: &str, store: &StoreSeed, index: usize, h: &HistorySeed, epoch: i64) -> TrailEvent {
        let key = [account_id, region, store.id.as_str(), &index.to_string()];
        let mut request_parameters = json!({ "customKeyStoreId": store.id });
        let mut response_elements = Value::Null;
        if h.event_name == "CreateCustomKeyStore" {
            request_parameters = creation_parameters(store);
            if h.error_code.is_none() {
                response_elements = json!({ "customKeyStoreId": store.id });
            }
        }
        TrailEvent {
            event_id: ids::uuid(&["cloudtrail-event", &key.join("/")]),
            event_name: h.event_name.clone(),
            event_time: epoch - (h.minutes_ago * 60.0).round() as i64,
            identity: Identity {
                arn: format!("arn:aws:iam::{account_id}:user/{}", h.user),
                account_id: account_id.to_owned(),
                access_key_id: format!("AKIA{}", ids::base32(&["access-key", account_id, &h.user], 16).to_uppercase()),
            },
            region: region.to_owned(),
            source_ip: h.source_ip.clone(),
            user_agent: "aws-cli/2.22.0 md/awscrt#0.23.4 ua/2.0 os/linux#6.8 md/arch#x86_64 lang/python#3.12.6".into(),
            request_parameters,
            response_elements,
            error_code: h.error_code.clone(),
            error_message: h.error_message.clone(),
            request_id: ids::uuid(&["cloudtrail-request", &key.join("/")]),
            resources: Vec::new(),
            read_only: false,
            extra: Map::new(),
        }
    }

    /// The `n`th call of a store's `key_usage` entry: a cryptographic call on one key, made
    /// directly or through an AWS service (then `invokedBy` names it, and it is the
    /// `sourceIPAddress` and `userAgent`).
    /// `(account, region, store)` is where the key lives.
    pub fn key_use((account_id, region, store_id): (&str, &str, &str), key_id: &str, u: &KeyUsageSeed, entry: usize, n: u32, epoch: i64) -> TrailEvent {
        let key = [account_id, region, key_id, &entry.to_string(), &n.to_string()];
        let key_arn = format!("arn:aws:kms:{region}:{account_id}:key/{key_id}");
        let access_key = if u.principal.contains(":assumed-role/") { "ASIA" } else { "AKIA" };
        let mut request_parameters = json!({ "keyId": key_arn, "encryptionAlgorithm": "SYMMETRIC_DEFAULT" });
        if u.operation == "GenerateDataKey" {
            request_parameters = json!({ "keyId": key_arn, "keySpec": "AES_256" });
        }
        let mut extra = Map::new();
        extra.insert("additionalEventData".into(), json!({ "customKeyStoreId": store_id }));
        let (source_ip, user_agent) = match &u.via_service {
            Some(service) => {
                extra.insert("invokedBy".into(), json!(service));
                (service.clone(), service.clone())
            }
            None => (u.source_ip.clone(), "aws-sdk-java/2.29.0 Linux/6.8 OpenJDK_64-Bit_Server_VM/21".to_owned()),
        };
        TrailEvent {
            event_id: ids::uuid(&["cloudtrail-key-event", &key.join("/")]),
            event_name: u.operation.clone(),
            event_time: epoch - ((u.minutes_ago + f64::from(n) * u.every_minutes) * 60.0).round() as i64,
            identity: Identity {
                arn: u.principal.clone(),
                account_id: account_id.to_owned(),
                access_key_id: format!("{access_key}{}", ids::base32(&["access-key", account_id, &u.principal], 16).to_uppercase()),
            },
            region: region.to_owned(),
            source_ip,
            user_agent,
            request_parameters,
            response_elements: Value::Null,
            error_code: None,
            error_message: None,
            request_id: ids::uuid(&["cloudtrail-key-request", &key.join("/")]),
            resources: vec![key_arn],
            read_only: true,
            extra,
        }
    }

    /// The record CloudTrail stores: the `CloudTrailEvent` string's content.
    pub fn record(&self) -> Value {
        let mut r = json!({
            "eventVersion": "1.08",
            "userIdentity": self.identity.user_identity(),
            "eventTime": format_iso8601(self.event_time),
            "eventSource": "kms.amazonaws.com",
            "eventName": self.event_name,
            "awsRegion": self.region,
            "sourceIPAddress": self.source_ip,
            "userAgent": self.user_agent,
            "requestParameters": self.request_parameters,
            "responseElements": self.response_elements,
            "requestID": self.request_id,
            "eventID": self.event_id,
            "readOnly": self.read_only,
            "eventType": "AwsApiCall",
            "managementEvent": true,
            "recipientAccountId": self.identity.account_id,
            "eventCategory": "Management",
        });
        if let Some(code) = &self.error_code {
            r["errorCode"] = json!(code);
        }
        if let Some(message) = &self.error_message {
            r["errorMessage"] = json!(message);
        }
        for (k, v) in &self.extra {
            r[k] = v.clone();
        }
        if !self.resources.is_empty() {
            r["resources"] =
                json!(self.resources.iter().map(|a| json!({ "accountId": self.identity.account_id, "type": "AWS::KMS::Key", "ARN": a })).collect::<Vec<_>>());
        }
        r
    }

    /// As LookupEvents lists it. CloudTrail names no resource for the store changes (a custom key
    /// store is not one of its resource types); a cryptographic call names its key.
    pub fn event(&self) -> Value {
        json!({
            "EventId": self.event_id,
            "EventName": self.event_name,
            "ReadOnly": self.read_only.to_string(),
            "AccessKeyId": self.identity.access_key_id,
            "EventTime": self.event_time,
            "EventSource": "kms.amazonaws.com",
            "Username": self.identity.username(),
            "Resources": self.resources.iter().map(|a| json!({ "ResourceType": "AWS::KMS::Key", "ResourceName": a })).collect::<Vec<_>>(),
            "CloudTrailEvent": self.record().to_string(),
        })
    }
}

/// The parameters a seeded Create had: what the store shows, with the secrets hidden.
fn creation_parameters(store: &StoreSeed) -> Value {
    let mut p = json!({ "customKeyStoreName": store.name, "customKeyStoreType": store.store_type });
    if let Some(cluster) = &store.cloud_hsm_cluster_id {
        p["cloudHsmClusterId"] = json!(cluster);
        p["keyStorePassword"] = json!(HIDDEN);
    }
    if let Some(anchor) = &store.trust_anchor_certificate {
        p["trustAnchorCertificate"] = json!(anchor);
    }
    if let Some(x) = &store.xks_proxy {
        p["xksProxyConnectivity"] = json!(x.connectivity);
        p["xksProxyUriEndpoint"] = json!(x.uri_endpoint);
        p["xksProxyUriPath"] = json!(x.uri_path);
        if let Some(name) = &x.vpc_endpoint_service_name {
            p["xksProxyVpcEndpointServiceName"] = json!(name);
        }
        p["xksProxyAuthenticationCredential"] = json!({ "accessKeyId": HIDDEN, "rawSecretAccessKey": HIDDEN });
    }
    p
}

/// The request as CloudTrail keeps it: lowerCamel member names, members the model does not know
/// dropped, and every sensitive value hidden.
fn redacted(service: &ServiceShapes, shape: &str, value: &Value) -> Value {
    let Some(s) = service.shapes.get(shape) else { return Value::Null };
    if s.sensitive {
        return json!(HIDDEN);
    }
    match (s.kind.as_str(), value) {
        ("structure", Value::Object(members)) => {
            let kept: Map<String, Value> = members
                .iter()
                .filter_map(|(m, v)| {
                    let target = s.members.get(m)?;
                    let mut name = m.clone();
                    name[..1].make_ascii_lowercase();
                    Some((name, redacted(service, target, v)))
                })
                .collect();
            Value::Object(kept)
        }
        ("list", Value::Array(items)) => json!(items.iter().map(|i| redacted(service, s.member.as_deref().unwrap_or_default(), i)).collect::<Vec<_>>()),
        (_, Value::String(_) | Value::Number(_) | Value::Bool(_)) => value.clone(),
        _ => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_hidden_and_names_lower_camel() {
        let input = json!({"CustomKeyStoreName": "n", "KeyStorePassword": "kmsPswd1", "CloudHsmClusterId": "cluster-234abcdefgh",
                           "XksProxyAuthenticationCredential": {"AccessKeyId": "AAAAAAAAAAAAAAAAAAAA", "RawSecretAccessKey": "s3cret"}, "Surprise": 1});
        let out = redacted(model::kms(), "CreateCustomKeyStoreRequest", &input);
        assert_eq!(
            out,
            json!({"customKeyStoreName": "n", "keyStorePassword": HIDDEN, "cloudHsmClusterId": "cluster-234abcdefgh",
                   "xksProxyAuthenticationCredential": {"accessKeyId": HIDDEN, "rawSecretAccessKey": HIDDEN}})
        );
    }

    #[test]
    fn identities_read_like_cloudtrails() {
        let role = Identity {
            arn: "arn:aws:sts::111122223333:assumed-role/SandboxDemo/demo-user".into(),
            account_id: "111122223333".into(),
            access_key_id: "ASIA1".into(),
        };
        assert_eq!(role.username(), "demo-user");
        let id = role.user_identity();
        assert_eq!(id["type"], "AssumedRole");
        assert!(id["principalId"].as_str().unwrap().starts_with("AROA") && id["principalId"].as_str().unwrap().ends_with(":demo-user"));
        assert_eq!(id["sessionContext"]["sessionIssuer"]["arn"], "arn:aws:iam::111122223333:role/SandboxDemo");
        let user = Identity { arn: "arn:aws:iam::111122223333:user/alice".into(), account_id: "111122223333".into(), access_key_id: "AKIA1".into() };
        assert_eq!((user.username(), user.user_identity()["type"].as_str()), ("alice", Some("IAMUser")));
    }
}
