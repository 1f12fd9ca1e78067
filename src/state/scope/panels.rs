//! Which panels of one Region are open: the guide, a confirmation, the details, the create form.
//! Panel state only; what they show is read from the store list.

use crate::kms::rules::Action;
use crate::kms::ConnectionErrorCode;
use leptos::prelude::*;

/// Where the user started an action: its outcome is shown (and announced) there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Table,
    Details,
    Guide,
    Create,
    /// A step of a guided rotation.
    Rotation,
}

/// The troubleshooting guide open for a store that failed with `code`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Guide {
    pub store_id: String,
    pub code: ConnectionErrorCode,
    /// The guide's fix (UpdateCustomKeyStore) was applied since it opened.
    pub fixed: bool,
}

impl Guide {
    pub fn new(store_id: &str, code: ConnectionErrorCode) -> Self {
        Self { store_id: store_id.to_owned(), code, fixed: false }
    }
}

/// Connect or Disconnect waiting for the user's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confirming {
    pub action: Action,
    pub store_id: String,
    pub origin: Origin,
}

#[derive(Clone, Copy)]
pub struct Panels {
    pub guide: RwSignal<Option<Guide>>,
    pub confirming: RwSignal<Option<Confirming>>,
    /// The store whose details are open.
    pub details: RwSignal<Option<String>>,
    pub creating: RwSignal<bool>,
}

impl Panels {
    pub fn new() -> Self {
        Self { guide: RwSignal::new(None), confirming: RwSignal::new(None), details: RwSignal::new(None), creating: RwSignal::new(false) }
    }

    /// Whether a confirm dialog, a guide or a store's details is open (tracked).
    pub fn any_below_open(&self) -> bool {
        self.confirming.with(Option::is_some) || self.guide.with(Option::is_some) || self.details.with(Option::is_some)
    }
}

impl Default for Panels {
    fn default() -> Self {
        Self::new()
    }
}
