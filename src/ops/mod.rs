//! Operator tools: what an operator runs or grants outside the page. For every request the console
//! makes or offers, the AWS CLI command that does exactly the same ([`cli`]); a session's changes
//! as a bash runbook that waits for each store to settle ([`runbook`]); and the IAM policies the
//! console needs, read-only or operator, with the trust policy of a fleet role ([`policy`]).
//! Pure: nothing here talks to the network or the page.

pub mod activity;
pub mod cli;
pub mod links;
pub mod policy;
pub mod runbook;
pub mod shell;
pub mod table_export;
