//! The CLI commands of `ops::cli`, run by the real AWS CLI against the sandbox: each must send
//! what the console's own request sends. The console's client makes a call, the sandbox logs its
//! input; the command generated from that input is run by `aws`, and the sandbox must log the
//! same operation with the same input. Changes (create, update, connect, disconnect, delete) are
//! generated from the console's typed inputs and checked member for member, secrets by their
//! fingerprints (read into the shell variables at the prompt, as a user would type them).
//!
//! The CLI is PyPI's `awscli` (v1, the same service commands and options as v2), pinned and
//! installed by `cargo xtask bootstrap` into `.tools/awscli/`; `cargo xtask test` names it in
//! `CKS_AWS_CLI`. Without it this test fails: it proves nothing by skipping.
#![cfg(not(target_arch = "wasm32"))]

use cks_console::aws::assume_role::{AssumeRoleExtras, MfaCode};
use cks_console::aws::client::SignedSender;
use cks_console::aws::credentials::Credentials;
use cks_console::aws::http::{HttpRequest, HttpResponse, Transport, TransportError};
use cks_console::aws::json_client::{JsonClient, CLOUDHSM, CLOUDTRAIL, CLOUDWATCH};
use cks_console::aws::sts::{AssumeRoleInput, StsClient};
use cks_console::health::{cluster, history, keys, metrics};
use cks_console::kms::model::{
    CreateCustomKeyStoreRequest, CustomKeyStoreIdRequest, KeyStoreType, StoreSettings, UpdateCustomKeyStoreRequest, XksConnectivity, XksProxyCredential,
};
use cks_console::kms::operation::Operation;
use cks_console::kms::polling::PollSchedule;
use cks_console::kms::KmsClient;
use cks_console::ops::cli::{self, Command, Service, Target};
use cks_console::ops::runbook::{runbook, Change};
use cks_sandbox::http::fingerprint;
use cks_sandbox::seed::{self, Seed};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

const REGION: &str = "us-east-1";
/// The demo's XKS proxy for new stores and its secret (fake, from the demo seed).
const PROXY_SECRET: &str = "SandboxFakeXksSecretForNewStoresOnly000000ab";
const FREE_CLUSTER: &str = "cluster-6replayedhsm";
const KMSUSER_PASSWORD: &str = "kmsPswd1 it's \"quoted\"";

/// The `aws` program: `CKS_AWS_CLI`, else the one `cargo xtask bootstrap` installs.
fn aws_cli() -> PathBuf {
    if let Ok(path) = std::env::var("CKS_AWS_CLI") {
        let path = PathBuf::from(path);
        assert!(path.exists(), "CKS_AWS_CLI names {}, which does not exist: run `cargo xtask bootstrap`", path.display());
        return path;
    }
    let installed = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".tools/awscli/bin/aws");
    assert!(
        installed.exists(),
        "The AWS CLI is missing: run `cargo xtask bootstrap` (it installs the pinned PyPI awscli into .tools/awscli/), \
         or set CKS_AWS_CLI to an `aws` program. This test runs the real CLI; it does not skip."
    );
    installed
}

#[derive(Clone, Default)]
struct Native(reqwest::Client);

impl Transport for Native {
    fn now_ms(&self) -> u64 {
        SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_millis() as u64
    }

    async fn post(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let mut builder = self.0.post(&request.url).body(request.body);
        for (k, v) in &request.headers {
            builder = builder.header(k, v);
        }
        let response = builder.send().await.map_err(|e| TransportError(e.to_string()))?;
        let status = response.status().as_u16();
        let headers = response.headers().iter().map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or("").to_owned())).collect();
        Ok(HttpResponse { status, headers, body: response.text().await.map_err(|e| TransportError(e.to_string()))? })
    }

    async fn sleep(&self, ms: u64) {
        tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
    }
}

fn demo_credentials() -> Credentials {
    Credentials::from_fields(seed::DEMO_ACCESS_KEY_ID, seed::DEMO_SECRET_ACCESS_KEY, seed::DEMO_SESSION_TOKEN).unwrap()
}

struct Sandbox {
    url: String,
    http: reqwest::Client,
}

impl Sandbox {
    async fn start() -> Sandbox {
        Self::start_with(Seed::demo()).await
    }

    async fn start_with(seed: Seed) -> Sandbox {
        let running = cks_sandbox::start("127.0.0.1:0", seed, Default::default()).await.unwrap();
        Sandbox { url: format!("http://{}/", running.addr), http: reqwest::Client::new() }
    }

