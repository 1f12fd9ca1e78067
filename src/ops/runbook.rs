//! A session's changes as a bash runbook: each change as its CLI command, then a wait that looks
//! at the store on the console's own schedule ([`PollSchedule`]) until it settles, stopping with
//! the store's `ConnectionErrorCode` if it fails. The secrets are read once, at the top.

use super::cli::{self, Secret, Target};
use super::shell::{always, quote, variable};
use crate::kms::operation::Operation;
use crate::kms::polling::PollSchedule;
use serde_json::Value;

/// One change the session made, as the console sent it.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub target: Target,
    pub operation: Operation,
    /// The request's JSON input, secrets included (they are never written out).
    pub input: Value,
    /// For a create, the id KMS gave the store: later changes that name it use the id the
    /// runbook's own create gets.
    pub created_id: Option<String>,
}

/// How long the runbook waits for one store before it gives up (KMS documents that a connect
/// can take up to twenty minutes; this leaves room for a slow one).
pub const MAX_WAIT_SECONDS: u64 = 3600;

/// What a change should leave the store in: `Some(state)`, or `None` for any settled state.
fn settles_to(operation: Operation) -> Option<&'static str> {
    match operation {
        Operation::ConnectCustomKeyStore => Some("CONNECTED"),
        Operation::DisconnectCustomKeyStore => Some("DISCONNECTED"),
        _ => None,
    }
}

fn seconds(ms: u64) -> String {
    if ms.is_multiple_of(1000) {
        (ms / 1000).to_string()
    } else {
        format!("{}.{:03}", ms / 1000, ms % 1000)
    }
}

/// `poll_delay SECONDS_SINCE_THE_CHANGE`: the console's interval at that point.
fn poll_delay(schedule: &PollSchedule) -> String {
    let mut text = String::from("# Seconds to wait before the next look, by seconds since the change: the console's own pace.\npoll_delay() {\n");
    for (i, (until, every)) in schedule.steps.iter().enumerate() {
        let keyword = if i == 0 { "if" } else { "elif" };
        text += &format!("  {keyword} [ \"$1\" -lt {} ]; then echo {}\n", until.div_ceil(1000), seconds(*every));
    }
    if schedule.steps.is_empty() {
        text += &format!("  echo {}\n", seconds(schedule.slowest_ms));
    } else {
        text += &format!("  else echo {}\n  fi\n", seconds(schedule.slowest_ms));
    }
    text + "}\n"
}

const WAIT_FOR_STORE: &str = r#"# wait_for_store ID EXPECTED [global options...]: looks at the store until it is no longer
# CONNECTING or DISCONNECTING. EXPECTED is the state the change leads to ("" for any settled one).
# Stops the runbook if the store FAILED, or settles elsewhere, or takes too long.
wait_for_store() {
  local id=$1 expected=$2 start=$SECONDS out state code
  shift 2
  while :; do
    out=$(aws kms describe-custom-key-stores --custom-key-store-id "$id" \
      --query 'CustomKeyStores[0].[ConnectionState,ConnectionErrorCode]' --output text "$@")
    read -r state code <<<"$out"
    case "$state" in
      CONNECTING | DISCONNECTING) ;;
      FAILED)
        echo "Store $id FAILED. ConnectionErrorCode: $code" >&2
        echo "The console's store page explains what this code asks of you; the runbook stops here." >&2
        exit 1
        ;;
      *)
        if [ -z "$expected" ] || [ "$state" = "$expected" ]; then
          echo "Store $id is $state."
          return 0
        fi
        # KMS may show the old state for a moment after it accepted the change.
        if [ $((SECONDS - start)) -ge 30 ]; then
          echo "Store $id is $state, not $expected: the runbook stops here." >&2
          exit 1
        fi
        ;;
    esac
    if [ $((SECONDS - start)) -ge "$MAX_WAIT_SECONDS" ]; then
      echo "Store $id is still $state after $MAX_WAIT_SECONDS seconds: the runbook stops here." >&2
      exit 1
    fi
    sleep "$(poll_delay $((SECONDS - start)))"
  done
}
"#;

