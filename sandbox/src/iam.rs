//! IAM ListAccountAliases over the query protocol (form POST, XML answers, one global endpoint
//! signed for us-east-1, signing name `iam`): the account's one alias, which a fleet view shows
//! beside the account id.

use crate::auth::{authenticate, Caller};
use crate::model;
use crate::organizations::GLOBAL_REGION;
use crate::sigv4::{SignedRequest, KMS_MAX_SKEW_SECONDS};
use crate::sts::{auth_fault, escape, fault, params, typed_input, StsFault};
use crate::world::World;

pub const NAMESPACE: &str = "https://iam.amazonaws.com/doc/2010-05-08/";
const VERSION: &str = "2010-05-08";

/// Handles one IAM request; returns the XML body or a fault, and (action, caller) for the log.
pub fn handle(world: &World, request: &SignedRequest, now: i64, request_id: &str) -> (Result<String, StsFault>, (String, Option<Caller>)) {
    let params = params(request);
    let action = params.get("Action").cloned().unwrap_or_default();
    let caller = match authenticate(world, request, "iam", now, KMS_MAX_SKEW_SECONDS) {
        Ok(c) => c,
        Err(e) => return (Err(auth_fault(e)), (action, None)),
    };
    let result = list_account_aliases(world, &caller, &action, &params).map(|aliases| {
        let members: String = aliases.iter().map(|a| format!("      <member>{}</member>\n", escape(a))).collect();
        format!(
            "<{action}Response xmlns=\"{NAMESPACE}\">\n  <{action}Result>\n    <IsTruncated>false</IsTruncated>\n    <AccountAliases>\n{members}    </AccountAliases>\n  </{action}Result>\n  <ResponseMetadata>\n    <RequestId>{request_id}</RequestId>\n  </ResponseMetadata>\n</{action}Response>\n"
        )
    });
    (result, (action, Some(caller)))
}

fn list_account_aliases(world: &World, caller: &Caller, action: &str, params: &std::collections::BTreeMap<String, String>) -> Result<Vec<String>, StsFault> {
    if action != "ListAccountAliases" {
        return Err(fault(400, "InvalidAction", format!("Could not find operation {action} for version {VERSION}")));
    }
    if params.get("Version").map(String::as_str) != Some(VERSION) {
        return Err(fault(400, "InvalidParameterValue", format!("Version must be {VERSION}.")));
    }
    if caller.region != GLOBAL_REGION {
        return Err(fault(403, "SignatureDoesNotMatch", "Credential should be scoped to a valid region."));
    }
    let account = world.accounts.get(&caller.account_id);
    let denied = format!("iam:{action}");
    if let Some(message) = crate::policy::refusal(caller.policy.as_ref(), &caller.arn, &denied, "*") {
        return Err(fault(403, "AccessDenied", message));
    }
    if account.is_some_and(|a| a.deny.contains(&denied)) {
        let message =
            format!("User: {} is not authorized to perform: {denied} on resource: * because no identity-based policy allows the {denied} action", caller.arn);
        return Err(fault(403, "AccessDenied", message));
    }
    // Validated for its constraints only: at most one alias means there is never a next page.
    typed_input(model::iam(), "ListAccountAliasesRequest", params)?;
    Ok(account.and_then(|a| a.alias.clone()).into_iter().collect())
}
