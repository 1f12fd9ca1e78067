//! What the console learns beyond `DescribeCustomKeyStores`, each from its own AWS service: the
//! CloudHSM cluster behind a store (`cluster`) and the checks before Connect (`preflight`); an
//! external key store's CloudWatch metrics (`metrics`), the word for them (`summary`) and their
//! charts' geometry (`chart`); a store's
//! CloudTrail history (`history`) and its KMS keys (`keys`). Why a check could not be made is
//! `unchecked`. An external key store's checks before Create, Update or Connect are
//! `xks_preflight`; what a Disconnect takes down (keys, aliases, their use from CloudTrail) is
//! `blast_radius`; the CloudWatch alarms AWS recommends, as the console puts and reads them, are
//! `alarms`. Platform-neutral, tested natively.

pub mod alarms;
pub mod blast_radius;
pub mod chart;
pub mod cluster;
pub mod history;
pub mod keys;
pub mod metrics;
pub mod preflight;
pub mod summary;
pub mod unchecked;
pub mod xks_preflight;