    fn target(&self) -> Target {
        Target::new(REGION).endpoint(Some(&self.url))
    }

    async fn log(&self) -> Vec<Value> {
        let log: Value = self.http.get(format!("{}__sandbox/requests", self.url)).send().await.unwrap().json().await.unwrap();
        log["requests"].as_array().unwrap().clone()
    }

    /// The input of the last `operation` the sandbox logged.
    async fn last_input(&self, operation: &str) -> Value {
        let log = self.log().await;
        let entry = log.iter().rev().find(|r| r["operation"] == operation).unwrap_or_else(|| panic!("no {operation} in the log"));
        assert_eq!(entry["status"], 200, "{entry}");
        entry["input"].clone()
    }

    /// Runs `lines` in bash with the demo credentials, `stdin` answering its prompts; returns stdout.
    async fn run(&self, lines: &[String], stdin: &str) -> (bool, String, String) {
        self.run_as(lines, stdin, true).await
    }

    /// As [`Self::run`]; without `env_credentials`, only the `replay` profile of the shared
    /// credentials file holds the demo keys (for commands with `--profile replay`).
    async fn run_as(&self, lines: &[String], stdin: &str, env_credentials: bool) -> (bool, String, String) {
        let cli = aws_cli();
        let script = lines.join("\n");
        let stdin = stdin.to_owned();
        tokio::task::spawn_blocking(move || {
            use std::io::Write;
            let path = format!("{}:{}", cli.parent().unwrap().display(), std::env::var("PATH").unwrap_or_default());
            let home = std::env::temp_dir().join(format!("cks-cli-replay-{}", std::process::id()));
            std::fs::create_dir_all(&home).unwrap();
            // CLI v2 takes a parameter that starts with https:// as it is; v1 fetches the URL
            // unless told not to. The commands are written for v2.
            let config = home.join("config");
            std::fs::write(&config, "[default]\ncli_follow_urlparam = false\n[profile replay]\ncli_follow_urlparam = false\n").unwrap();
            let shared = home.join("credentials");
            let keys = format!(
                "[replay]\naws_access_key_id = {}\naws_secret_access_key = {}\naws_session_token = {}\n",
                seed::DEMO_ACCESS_KEY_ID,
                seed::DEMO_SECRET_ACCESS_KEY,
                seed::DEMO_SESSION_TOKEN
            );
            std::fs::write(&shared, keys).unwrap();
            let mut command = std::process::Command::new("bash");
            command.args(["-c", &format!("set -euo pipefail\n{script}")]).env_clear();
            if env_credentials {
                command
                    .env("AWS_ACCESS_KEY_ID", seed::DEMO_ACCESS_KEY_ID)
                    .env("AWS_SECRET_ACCESS_KEY", seed::DEMO_SECRET_ACCESS_KEY)
                    .env("AWS_SESSION_TOKEN", seed::DEMO_SESSION_TOKEN);
            }
            let mut child = command
                .env("PATH", path)
                .env("HOME", &home)
                .env("AWS_CONFIG_FILE", &config)
                .env("AWS_SHARED_CREDENTIALS_FILE", &shared)
                .env("AWS_EC2_METADATA_DISABLED", "true")
                .env("AWS_MAX_ATTEMPTS", "1")
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("bash runs");
            child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
            let out = child.wait_with_output().unwrap();
            (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
        })
        .await
        .unwrap()
    }

    /// Runs `command`; the sandbox must log `operation` once more, answered 200, with `expected`.
    async fn replay(&self, command: &Command, stdin: &str, operation: &str, expected: &Value) -> String {
        let before = self.log().await.len();
        let (ok, stdout, stderr) = self.run(&command.lines(), stdin).await;
        assert!(ok, "{}\nstdout: {stdout}\nstderr: {stderr}", command.text());
        let log = self.log().await;
        let new: Vec<&Value> = log[before..].iter().filter(|r| r["service"] != "admin").collect();
        assert_eq!(new.len(), 1, "one request per command: {new:?}\n{}", command.text());
        assert_eq!(new[0]["operation"], operation, "{}", command.text());
        assert_eq!(new[0]["status"], 200, "{}", new[0]);
        assert_eq!(&new[0]["input"], expected, "the CLI sent other members than the console\n{}", command.text());
        stdout
    }

    /// The console's logged input replayed as a command of `service`.
    async fn replay_console(&self, service: Service, operation: &str) -> Command {
        let input = self.last_input(operation).await;
        let mut console = input.clone();
        let mut members = input.as_object().unwrap().clone();
        if service == Service::Sts {
            members.remove("Action");
            members.remove("Version");
            // The log has a fingerprint where the console sent the MFA code: the prompt gets the real one.
            if members.contains_key("TokenCode") {
                members.insert("TokenCode".into(), json!(seed::DEMO_MFA_CODE));
            }
            let params: Vec<(String, String)> = members.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned())).collect();
            members = cli::sts_input(&params).as_object().unwrap().clone();
            console["TokenCode"] = json!(fingerprint(seed::DEMO_MFA_CODE));
            if input.get("TokenCode").is_none() {
                console.as_object_mut().unwrap().remove("TokenCode");
            }
        }
        let command = cli::command(&self.target(), service, operation, &Value::Object(members));
        let stdin = if command.secrets.is_empty() { String::new() } else { format!("{}\n", seed::DEMO_MFA_CODE) };
        self.replay(&command, &stdin, operation, &console).await;
        command
    }
}

