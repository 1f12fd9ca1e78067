//! Where to look at a store in the AWS console. No deep-link form for these pages is in the
//! documentation this project works from, so each link opens the service's console for the
//! store's Region, and says what to open there. Only the `aws` partition's console is linked
//! (China and GovCloud have consoles of their own, at hosts not documented here).

use crate::aws::regions::partition_of;
use crate::kms::KeyStore;

pub struct ConsoleLink {
    pub service: &'static str,
    pub url: String,
    /// What to open once there.
    pub then: String,
}

fn console(region: &str, path: &str) -> String {
    format!("https://{region}.console.aws.amazon.com/{path}/home?region={region}")
}

/// The links for `store` in `region`; empty outside the `aws` partition.
pub fn console_links(store: &KeyStore, region: &str) -> Vec<ConsoleLink> {
    if partition_of(region).is_none_or(|p| p.id != "aws") {
        return vec![];
    }
    let id = store.id();
    let mut links = vec![ConsoleLink { service: "KMS", url: console(region, "kms"), then: format!("Open Custom key stores, then {id}.") }];
    if let Some(cluster) = &store.cloud_hsm_cluster_id {
        links.push(ConsoleLink { service: "CloudHSM", url: console(region, "cloudhsm"), then: format!("Open Clusters, then {cluster}.") });
    }
    links.push(ConsoleLink {
        service: "CloudWatch",
        url: console(region, "cloudwatch"),
        then: format!("Open Metrics, namespace AWS/KMS, and search for {id}."),
    });
    links.push(ConsoleLink {
        service: "CloudTrail",
        url: console(region, "cloudtrail"),
        then: format!("Open Event history and filter by Resource name = {id}."),
    });
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_service_for_the_region_and_none_outside_the_aws_partition() {
        let store: KeyStore = serde_json::from_value(serde_json::json!({"CustomKeyStoreId": "cks-1", "CloudHsmClusterId": "cluster-1"})).unwrap();
        let links = console_links(&store, "eu-west-1");
        assert_eq!(links.iter().map(|l| l.service).collect::<Vec<_>>(), ["KMS", "CloudHSM", "CloudWatch", "CloudTrail"]);
        assert_eq!(links[0].url, "https://eu-west-1.console.aws.amazon.com/kms/home?region=eu-west-1");
        assert!(links[3].then.contains("cks-1"));
        assert!(console_links(&store, "cn-north-1").is_empty());
    }
}
