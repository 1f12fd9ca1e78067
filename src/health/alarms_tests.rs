use super::*;

fn op(k: &str, x: &str) -> Operation {
    Operation { kms_operation: k.into(), xks_operation: x.into(), key_spec: "AES_256".into() }
}

fn series() -> StoreSeries {
    StoreSeries {
        store_id: "cks-1".into(),
        certificate_names: vec!["xks.example.com".into()],
        operations: vec![op("Encrypt", "Encrypt"), op("Decrypt", "Decrypt")],
        errors: vec![ErrorSeries {
            operation: op("Decrypt", "Decrypt"),
            error_type: "Retryable".into(),
            exception_name: "XksProxyUriUnreachableException".into(),
        }],
        throttles: vec![],
    }
}

#[test]
fn the_recommended_alarms_are_exact_inputs() {
    let policy = Policy { topic_arn: Some("arn:aws:sns:us-east-1:111122223333:ops".into()), ..Policy::default() };
    let (alarms, skipped) = recommended_alarms(&series(), &policy);
    let names: Vec<&str> = alarms.iter().map(|a| a.alarm_name.as_str()).collect();
    assert_eq!(
        names,
        ["cks-console/cks-1/certificate-days", "cks-console/cks-1/latency-p99", "cks-console/cks-1/retryable-errors", "cks-console/cks-1/credential-age"]
    );
    assert_eq!(skipped.iter().map(|s| s.kind).collect::<Vec<_>>(), [Kind::NonRetryableErrors, Kind::Throttles]);

    let cert = serde_json::to_value(&alarms[0]).unwrap();
    assert_eq!(cert["MetricName"], "XksProxyCertificateDaysToExpire");
    assert_eq!(cert["Dimensions"], json!([{"Name": "CustomKeyStoreId", "Value": "cks-1"}, {"Name": "CertificateName", "Value": "xks.example.com"}]));
    assert_eq!(
        (cert["Statistic"].as_str(), cert["Threshold"].as_f64(), cert["ComparisonOperator"].as_str()),
        (Some("Minimum"), Some(30.0), Some("LessThanThreshold"))
    );
    assert_eq!(cert["AlarmActions"], json!(["arn:aws:sns:us-east-1:111122223333:ops"]));
    assert_eq!(cert["OKActions"], json!(["arn:aws:sns:us-east-1:111122223333:ops"]));

    // Two operations: metric math, the highest p99 of the two.
    let latency = serde_json::to_value(&alarms[1]).unwrap();
    assert!(latency.get("MetricName").is_none());
    let metrics = latency["Metrics"].as_array().unwrap();
    assert_eq!(metrics.len(), 3);
    assert_eq!(metrics[0]["MetricStat"]["Stat"], "p99");
    assert_eq!(metrics[0]["ReturnData"], false);
    assert_eq!(metrics[2], json!({"Id": "e0", "Expression": "MAX([m0, m1])", "Label": "cks-console/cks-1/latency-p99", "ReturnData": true}));
    assert_eq!(latency["Threshold"], 200.0);

    // One error series: a plain alarm on its Sum a minute.
    let errors = serde_json::to_value(&alarms[2]).unwrap();
    assert_eq!((errors["Statistic"].as_str(), errors["Period"].as_u64(), errors["Threshold"].as_f64()), (Some("Sum"), Some(60), Some(5.0)));
    assert_eq!(errors["Dimensions"].as_array().unwrap().len(), 6);
    let age = serde_json::to_value(&alarms[3]).unwrap();
    assert_eq!((age["MetricName"].as_str(), age["Threshold"].as_f64()), (Some("XksProxyCredentialAge"), Some(90.0)));
    assert!(age.get("AlarmActions").is_none() || policy.topic_arn.is_some());
    assert!(alarms.iter().all(|a| a.alarm_description.contains("Created by cks-console")));
}

#[test]
fn a_single_latency_series_uses_the_extended_statistic() {
    let mut s = series();
    s.operations.truncate(1);
    let (alarms, _) = recommended_alarms(&s, &Policy { certificate_days: AWS_CERTIFICATE_DAYS, ..Policy::default() });
    let latency = serde_json::to_value(&alarms[1]).unwrap();
    assert_eq!((latency["ExtendedStatistic"].as_str(), latency.get("Statistic")), (Some("p99"), None));
    assert_eq!(serde_json::to_value(&alarms[0]).unwrap()["Threshold"], 10.0);
}

#[test]
fn discovery_labels_become_series() {
    let results = [
        ("certificates".to_owned(), "xks.example.com".to_owned()),
        ("operations".to_owned(), "Encrypt|Encrypt|AES_256".to_owned()),
        ("operations".to_owned(), "Encrypt|Encrypt|AES_256".to_owned()),
        ("errors".to_owned(), "Decrypt|Decrypt|AES_256|Non-retryable|XksProxyInvalidResponseException".to_owned()),
        ("throttles".to_owned(), "throttles".to_owned()),
    ];
    let s = parse_discovery("cks-1", &results);
    assert_eq!(s.certificate_names, ["xks.example.com"]);
    assert_eq!(s.operations, [op("Encrypt", "Encrypt")]);
    assert_eq!(s.errors[0].error_type, "Non-retryable");
    assert!(s.throttles.is_empty(), "a query that matched nothing is labelled with its id");
    assert_eq!(discovery_queries("cks-1").len(), 4);
}

#[test]
fn described_alarms_are_grouped_by_store_and_only_ours_deletable() {
    let answer = json!({"MetricAlarms": [
        {"AlarmName": "cks-console/cks-1/latency-p99", "StateValue": "ALARM", "Threshold": 200.0, "ComparisonOperator": "GreaterThanThreshold",
         "Metrics": [{"Id": "m0", "MetricStat": {"Metric": {"Namespace": "AWS/KMS", "MetricName": "XksProxyLatency", "Dimensions": [{"Name": "CustomKeyStoreId", "Value": "cks-1"}]}, "Period": 300, "Stat": "p99"}}]},
        {"AlarmName": "team-alarm", "StateValue": "OK", "Dimensions": [{"Name": "CustomKeyStoreId", "Value": "cks-1"}]},
        {"AlarmName": "cks-console/cks-2/credential-age", "StateValue": "INSUFFICIENT_DATA"}
    ], "NextToken": "n"});
    let (alarms, next) = parse_alarms(&answer);
    assert_eq!(next.as_deref(), Some("n"));
    let grouped = by_store(alarms.clone());
    assert_eq!(grouped["cks-1"].len(), 2);
    assert_eq!(grouped["cks-2"][0].state.as_deref(), Some("INSUFFICIENT_DATA"));
    assert_eq!(deletable("cks-1", &alarms), ["cks-console/cks-1/latency-p99"]);
    assert!(alarms[0].ours && !alarms[1].ours);
}

#[test]
fn sns_topics_are_read() {
    let xml = "<ListTopicsResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><ListTopicsResult><Topics><member><TopicArn>arn:aws:sns:us-east-1:1:a</TopicArn></member>\
               <member><TopicArn>arn:aws:sns:us-east-1:1:b</TopicArn></member></Topics><NextToken>t</NextToken></ListTopicsResult></ListTopicsResponse>";
    let (topics, next) = parse_topics(xml).unwrap();
    assert_eq!(topics, ["arn:aws:sns:us-east-1:1:a", "arn:aws:sns:us-east-1:1:b"]);
    assert_eq!(next.as_deref(), Some("t"));
    assert!(parse_topics("<html/>").is_err());
}
