//! Turning a KMS operation and its input into an unsigned awsJson 1.1 request.

use crate::aws::http::HttpRequest;
use serde::Serialize;

/// The KMS operations this console calls, by their model names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    DescribeCustomKeyStores,
    ConnectCustomKeyStore,
    DisconnectCustomKeyStore,
    CreateCustomKeyStore,
    UpdateCustomKeyStore,
    DeleteCustomKeyStore,
    /// For counting the keys of a store (with `DescribeKey`), as AWS documents.
    ListKeys,
    DescribeKey,
    /// The aliases of a store's keys, for what a Disconnect would make unusable.
    ListAliases,
}

impl Operation {
    pub const ALL: [Operation; 9] = [
        Self::DescribeCustomKeyStores,
        Self::ConnectCustomKeyStore,
        Self::DisconnectCustomKeyStore,
        Self::CreateCustomKeyStore,
        Self::UpdateCustomKeyStore,
        Self::DeleteCustomKeyStore,
        Self::ListKeys,
        Self::DescribeKey,
        Self::ListAliases,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::DescribeCustomKeyStores => "DescribeCustomKeyStores",
            Self::ConnectCustomKeyStore => "ConnectCustomKeyStore",
            Self::DisconnectCustomKeyStore => "DisconnectCustomKeyStore",
            Self::CreateCustomKeyStore => "CreateCustomKeyStore",
            Self::UpdateCustomKeyStore => "UpdateCustomKeyStore",
            Self::DeleteCustomKeyStore => "DeleteCustomKeyStore",
            Self::ListKeys => "ListKeys",
            Self::DescribeKey => "DescribeKey",
            Self::ListAliases => "ListAliases",
        }
    }

    /// The IAM action that allows the operation (`kms:` plus its name).
    pub fn iam_action(self) -> String {
        format!("kms:{}", self.name())
    }
}

pub const CONTENT_TYPE: &str = crate::aws::json_client::KMS.content_type;

/// The unsigned request for `operation` (see `JsonService::request`).
pub fn build_request(endpoint_url: &str, operation: Operation, input: &impl Serialize) -> HttpRequest {
    crate::aws::json_client::KMS.request(endpoint_url, operation.name(), input)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kms::model::CustomKeyStoreIdRequest;

    #[test]
    fn connect_request_has_target_type_and_body() {
        let input = CustomKeyStoreIdRequest { custom_key_store_id: "cks-1234567890abcdef0".into() };
        let req = build_request("https://kms.eu-west-1.amazonaws.com/", Operation::ConnectCustomKeyStore, &input);
        assert_eq!(req.url, "https://kms.eu-west-1.amazonaws.com/");
        assert_eq!(
            req.headers,
            vec![
                ("content-type".to_string(), "application/x-amz-json-1.1".to_string()),
                ("x-amz-target".to_string(), "TrentService.ConnectCustomKeyStore".to_string()),
            ]
        );
        assert_eq!(req.body, r#"{"CustomKeyStoreId":"cks-1234567890abcdef0"}"#);
    }
}
