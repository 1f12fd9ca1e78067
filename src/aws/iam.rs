//! IAM: what a role ARN may look like (after the iam model's `roleNameType` and `pathType`), and
//! `ListAccountAliases` over the query protocol (REFERENCE.md section 9) for an account's name when
//! Organizations cannot give one.

use super::client::SignedSender;
use super::endpoint::{EndpointError, Overrides};
use super::error::ServiceError;
use super::http::Transport;
use super::query::build_query_request;
use super::regions::PARTITIONS;
use super::xml::element;
use std::fmt;

const VERSION: &str = "2010-05-08";
/// IAM is global: one endpoint for the `aws` partition, signed for us-east-1.
pub const GLOBAL_URL: &str = "https://iam.amazonaws.com/";
pub const SIGNING_REGION: &str = "us-east-1";

/// `arn:<partition>:iam::<12 digits>:role/<path/>name`, checked part by part so the error says
/// which part is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RoleArn {
    pub partition: String,
    pub account_id: String,
    /// `/` or `/a/b/`.
    pub path: String,
    pub name: String,
}

impl RoleArn {
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let shape = "A role ARN looks like arn:aws:iam::123456789012:role/RoleName";
        let parts: Vec<&str> = text.splitn(6, ':').collect();
        let [arn, partition, service, region, account, resource] = parts[..] else {
            return Err(format!("\"{}\" is not a role ARN. {shape}.", shorten(text)));
        };
        if arn != "arn" || service != "iam" || !region.is_empty() {
            return Err(format!("\"{}\" is not an IAM ARN. {shape}.", shorten(text)));
        }
        if !PARTITIONS.iter().any(|p| p.id == partition) {
            return Err(format!("\"{}\" is not an AWS partition (aws, aws-cn, aws-us-gov…).", shorten(partition)));
        }
        if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("The account ID in a role ARN is 12 digits, not \"{}\".", shorten(account)));
        }
        let Some(rest) = resource.strip_prefix("role/") else {
            return Err(format!("\"{}\" names no role (it should continue with :role/RoleName). {shape}.", shorten(text)));
        };
        let (inner, name) = rest.rsplit_once('/').unwrap_or(("", rest));
        let path = if inner.is_empty() { "/".to_owned() } else { format!("/{inner}/") };
        if !role_name_ok(name) {
            return Err(format!("The role name \"{}\" must be 1 to 64 letters, digits or + = , . @ _ -.", shorten(name)));
        }
        if path.len() > 512 || (!inner.is_empty() && inner.split('/').any(str::is_empty)) || !path.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
            return Err(format!("The role path \"{}\" is not valid: visible ASCII between slashes, at most 512 characters.", shorten(&path)));
        }
        Ok(Self { partition: partition.to_owned(), account_id: account.to_owned(), path, name: name.to_owned() })
    }

    /// The ARN of role `name` (no path) in `account_id`, e.g. one role name across an organization.
    pub fn for_account(partition: &str, account_id: &str, name: &str) -> Result<Self, String> {
        Self::parse(&format!("arn:{partition}:iam::{account_id}:role/{}", name.trim().trim_matches('/')))
    }
}

impl fmt::Display for RoleArn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "arn:{}:iam::{}:role{}{}", self.partition, self.account_id, self.path, self.name)
    }
}

fn role_name_ok(name: &str) -> bool {
    (1..=64).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"_+=,.@-".contains(&b))
}

/// Quoted user text is cut so one bad line cannot fill the page.
pub(crate) fn shorten(text: &str) -> String {
    if text.chars().count() <= 80 {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(80).collect::<String>())
    }
}

/// Where IAM calls go: the shared endpoint override (the sandbox) when set, else the global
/// endpoint, which exists for the `aws` partition only as far as this console knows.
pub fn endpoint(overrides: &Overrides, partition: &str) -> Result<String, EndpointError> {
    match (&overrides.all, partition) {
        (Some(url), _) => Ok(url.clone()),
        (None, "aws") => Ok(GLOBAL_URL.to_owned()),
        (None, other) => Err(EndpointError(format!("This console reaches IAM only in the aws partition, not in {other}."))),
    }
}

