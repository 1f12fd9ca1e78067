//! Why a check could not be made. A missing permission or a service that does not answer
//! browsers is an outcome the page explains, never a broken panel.

use crate::aws::codes;
use crate::aws::error::{ErrorKind, ServiceError};
use crate::aws::json_client::JsonService;

/// The sentence that replaces a result: "Not checked: …".
pub fn why_not_checked(service: JsonService, region: &str, action: &str, error: &ServiceError) -> String {
    why_not_checked_by(service.title, region, action, error)
}

/// The same for any service, named by its title (EC2, Elastic Load Balancing, SNS…).
pub fn why_not_checked_by(title: &str, region: &str, action: &str, error: &ServiceError) -> String {
    let code = error.code();
    match &error.kind {
        ErrorKind::Service(_) if codes::is_access_denied(code) || code == "UnauthorizedOperation" || code == "AuthorizationError" => {
            format!("Not checked: these credentials may not call {action}. Ask for that permission to see this.")
        }
        ErrorKind::Network => {
            format!("Not checked: {title} in {region} did not answer this page. It may not accept requests from browsers here, or the network is down.")
        }
        ErrorKind::Service(_) if code.contains("Throttl") => format!("Not checked: {title} is throttling these requests; try again in a minute."),
        _ => format!("Not checked: {title} answered {error}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::json_client::{CLOUDHSM, CLOUDWATCH};

    fn service_error(code: &str) -> ServiceError {
        ServiceError { kind: ErrorKind::Service(code.into()), message: "m".into(), request_id: None, status: Some(400) }
    }

    #[test]
    fn each_cause_gets_its_own_sentence() {
        let denied = why_not_checked(CLOUDHSM, "us-east-1", "cloudhsm:DescribeClusters", &service_error("CloudHsmAccessDeniedException"));
        assert!(denied.contains("may not call cloudhsm:DescribeClusters"), "{denied}");
        let cors = why_not_checked(
            CLOUDWATCH,
            "eu-west-1",
            "cloudwatch:GetMetricData",
            &ServiceError::network(crate::aws::http::TransportError("Failed to fetch".into())),
        );
        assert!(cors.contains("CloudWatch in eu-west-1 did not answer this page"), "{cors}");
        let other = why_not_checked(CLOUDWATCH, "eu-west-1", "x", &service_error("InvalidParameterValue"));
        assert!(other.starts_with("Not checked: CloudWatch answered InvalidParameterValue"), "{other}");
    }
}
