//! `cks-sandbox [--listen ADDR] [--seed FILE | --fleet AxRxS] [fault flags] [--console DIR [--console-listen ADDR]]`

use cks_sandbox::faults::{Faults, Service};
use cks_sandbox::{seed, site, start, DEFAULT_CONSOLE_LISTEN, DEFAULT_LISTEN};
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cks-sandbox [--listen ADDR] [--seed FILE | --fleet AxRxS] [--console DIR] [--console-listen ADDR]

  --listen ADDR          where KMS (and STS, CloudHSM, CloudWatch, CloudTrail, Organizations,
                         IAM) answer (default 127.0.0.1:9780)
  --seed FILE            accounts, credentials and stores as JSON (default: the built-in demo seed)
  --fleet AxRxS          instead of a seed, a generated fleet for benchmarks: the demo account as
                         the hub of an organization of A member accounts, each with role
                         KeyStoreOperator trusting the hub and S stores in each of the first R of
                         us-east-1, eu-west-1, us-west-2, ap-southeast-2, eu-central-1,
                         ap-northeast-1, ca-central-1, sa-east-1, ap-south-1, eu-north-1
                         (e.g. --fleet 50x4x20)
  --console DIR          also serve the built console from DIR (e.g. dist)
  --console-listen ADDR  where the console is served (default 127.0.0.1:9781)
  --latency-ms N         delay every service answer by N ms
  --clock-offset-seconds N   run the sandbox clock N seconds off (Date header and signature check)
  --fault KIND[:COUNT]   the next COUNT requests meet KIND: http_500, http_503, throttle,
                         malformed, truncated, html, drop (repeatable, applied in order)
  --refuse-browsers SERVICE  answer SERVICE (kms, sts, cloudhsm, monitoring, cloudtrail,
                         organizations, iam) without CORS headers, as a Region whose service does
                         not answer browsers (repeatable)

Admin API (loopback callers addressing 127.0.0.1, localhost or [::1] only): GET /__sandbox/requests,
GET /__sandbox/state, POST /__sandbox/reset, GET|POST|DELETE /__sandbox/faults. See sandbox/README.md.";

struct Args {
    listen: String,
    seed: Option<PathBuf>,
    fleet: Option<String>,
    console: Option<PathBuf>,
    console_listen: String,
    faults: Faults,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        listen: DEFAULT_LISTEN.into(),
        seed: None,
        fleet: None,
        console: None,
        console_listen: DEFAULT_CONSOLE_LISTEN.into(),
        faults: Faults::default(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--listen" => args.listen = value()?,
            "--seed" => args.seed = Some(value()?.into()),
            "--fleet" => args.fleet = Some(value()?),
            "--console" => args.console = Some(value()?.into()),
            "--console-listen" => args.console_listen = value()?,
            "--latency-ms" => args.faults.latency_ms = value()?.parse().map_err(|_| "--latency-ms takes a number")?,
            "--clock-offset-seconds" => args.faults.clock_offset_seconds = value()?.parse().map_err(|_| "--clock-offset-seconds takes a number")?,
            "--fault" => {
                let flag = value()?;
                args.faults.parse_flag(&flag)?
            }
            "--refuse-browsers" => {
                let service = Service::parse(&value()?)?;
                args.faults.refuse_browsers.push(service);
            }
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if args.seed.is_some() && args.fleet.is_some() {
        return Err("--seed and --fleet exclude each other".into());
    }
    Ok(args)
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("cks-sandbox: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let seed = match (&args.seed, &args.fleet) {
        (None, Some(flag)) => match seed::parse_fleet(flag) {
            Ok(seed) => seed,
            Err(e) => {
                eprintln!("cks-sandbox: {e}\n{USAGE}");
                return ExitCode::from(2);
            }
        },
        (None, None) => seed::Seed::demo(),
        (Some(path), _) => match std::fs::read_to_string(path).map_err(|e| e.to_string()).and_then(|t| seed::Seed::from_json(&t)) {
            Ok(seed) => seed,
            Err(e) => {
                eprintln!("cks-sandbox: {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        },
    };
    let running = match start(&args.listen, seed, args.faults).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("cks-sandbox: cannot listen on {}: {e}", args.listen);
            return ExitCode::FAILURE;
        }
    };
    let kms = format!("http://{}", running.addr);
    println!("KMS sandbox:   {kms}");
    if let Some(dir) = args.console {
        match site::serve_console(dir, &args.console_listen).await {
            Ok(addr) => println!("\nOpen the console:  http://{addr}/?endpoint={kms}&region=us-east-1\n"),
            Err(e) => {
                eprintln!("cks-sandbox: cannot serve the console: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    if args.seed.is_none() {
        println!("Demo credentials (FAKE: accepted by this sandbox only, never by AWS):");
        println!("  Access key ID      {}", seed::DEMO_ACCESS_KEY_ID);
        println!("  Secret access key  {}", seed::DEMO_SECRET_ACCESS_KEY);
        println!("  Session token      {}", seed::DEMO_SESSION_TOKEN);
        println!("A long-term demo key, for sts get-session-token (also FAKE):");
        println!("  Access key ID      {}", seed::DEMO_LONG_TERM_ACCESS_KEY_ID);
        println!("  Secret access key  {}", seed::DEMO_LONG_TERM_SECRET);
        if args.fleet.is_none() {
            println!("The production account's KeyStoreBreakGlass role asks for MFA (FAKE device and code):");
            println!("  SerialNumber       {}", seed::DEMO_MFA_SERIAL);
            println!("  TokenCode          {}", seed::DEMO_MFA_CODE);
        }
    }
    if let Some(fleet) = &args.fleet {
        println!("Fleet {fleet}: the demo account is the hub; members 200000000000 and up, role KeyStoreOperator.");
    }
    println!("Press Ctrl-C to stop.");
    let _ = tokio::signal::ctrl_c().await;
    ExitCode::SUCCESS
}
