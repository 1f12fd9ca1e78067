//! KMS Regions per partition, and the DNS suffix each partition uses.

#[rustfmt::skip]
#[path = "regions_data.rs"]
mod regions_data;

pub use regions_data::PARTITIONS;

#[derive(Debug, PartialEq, Eq)]
pub struct Partition {
    pub id: &'static str,
    pub dns_suffix: &'static str,
    pub regions: &'static [&'static str],
    /// Regions where KMS also answers on a `kms-fips` host.
    pub fips_regions: &'static [&'static str],
}

/// The partition a Region belongs to, when KMS is known to run there.
pub fn partition_of(region: &str) -> Option<&'static Partition> {
    PARTITIONS.iter().find(|p| p.regions.contains(&region))
}

/// The Regions offered in the picker: the commercial, China and GovCloud partitions.
pub fn public_regions() -> impl Iterator<Item = (&'static str, &'static str)> {
    PARTITIONS.iter().filter(|p| matches!(p.id, "aws" | "aws-cn" | "aws-us-gov")).flat_map(|p| p.regions.iter().map(move |r| (p.id, *r)))
}

/// The Regions a comma-separated list (a link's `region=`) names: the ones the picker offers, each
/// once, in the order given. Anything else is left out, so a made-up name is never polled.
pub fn regions_from_list(text: &str) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    for name in text.split(',').map(str::trim) {
        if public_regions().any(|(_, r)| r == name) && !out.iter().any(|r| r == name) {
            out.push(name.to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_links_regions_are_known_and_unique() {
        assert_eq!(regions_from_list("eu-west-1, us-east-1,eu-west-1,moon-1,,"), ["eu-west-1", "us-east-1"]);
        assert!(regions_from_list("moon-1").is_empty());
    }

    #[test]
    fn partitions_are_found_by_region() {
        assert_eq!(partition_of("eu-west-1").unwrap().dns_suffix, "amazonaws.com");
        assert_eq!(partition_of("cn-north-1").unwrap().dns_suffix, "amazonaws.com.cn");
        assert_eq!(partition_of("us-gov-west-1").unwrap().id, "aws-us-gov");
        assert!(partition_of("xx-nowhere-9").is_none());
    }

    #[test]
    fn picker_covers_three_partitions() {
        let all: Vec<_> = public_regions().collect();
        assert!(all.contains(&("aws", "us-east-1")));
        assert!(all.contains(&("aws-cn", "cn-northwest-1")));
        assert!(all.contains(&("aws-us-gov", "us-gov-east-1")));
        assert!(!all.iter().any(|(p, _)| p.starts_with("aws-iso")));
    }
}
