//! CloudHSM v2's DescribeClusters over HTTP: the Region's clusters with their HSMs as seeded,
//! filters, pagination, the deny list and the signing name. Every answer is checked against the
//! cloudhsmv2 model by `common::call`.

mod common;

use cks_sandbox::seed::Seed;
use common::{call, kms, logged, raw_call, sandbox, seed_with, store_state, Error, CLOUDHSM};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::time::Duration;

fn demo() -> Seed {
    let mut seed = Seed::demo();
    seed.settings.throttle_per_second = None;
    seed
}

fn ids(answer: &Value) -> Vec<String> {
    answer["Clusters"].as_array().unwrap().iter().map(|c| c["ClusterId"].as_str().unwrap().to_owned()).collect()
}

fn cluster<'a>(answer: &'a Value, id: &str) -> &'a Value {
    answer["Clusters"].as_array().unwrap().iter().find(|c| c["ClusterId"] == id).unwrap_or_else(|| panic!("no {id} in {answer}"))
}

fn zones(cluster: &Value) -> Vec<String> {
    cluster["Hsms"].as_array().unwrap().iter().map(|h| h["AvailabilityZone"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn the_demo_regions_clusters_are_described_as_seeded() {
    let url = sandbox(demo()).await;
    let all = call(&url, CLOUDHSM, "DescribeClusters", json!({})).await.unwrap();
    // Listed clusters and the ones stores name, by id.
    assert_eq!(ids(&all), ["cluster-2bcdefghijk", "cluster-4defghijklm", "cluster-5efghijklmn", "cluster-7abcdefghij"]);
    assert!(all.get("NextToken").is_none());
    let payments = cluster(&all, "cluster-7abcdefghij");
    assert_eq!((payments["State"].as_str(), payments["HsmType"].as_str()), (Some("ACTIVE"), Some("hsm1.medium")));
    assert_eq!(zones(payments), ["us-east-1a", "us-east-1b"]);
    assert!(payments["Certificates"]["ClusterCertificate"].as_str().unwrap().starts_with("-----BEGIN CERTIFICATE-----"));
    for hsm in payments["Hsms"].as_array().unwrap() {
        assert_eq!((hsm["State"].as_str(), hsm["ClusterId"].as_str()), (Some("ACTIVE"), Some("cluster-7abcdefghij")));
        let zone = hsm["AvailabilityZone"].as_str().unwrap();
        assert_eq!(payments["SubnetMapping"][zone], hsm["SubnetId"], "each HSM sits in its zone's subnet");
        assert!(hsm["EniIp"].as_str().unwrap().starts_with("10.0."));
    }
    // legacy-hsm's cluster is listed with both HSMs in one zone: a warning case.
    let legacy = cluster(&all, "cluster-2bcdefghijk");
    assert_eq!(zones(legacy), ["us-east-1a", "us-east-1a"]);
    assert_eq!(legacy["SubnetMapping"].as_object().unwrap().len(), 1);
    assert_eq!(cluster(&all, "cluster-5efghijklmn")["Hsms"], json!([]));
    // The same seed always shows the same ids.
    assert_eq!(call(&url, CLOUDHSM, "DescribeClusters", json!({})).await.unwrap(), all);
    let eu = common::call_as(&url, &common::demo_credentials(), "eu-west-1", CLOUDHSM, "DescribeClusters", json!({})).await.unwrap();
    assert_eq!(ids(&eu), ["cluster-3cdefghijkl"]);
    assert_eq!(zones(&eu["Clusters"][0])[0], "eu-west-1a");

    let entry = logged(&url, "DescribeClusters").await.pop().unwrap();
    assert_eq!(
        (entry["service"].as_str(), entry["account_id"].as_str(), entry["region"].as_str()),
        (Some("cloudhsm"), Some("111122223333"), Some("eu-west-1"))
    );
    assert_eq!(entry["store_id"], Value::Null);
}

#[tokio::test]
async fn filters_select_and_unknown_filters_are_refused() {
    let url = sandbox(demo()).await;
    let one = call(&url, CLOUDHSM, "DescribeClusters", json!({"Filters": {"clusterIds": ["cluster-7abcdefghij", "cluster-nonexistent"]}})).await.unwrap();
    assert_eq!(ids(&one), ["cluster-7abcdefghij"]);
    let vpc = one["Clusters"][0]["VpcId"].clone();
    let by_vpc = call(&url, CLOUDHSM, "DescribeClusters", json!({"Filters": {"vpcIds": [vpc]}})).await.unwrap();
    assert_eq!(ids(&by_vpc), ["cluster-7abcdefghij"]);
    let both = json!({"Filters": {"states": ["ACTIVE"], "clusterIds": ["cluster-5efghijklmn", "cluster-2bcdefghijk"]}});
    assert_eq!(ids(&call(&url, CLOUDHSM, "DescribeClusters", both).await.unwrap()), ["cluster-2bcdefghijk", "cluster-5efghijklmn"]);
    let none = call(&url, CLOUDHSM, "DescribeClusters", json!({"Filters": {"states": ["DEGRADED"]}})).await.unwrap();
    assert_eq!(none["Clusters"], json!([]));

    let e = call(&url, CLOUDHSM, "DescribeClusters", json!({"Filters": {"names": ["x"]}})).await.unwrap_err();
    assert_eq!((e.status, e.error_type.as_str()), (400, "CloudHsmInvalidRequestException"));
    assert!(e.message.contains("names"), "{}", e.message);
    let e = call(&url, CLOUDHSM, "DescribeClusters", json!({"MaxResults": 26})).await.unwrap_err();
    assert_eq!(e.error_type, "CloudHsmInvalidRequestException");
    assert!(e.message.contains("'maxResults' failed to satisfy constraint: Member must have value less than or equal to 25"), "{}", e.message);
    let e = call(&url, CLOUDHSM, "DescribeClusters", json!({"MaxResults": "ten"})).await.unwrap_err();
    assert_eq!(e.error_type, "SerializationException");
}

#[tokio::test]
async fn pages_list_every_cluster_once() {
    let url = sandbox(demo()).await;
    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    for page in 1.. {
        let mut input = json!({"MaxResults": 1});
        if let Some(t) = token.take() {
            input["NextToken"] = json!(t);
        }
        let answer = call(&url, CLOUDHSM, "DescribeClusters", input).await.unwrap();
        assert_eq!(answer["Clusters"].as_array().unwrap().len(), 1, "page {page}");
        seen.extend(ids(&answer));
        match answer["NextToken"].as_str() {
            Some(t) => token = Some(t.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen.len(), 4);
    assert_eq!(seen.iter().collect::<BTreeSet<_>>().len(), 4);
    let e = call(&url, CLOUDHSM, "DescribeClusters", json!({"NextToken": "not-a-token"})).await.unwrap_err();
    assert_eq!(e.error_type, "CloudHsmInvalidRequestException");
}

#[tokio::test]
async fn degraded_hsms_are_shown_and_a_cluster_without_active_ones_fails_connect() {
    let url = sandbox(seed_with(json!({"us-east-1": {
        "stores": [{"id": "cks-00000000000000001", "name": "hsm", "type": "AWS_CLOUDHSM", "cloud_hsm_cluster_id": "cluster-aaaaaaaaaaa", "connect_delay_ms": 100}],
        "clusters": [{"id": "cluster-aaaaaaaaaaa", "active_hsms": 0, "degraded_hsms": 2, "hsm_zones": ["b", "c"]}]
    }})))
    .await;
    let answer = call(&url, CLOUDHSM, "DescribeClusters", json!({})).await.unwrap();
    let c = cluster(&answer, "cluster-aaaaaaaaaaa");
    let states: Vec<&str> = c["Hsms"].as_array().unwrap().iter().map(|h| h["State"].as_str().unwrap()).collect();
    assert_eq!(states, ["DEGRADED", "DEGRADED"]);
    assert_eq!(zones(c), ["us-east-1b", "us-east-1c"]);
    kms(&url, "ConnectCustomKeyStore", json!({"CustomKeyStoreId": "cks-00000000000000001"})).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(store_state(&url, "cks-00000000000000001").await, ("FAILED".into(), Some("INSUFFICIENT_CLOUDHSM_HSMS".into())));
}

#[tokio::test]
async fn the_deny_list_and_the_signing_name_are_enforced() {
    let mut seed = demo();
    seed.accounts[0].deny = vec!["cloudhsm:DescribeClusters".into()];
    let url = sandbox(seed).await;
    let Error { status, error_type, message } = call(&url, CLOUDHSM, "DescribeClusters", json!({})).await.unwrap_err();
    assert_eq!((status, error_type.as_str()), (400, "CloudHsmAccessDeniedException"));
    assert_eq!(
        message,
        "User: arn:aws:sts::111122223333:assumed-role/SandboxDemo/demo-user is not authorized to perform: cloudhsm:DescribeClusters \
         on resource: arn:aws:cloudhsm:us-east-1:111122223333:cluster/* because no identity-based policy allows the cloudhsm:DescribeClusters action"
    );
    // Signed for the endpoint prefix instead of the signing name.
    let response = raw_call(&url, &common::demo_credentials(), "us-east-1", CLOUDHSM, "cloudhsmv2", "DescribeClusters", &json!({})).await;
    let body: Value = serde_json::from_str(&response.body).unwrap();
    assert_eq!((response.status, body["__type"].as_str()), (400, Some("InvalidSignatureException")));
    assert_eq!(body["message"], "Credential should be scoped to correct service: 'cloudhsm'.");
}
