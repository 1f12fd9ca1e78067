//! AWS Organizations ListAccounts (awsJson 1.1, signing name `organizations`, one global endpoint
//! signed for us-east-1): the seed's organization, to its management account and delegated
//! administrators only, as a fleet view finds the accounts to assume roles into.

use crate::api::{self, Api, Call, JsonFault, Output};
use crate::auth::Caller;
use crate::model;
use crate::seed::AccountSeed;
use crate::world::World;
use serde_json::{json, Value};

/// The page size when `MaxResults` is absent: the model's maximum.
const PAGE: usize = 20;
/// When an account joined, unless its seed says: 2026-01-01.
const JOINED: f64 = 1_767_225_600.0;
/// Where the global endpoint lives, and so the only Region it is signed for.
pub const GLOBAL_REGION: &str = "us-east-1";

fn invalid(reason: &str, message: impl Into<String>) -> JsonFault {
    JsonFault::new("InvalidInputException", message).with("Reason", reason)
}

pub fn serve(world: &mut World, caller: &Caller, operation: &str, call: &Call) -> Output {
    if operation != "ListAccounts" {
        return Err(JsonFault::new("UnknownOperationException", format!("The sandbox's Organizations answers ListAccounts only, not {operation}.")));
    }
    if caller.region != GLOBAL_REGION {
        return Err(JsonFault::new("InvalidSignatureException", "Credential should be scoped to a valid region."));
    }
    api::check_denied(world, Api::Organizations, caller, operation, "*")?;
    let input = api::json_body(call.request.body)?;
    let violations = model::input_violations(model::organizations(), "ListAccountsRequest", &input)
        .map_err(|model::WrongTypes| JsonFault::new("SerializationException", "A member has the wrong JSON type."))?;
    if !violations.is_empty() {
        let max = input.get("MaxResults").and_then(Value::as_i64).unwrap_or(1);
        let reason = if max < 1 {
            "MIN_VALUE_EXCEEDED"
        } else if max > PAGE as i64 {
            "MAX_VALUE_EXCEEDED"
        } else {
            "MAX_LENGTH_EXCEEDED"
        };
        return Err(invalid(reason, model::sentence(&violations)));
    }
    let seed = world.seed();
    let Some(org) = seed.organization.as_ref().filter(|o| o.members.as_ref().is_none_or(|m| m.contains(&caller.account_id))) else {
        return Err(JsonFault::new("AWSOrganizationsNotInUseException", "Your account is not a member of an organization."));
    };
    if org.management_account != caller.account_id && !org.delegated_admins.contains(&caller.account_id) {
        return Err(JsonFault::new("AccessDeniedException", "You don't have permissions to access this resource."));
    }
    let members: Vec<&AccountSeed> = match &org.members {
        Some(ids) => ids.iter().filter_map(|id| seed.accounts.iter().find(|a| &a.account_id == id)).collect(),
        None => seed.accounts.iter().collect(),
    };
    let start = match input.get("NextToken").and_then(Value::as_str) {
        None => 0,
        Some(token) => token
            .strip_prefix("sandbox-accounts-")
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|n| *n > 0 && *n < members.len())
            .ok_or_else(|| invalid("INVALID_NEXT_TOKEN", "The specified NextToken is not valid."))?,
    };
    let max = input.get("MaxResults").and_then(Value::as_u64).map_or(PAGE, |n| n as usize);
    let end = (start + max).min(members.len());
    let accounts: Vec<Value> = members[start..end].iter().map(|a| account(a, &org.id(), &org.management_account)).collect();
    let mut out = json!({ "Accounts": accounts });
    if end < members.len() {
        out["NextToken"] = json!(format!("sandbox-accounts-{end}"));
    }
    Ok(out)
}

/// An account as ListAccounts shows it (`Status` and the newer `State` both, as the model has them).
pub fn account(a: &AccountSeed, org_id: &str, management: &str) -> Value {
    let id = &a.account_id;
    json!({
        "Id": id,
        "Arn": format!("arn:aws:organizations::{management}:account/{org_id}/{id}"),
        "Email": a.email.clone().unwrap_or_else(|| format!("account-{id}@example.com")),
        "Name": a.name.clone().unwrap_or_else(|| format!("account-{id}")),
        "Status": "ACTIVE",
        "State": "ACTIVE",
        "JoinedMethod": a.joined_method.as_deref().unwrap_or("CREATED"),
        "JoinedTimestamp": a.joined_timestamp.unwrap_or(JOINED),
    })
}