/// `input` as the sandbox logs it: its secrets as fingerprints.
fn as_logged(input: &impl serde::Serialize) -> Value {
    let mut value = serde_json::to_value(input).unwrap();
    if let Some(p) = value.get_mut("KeyStorePassword") {
        *p = json!(fingerprint(p.as_str().unwrap()));
    }
    if let Some(raw) = value.get_mut("XksProxyAuthenticationCredential").and_then(|c| c.get_mut("RawSecretAccessKey")) {
        *raw = json!(fingerprint(raw.as_str().unwrap()));
    }
    value
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_read_the_console_makes_is_the_same_request_from_the_cli() {
    let sandbox = Sandbox::start().await;
    let native = Native::default();
    let creds = demo_credentials();

    // KMS: the store list, then the key counts (ListKeys and a DescribeKey per key).
    let kms = KmsClient::new(native.clone(), creds.clone(), REGION, &sandbox.url);
    assert!(!kms.describe_all().await.unwrap().is_empty());
    let t = sandbox.target();
    let cmd = sandbox.replay_console(Service::Kms, "DescribeCustomKeyStores").await;
    assert!(cmd.line().contains("--page-size 1000"), "{}", cmd.line());
    // The command the page shows for the request is the one replayed from the request itself.
    assert_eq!(cli::describe_stores(&t), cmd);
    kms.state_of("cks-1a2b3c4d5e6f70001").await.unwrap();
    let cmd = sandbox.replay_console(Service::Kms, "DescribeCustomKeyStores").await;
    assert!(cmd.line().contains("--custom-key-store-id cks-1a2b3c4d5e6f70001"), "{}", cmd.line());
    assert_eq!(cli::describe_store(&t, "cks-1a2b3c4d5e6f70001"), cmd);
    keys::keys_by_store(&kms).await.unwrap();
    assert_eq!(cli::list_keys(&t), sandbox.replay_console(Service::Kms, "ListKeys").await);
    let key_id = sandbox.last_input("DescribeKey").await["KeyId"].as_str().unwrap().to_owned();
    let cmd = sandbox.replay_console(Service::Kms, "DescribeKey").await;
    assert!(cmd.line().starts_with("aws kms describe-key --key-id "), "{}", cmd.line());
    assert_eq!(cli::describe_key(&t, &key_id), cmd);

    // CloudHSM, CloudWatch, CloudTrail: a store's health and history.
    let hsm = JsonClient::new(CLOUDHSM, native.clone(), creds.clone(), REGION, &sandbox.url);
    cluster::describe_clusters(&hsm, &["cluster-7abcdefghij".to_owned()]).await.unwrap();
    let cmd = sandbox.replay_console(Service::CloudHsm, "DescribeClusters").await;
    assert_eq!(cli::describe_clusters(&t, &["cluster-7abcdefghij".to_owned()]), cmd);
    let cw = JsonClient::new(CLOUDWATCH, native.clone(), creds.clone(), REGION, &sandbox.url);
    let window = metrics::Range::Hour.window(native.now_ms());
    let queries = metrics::chart_queries("cks-1a2b3c4d5e6f70004", metrics::Range::Hour.period());
    metrics::get_metric_data(&cw, &queries, window).await.unwrap();
    let cmd = sandbox.replay_console(Service::CloudWatch, "GetMetricData").await;
    assert_eq!(cli::get_metric_data(&t, &queries, window), cmd);
    assert!(cmd.line().contains("--metric-data-queries '[{"), "{}", cmd.line());
    let ct = JsonClient::new(CLOUDTRAIL, native.clone(), creds.clone(), REGION, &sandbox.url);
    let mut pacer = history::Pacer::default();
    history::History::new("cks-1a2b3c4d5e6f70001").load_more(&ct, &mut pacer).await.unwrap();
    // The CLI's lookup comes at CloudTrail's pace (2 a second) after the console's, as a user's would.
    pacer.wait(&native).await;
    let cmd = sandbox.replay_console(Service::CloudTrail, "LookupEvents").await;
    assert_eq!(cli::lookup_events(&t).last(), Some(&cmd), "the last lookup the history made");

    // STS: sign-in, a fleet role with an external id, one behind MFA (the code typed at the prompt).
    let sts = StsClient::new(SignedSender::new(native.clone(), creds.clone(), REGION), &sandbox.url);
    sts.get_caller_identity().await.unwrap();
    assert_eq!(cli::get_caller_identity(&t), sandbox.replay_console(Service::Sts, "GetCallerIdentity").await);
    let partner = AssumeRoleInput {
        role_arn: "arn:aws:iam::444455556666:role/PartnerAudit".into(),
        session_name: "cks-console".into(),
        external_id: Some("sandbox-external-id".into()),
    };
    let extras = AssumeRoleExtras { mfa: None, duration_seconds: Some(3600) };
    sts.assume_role_with(&partner, &extras).await.unwrap();
    let cmd = sandbox.replay_console(Service::Sts, "AssumeRole").await;
    assert_eq!(cli::assume_role(&t, &partner, &extras), cmd);
    assert!(cmd.line().contains("--external-id sandbox-external-id --role-arn"), "{}", cmd.line());
    let glass = AssumeRoleInput { role_arn: "arn:aws:iam::777788889999:role/KeyStoreBreakGlass".into(), session_name: "cks-console".into(), external_id: None };
    let mfa = MfaCode { serial_number: seed::DEMO_MFA_SERIAL.into(), token_code: seed::DEMO_MFA_CODE.into() };
    let extras = AssumeRoleExtras { mfa: Some(mfa), duration_seconds: None };
    sts.assume_role_with(&glass, &extras).await.unwrap();
    let cmd = sandbox.replay_console(Service::Sts, "AssumeRole").await;
    assert_eq!(cli::assume_role(&t, &glass, &extras), cmd);
    assert_eq!(cmd.secrets, [cli::MFA_CODE]);
    assert!(!cmd.text().contains(seed::DEMO_MFA_CODE), "{}", cmd.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_change_the_console_offers_is_the_same_request_from_the_cli() {
    // The demo and a cluster that backs no store yet.
    let mut demo = serde_json::to_value(Seed::demo()).unwrap();
    demo["accounts"][0]["regions"][REGION]["clusters"].as_array_mut().unwrap().push(json!({"id": FREE_CLUSTER}));
    let sandbox = Sandbox::start_with(Seed::from_json(&demo.to_string()).unwrap()).await;
    let t = sandbox.target();

    // An external key store, its proxy secret typed at the prompt.
    let xks = CreateCustomKeyStoreRequest {
        custom_key_store_name: "replayed-xks".into(),
        custom_key_store_type: Some(KeyStoreType::External),
        settings: StoreSettings {
            xks_proxy_uri_endpoint: Some("https://new-proxy.example.com".into()),
            xks_proxy_uri_path: Some("/kms/xks/v1".into()),
            xks_proxy_connectivity: Some(XksConnectivity::PublicEndpoint),
            xks_proxy_authentication_credential: Some(XksProxyCredential {
                access_key_id: "SANDBOXFAKEXKSKEYNEW222".into(),
                raw_secret_access_key: PROXY_SECRET.into(),
            }),
            ..Default::default()
        },
        ..Default::default()
    };
    let cmd = cli::kms(&t, Operation::CreateCustomKeyStore, &xks);
    assert!(!cmd.text().contains(PROXY_SECRET));
    let out = sandbox.replay(&cmd, &format!("{PROXY_SECRET}\n"), "CreateCustomKeyStore", &as_logged(&xks)).await;
    let xks_id = serde_json::from_str::<Value>(&out).unwrap()["CustomKeyStoreId"].as_str().unwrap().to_owned();

    // A CloudHSM store in the --cli-input-json form, the kmsuser password typed at the prompt.
    let hsm = CreateCustomKeyStoreRequest {
        custom_key_store_name: "replayed 'hsm'".into(),
        trust_anchor_certificate: Some("-----BEGIN CERTIFICATE-----\nMIIBsandboxFAKE\n-----END CERTIFICATE-----".into()),
        settings: StoreSettings { cloud_hsm_cluster_id: Some(FREE_CLUSTER.into()), key_store_password: Some(KMSUSER_PASSWORD.into()), ..Default::default() },
        ..Default::default()
    };
    let cmd = cli::cli_input_json(&t, Operation::CreateCustomKeyStore, &hsm).unwrap();
    assert!(!cmd.text().contains("kmsPswd1"));
    let out = sandbox.replay(&cmd, &format!("{KMSUSER_PASSWORD}\n"), "CreateCustomKeyStore", &as_logged(&hsm)).await;
    let hsm_id = serde_json::from_str::<Value>(&out).unwrap()["CustomKeyStoreId"].as_str().unwrap().to_owned();

    // Updates: a rename and a new password (both forms), a new proxy secret.
    let rename = UpdateCustomKeyStoreRequest {
        custom_key_store_id: hsm_id.clone(),
        new_custom_key_store_name: Some("renamed hsm".into()),
        settings: StoreSettings { key_store_password: Some("an0ther pass".into()), ..Default::default() },
    };
    let cmd = cli::kms(&t, Operation::UpdateCustomKeyStore, &rename);
    sandbox.replay(&cmd, "an0ther pass\n", "UpdateCustomKeyStore", &as_logged(&rename)).await;
    let cmd = cli::cli_input_json(&t, Operation::UpdateCustomKeyStore, &rename).unwrap();
    sandbox.replay(&cmd, "an0ther pass\n", "UpdateCustomKeyStore", &as_logged(&rename)).await;
    let rotate = UpdateCustomKeyStoreRequest {
        custom_key_store_id: xks_id.clone(),
        settings: StoreSettings { xks_proxy_authentication_credential: xks.settings.xks_proxy_authentication_credential.clone(), ..Default::default() },
        ..Default::default()
    };
    let cmd = cli::kms(&t, Operation::UpdateCustomKeyStore, &rotate);
    sandbox.replay(&cmd, &format!("{PROXY_SECRET}\n"), "UpdateCustomKeyStore", &as_logged(&rotate)).await;

    // Connect the new external store, disconnect a connected one, delete the new CloudHSM one.
    for (operation, id) in [
        (Operation::ConnectCustomKeyStore, xks_id.as_str()),
        (Operation::DisconnectCustomKeyStore, "cks-1a2b3c4d5e6f70004"),
        (Operation::DeleteCustomKeyStore, hsm_id.as_str()),
    ] {
        let input = CustomKeyStoreIdRequest { custom_key_store_id: id.to_owned() };
        let cmd = cli::kms(&t, operation, &input);
        sandbox.replay(&cmd, "", operation.name(), &as_logged(&input)).await;
    }
    let log = sandbox.log().await;
    let deleted = log.iter().rev().find(|r| r["operation"] == "DeleteCustomKeyStore").unwrap();
    assert_eq!(deleted["store_id"], json!(hsm_id));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_runbook_waits_for_each_store_and_stops_at_a_failure() {
    let sandbox = Sandbox::start().await;
    let change = |operation: Operation, id: &str| Change { target: sandbox.target(), operation, input: json!({ "CustomKeyStoreId": id }), created_id: None };
    // The VPC store disconnects and connects again; partner-xks's proxy is unreachable: it FAILS.
    let changes = [
        change(Operation::DisconnectCustomKeyStore, "cks-1a2b3c4d5e6f70004"),
        change(Operation::ConnectCustomKeyStore, "cks-1a2b3c4d5e6f70004"),
        change(Operation::ConnectCustomKeyStore, "cks-1a2b3c4d5e6f70002"),
        change(Operation::DeleteCustomKeyStore, "cks-1a2b3c4d5e6f70001"),
    ];
    let script = runbook(&changes, &PollSchedule::default());
    let (ok, stdout, stderr) = sandbox.run(std::slice::from_ref(&script), "").await;
    assert!(!ok, "the failed connect stops the runbook\n{stdout}\n{stderr}");
    assert!(stdout.contains("Store cks-1a2b3c4d5e6f70004 is DISCONNECTED.\nStore cks-1a2b3c4d5e6f70004 is CONNECTED.\n"), "{stdout}\n{stderr}");
    assert!(stderr.contains("Store cks-1a2b3c4d5e6f70002 FAILED. ConnectionErrorCode: XKS_PROXY_NOT_REACHABLE"), "{stderr}");
    let log = sandbox.log().await;
    let ops: Vec<&str> = log.iter().filter(|r| r["service"] == "kms").map(|r| r["operation"].as_str().unwrap()).collect();
    assert!(ops.contains(&"ConnectCustomKeyStore"));
    assert!(!ops.contains(&"DeleteCustomKeyStore"), "nothing runs after the failure: {ops:?}");
    // The waits looked at the console's pace: no more often than every 2 seconds per store.
    let looks: Vec<u64> = log
        .iter()
        .filter(|r| r["operation"] == "DescribeCustomKeyStores" && r["store_id"] == "cks-1a2b3c4d5e6f70002")
        .map(|r| r["started_ms"].as_u64().unwrap())
        .collect();
    assert!(looks.len() >= 2, "{looks:?}");
    assert!(looks.windows(2).all(|w| w[1] - w[0] >= 1_900), "{looks:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_account_added_from_a_profile_is_reached_with_its_profile() {
    let sandbox = Sandbox::start().await;
    let target = sandbox.target().profile(Some("replay"));
    let input = CustomKeyStoreIdRequest { custom_key_store_id: "cks-1a2b3c4d5e6f70004".into() };
    let cmd = cli::kms(&target, Operation::DisconnectCustomKeyStore, &input);
    assert!(cmd.line().ends_with("--profile replay"), "{}", cmd.line());
    let (ok, stdout, stderr) = sandbox.run_as(&cmd.lines(), "", false).await;
    assert!(ok, "{stdout}\n{stderr}");
    let log = sandbox.log().await;
    let last = log.last().unwrap();
    assert_eq!((last["operation"].as_str(), last["status"].as_u64()), (Some("DisconnectCustomKeyStore"), Some(200)), "{last}");
    assert_eq!(last["account_id"], seed::DEMO_ACCOUNT_ID);
    // Without the profile, these credentials are nowhere: the CLI finds none.
    let plain = cli::kms(&sandbox.target(), Operation::ConnectCustomKeyStore, &input);
    let (ok, _, stderr) = sandbox.run_as(&plain.lines(), "", false).await;
    assert!(!ok && stderr.contains("credentials"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_runbook_creates_a_store_and_connects_the_one_it_created() {
    let sandbox = Sandbox::start().await;
    let create = json!({"CustomKeyStoreName": "runbook-xks", "CustomKeyStoreType": "EXTERNAL_KEY_STORE", "XksProxyConnectivity": "PUBLIC_ENDPOINT",
        "XksProxyUriEndpoint": "https://new-proxy.example.com", "XksProxyUriPath": "/kms/xks/v1",
        "XksProxyAuthenticationCredential": {"AccessKeyId": "SANDBOXFAKEXKSKEYNEW222", "RawSecretAccessKey": PROXY_SECRET}});
    // The id the console's own create got; the runbook's create gets another.
    let seen = "cks-00000000000000001";
    let changes = [
        Change { target: sandbox.target(), operation: Operation::CreateCustomKeyStore, input: create, created_id: Some(seen.into()) },
        Change { target: sandbox.target(), operation: Operation::ConnectCustomKeyStore, input: json!({"CustomKeyStoreId": seen}), created_id: None },
    ];
    let script = runbook(&changes, &PollSchedule::default());
    assert!(!script.contains(PROXY_SECRET));
    let (ok, stdout, stderr) = sandbox.run(std::slice::from_ref(&script), &format!("{PROXY_SECRET}\n")).await;
    assert!(ok, "{stdout}\n{stderr}");
    let log = sandbox.log().await;
    let created = log.iter().find(|r| r["operation"] == "CreateCustomKeyStore").unwrap();
    assert_eq!(created["input"]["XksProxyAuthenticationCredential"]["RawSecretAccessKey"], json!(fingerprint(PROXY_SECRET)));
    let connected = log.iter().find(|r| r["operation"] == "ConnectCustomKeyStore").unwrap();
    let id = connected["store_id"].as_str().unwrap();
    assert_ne!(id, seen);
    assert!(stdout.contains(&format!("Created store {id}.\nStore {id} is DISCONNECTED.\nStore {id} is CONNECTED.\n")), "{stdout}");
    assert!(stdout.ends_with("Runbook done.\n"), "{stdout}");
}