/// The alias in a `ListAccountAliases` answer: `None` when the account has none (at most one
/// exists); an error when the text is not that answer at all.
pub fn parse_account_aliases(xml: &str) -> Result<Option<String>, String> {
    if element(xml, "ListAccountAliasesResult").is_none() && !xml.contains("<ListAccountAliasesResult/>") {
        return Err("IAM answered ListAccountAliases with something other than a list of aliases.".into());
    }
    Ok(element(xml, "AccountAliases").and_then(|list| element(&list, "member")).map(|a| a.trim().to_owned()).filter(|a| !a.is_empty()))
}

#[derive(Debug, Clone)]
pub struct IamClient<T> {
    sender: SignedSender<T>,
    endpoint_url: String,
}

impl<T: Transport> IamClient<T> {
    /// `sender` must sign for [`SIGNING_REGION`]; `endpoint_url` comes from [`endpoint`].
    pub fn new(sender: SignedSender<T>, endpoint_url: impl Into<String>) -> Self {
        Self { sender, endpoint_url: endpoint_url.into() }
    }

    /// The account's alias, if it has one.
    pub async fn account_alias(&self) -> Result<Option<String>, ServiceError> {
        let request = build_query_request(&self.endpoint_url, VERSION, "ListAccountAliases", &[]);
        let response = self.sender.send("iam", request).await?;
        if response.status != 200 {
            return Err(ServiceError::from_xml_response(&response));
        }
        parse_account_aliases(&response.body).map_err(|why| ServiceError::malformed(&response, &why))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_arns_are_checked_part_by_part() {
        let r = RoleArn::parse(" arn:aws:iam::123456789012:role/ops/kms/Console ").unwrap();
        assert_eq!((r.partition.as_str(), r.account_id.as_str(), r.path.as_str(), r.name.as_str()), ("aws", "123456789012", "/ops/kms/", "Console"));
        assert_eq!(r.to_string(), "arn:aws:iam::123456789012:role/ops/kms/Console");
        assert_eq!(RoleArn::parse("arn:aws-cn:iam::123456789012:role/R").unwrap().path, "/");
        let err = |t: &str| RoleArn::parse(t).unwrap_err();
        assert!(err("arn:aws:iam::12345:role/R").contains("12 digits"));
        assert!(err("arn:aws:iam::123456789012:user/R").contains("names no role"));
        assert!(err("arn:aws:s3:::bucket").contains("not an IAM ARN"));
        assert!(err("arn:moon:iam::123456789012:role/R").contains("not an AWS partition"));
        assert!(err("arn:aws:iam::123456789012:role/").contains("role name"));
        assert!(err("arn:aws:iam::123456789012:role/a b").contains("role name"));
        assert!(err("arn:aws:iam::123456789012:role/a//b").contains("role path"));
        assert!(err("hello").contains("not a role ARN"));
        assert!(err(&"x".repeat(500)).len() < 200, "long input is cut in the message");
    }

    #[test]
    fn iam_goes_to_the_override_or_the_global_endpoint() {
        assert_eq!(endpoint(&Overrides::default(), "aws").unwrap(), "https://iam.amazonaws.com/");
        let sandbox = Overrides { all: Some("http://127.0.0.1:9780/".into()), ..Default::default() };
        assert_eq!(endpoint(&sandbox, "aws-cn").unwrap(), "http://127.0.0.1:9780/");
        assert!(endpoint(&Overrides::default(), "aws-cn").is_err());
    }

    #[test]
    fn the_alias_is_read_from_the_answer() {
        let with = "<ListAccountAliasesResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ListAccountAliasesResult>\
                    <IsTruncated>false</IsTruncated><AccountAliases><member>payments-prod</member></AccountAliases>\
                    </ListAccountAliasesResult></ListAccountAliasesResponse>";
        assert_eq!(parse_account_aliases(with).unwrap().as_deref(), Some("payments-prod"));
        let none = "<ListAccountAliasesResponse><ListAccountAliasesResult><IsTruncated>false</IsTruncated><AccountAliases/>\
                    </ListAccountAliasesResult></ListAccountAliasesResponse>";
        assert_eq!(parse_account_aliases(none).unwrap(), None);
        assert!(parse_account_aliases("<html>proxy</html>").is_err());
    }

    #[test]
    fn the_request_is_the_query_form() {
        let r = build_query_request(GLOBAL_URL, VERSION, "ListAccountAliases", &[]);
        assert_eq!(r.body, "Action=ListAccountAliases&Version=2010-05-08");
    }
}