/// The runbook for `changes`, in order, waiting on `schedule` (the console's: pass
/// `PollSchedule::default()`).
pub fn runbook(changes: &[Change], schedule: &PollSchedule) -> String {
    let mut secrets: Vec<Secret> = vec![];
    let mut steps = String::new();
    // (the id the console saw, the variable the runbook's create put it in)
    let mut created: Vec<(String, String)> = vec![];
    for (n, change) in changes.iter().enumerate() {
        let mut cmd = cli::command(&change.target, cli::Service::Kms, change.operation.name(), &change.input);
        for secret in &cmd.secrets {
            if !secrets.contains(secret) {
                secrets.push(*secret);
            }
        }
        let named = change.input.get("CustomKeyStoreId").and_then(Value::as_str).map(str::to_owned);
        // A store this runbook created is named by the variable holding its new id.
        let id_word = match named.as_deref().and_then(|id| created.iter().find(|(seen, _)| seen == id)) {
            Some((seen, var)) => {
                let word = variable(var);
                for arg in cmd.args.iter_mut().filter(|a| *a == &quote(seen)) {
                    arg.clone_from(&word);
                }
                Some(word)
            }
            None => named.as_deref().map(quote),
        };
        let globals = change.target.global_options().join(" ");
        steps += &format!("\n# {}. {}\n", n + 1, describe(change));
        match change.operation {
            Operation::CreateCustomKeyStore => {
                let var = format!("STORE_{}", n + 1);
                steps += &format!("{var}=$({} --query CustomKeyStoreId --output text)\necho \"Created store ${var}.\"\n", cmd.line());
                steps += &format!("wait_for_store \"${var}\" '' {globals}\n");
                if let Some(id) = &change.created_id {
                    created.push((id.clone(), var));
                }
            }
            Operation::DeleteCustomKeyStore => {
                steps += &format!("{}\necho \"Deleted store {}.\"\n", cmd.line(), id_word.as_deref().unwrap_or_default());
            }
            op => {
                steps += &format!("{}\n", cmd.line());
                if let Some(id) = id_word {
                    let expected = always(settles_to(op).unwrap_or_default());
                    steps += &format!("wait_for_store {id} {expected} {globals}\n");
                }
            }
        }
    }
    let mut script = String::from(
        "#!/usr/bin/env bash\n# Runbook from cks-console: this session's changes to custom key stores, in the order they were made.\n\
         # Each change is followed by a wait until its store settles; a store that FAILED stops the runbook.\nset -euo pipefail\n\n",
    );
    script += &format!("MAX_WAIT_SECONDS={MAX_WAIT_SECONDS}\n");
    if !secrets.is_empty() {
        script += "\n# Secrets are read here (or taken from the environment), never written in this file.\n";
        for secret in &secrets {
            script += &format!("{}\n", secret.read_line());
        }
    }
    script += "\n";
    script += &poll_delay(schedule);
    script += "\n";
    script += WAIT_FOR_STORE;
    script += &steps;
    script += "\necho 'Runbook done.'\n";
    script
}

fn describe(change: &Change) -> String {
    let what = match change.operation {
        Operation::ConnectCustomKeyStore => "Connect",
        Operation::DisconnectCustomKeyStore => "Disconnect",
        Operation::CreateCustomKeyStore => "Create",
        Operation::UpdateCustomKeyStore => "Update",
        Operation::DeleteCustomKeyStore => "Delete",
        other => other.name(),
    };
    let store = change.input.get("CustomKeyStoreId").or_else(|| change.input.get("CustomKeyStoreName")).and_then(Value::as_str).unwrap_or_default();
    let place = match &change.target.profile {
        Some(p) => format!("profile {p}, {}", change.target.region),
        None => change.target.region.clone(),
    };
    // A comment holds one line: a name with a newline in it would end it.
    format!("{what} {store} ({place})").replace(['\n', '\r'], " ")
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use serde_json::json;

    fn change(operation: Operation, input: Value) -> Change {
        Change { target: Target::new("eu-west-1").profile(Some("prod")), operation, input, created_id: None }
    }

    fn session() -> Vec<Change> {
        let mut create = change(
            Operation::CreateCustomKeyStore,
            json!({"CustomKeyStoreName": "new", "CloudHsmClusterId": "cluster-1", "KeyStorePassword": "s3cret-pw", "TrustAnchorCertificate": "pem"}),
        );
        create.created_id = Some("cks-0000000000000new".into());
        vec![
            change(Operation::DisconnectCustomKeyStore, json!({"CustomKeyStoreId": "cks-1111111111111111a"})),
            change(Operation::UpdateCustomKeyStore, json!({"CustomKeyStoreId": "cks-1111111111111111a", "KeyStorePassword": "other-pw"})),
            change(Operation::ConnectCustomKeyStore, json!({"CustomKeyStoreId": "cks-1111111111111111a"})),
            create,
            change(Operation::ConnectCustomKeyStore, json!({"CustomKeyStoreId": "cks-0000000000000new"})),
            change(Operation::DeleteCustomKeyStore, json!({"CustomKeyStoreId": "cks-2222222222222222b"})),
        ]
    }

    #[test]
    fn the_schedule_is_the_consoles() {
        let text = poll_delay(&PollSchedule::default());
        assert!(text.contains("if [ \"$1\" -lt 30 ]; then echo 2\n"), "{text}");
        assert!(text.contains("elif [ \"$1\" -lt 600 ]; then echo 10\n"), "{text}");
        assert!(text.contains("else echo 20\n"), "{text}");
        let odd = PollSchedule { steps: vec![(1_500, 250)], slowest_ms: 1_000, idle_ms: 0 };
        assert!(poll_delay(&odd).contains("-lt 2 ]; then echo 0.250"));
    }

    #[test]
    fn every_change_then_its_wait_and_no_secret() {
        let script = runbook(&session(), &PollSchedule::default());
        assert!(script.starts_with("#!/usr/bin/env bash\n"));
        assert!(script.contains("set -euo pipefail\n"));
        assert!(!script.contains("s3cret-pw") && !script.contains("other-pw"), "{script}");
        assert_eq!(script.matches("read -rsp").count(), 1, "one password variable, read once at the top");
        assert!(script.contains(
            "aws kms disconnect-custom-key-store --custom-key-store-id cks-1111111111111111a --region eu-west-1 --profile prod\n\
             wait_for_store cks-1111111111111111a 'DISCONNECTED' --region eu-west-1 --profile prod\n"
        ));
        assert!(script.contains("STORE_4=$(aws kms create-custom-key-store "), "{script}");
        assert!(script.contains("--query CustomKeyStoreId --output text)\n"));
        assert!(
            script.contains("aws kms connect-custom-key-store --custom-key-store-id \"$STORE_4\" --region eu-west-1 --profile prod\nwait_for_store \"$STORE_4\" 'CONNECTED'"),
            "the created store is named by the runbook's own id: {script}"
        );
        assert!(
            script.contains("aws kms delete-custom-key-store --custom-key-store-id cks-2222222222222222b --region eu-west-1 --profile prod\necho \"Deleted")
        );
        assert!(script.contains("FAILED. ConnectionErrorCode: $code"));
    }

    #[test]
    fn bash_reads_it() {
        let script = runbook(&session(), &PollSchedule::default());
        let dir = std::env::temp_dir().join(format!("cks-runbook-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("runbook.sh");
        std::fs::write(&path, &script).unwrap();
        let out = std::process::Command::new("bash").arg("-n").arg(&path).output().expect("bash is installed");
        assert!(out.status.success(), "bash -n: {}\n{script}", String::from_utf8_lossy(&out.stderr));
        let _ = std::fs::remove_dir_all(dir);
    }
}
