//! Filtering and sorting the store table, and keeping that choice in the page URL so a refresh
//! (or a shared link) shows the same view. Only view settings go in the URL, never credentials.

use super::model::{ConnectionState, KeyStore, KeyStoreType};
use std::cmp::Ordering;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Name,
    Id,
    Type,
    Backing,
    State,
    ErrorCode,
    Created,
    /// CloudHSM key stores only.
    Cluster,
    /// External key stores only.
    Connectivity,
    /// External key stores only.
    ProxyEndpoint,
    /// The account the store is in (name and id); shown once the page watches more than one.
    Account,
}

impl Column {
    pub const ALL: [Column; 11] = [
        Self::Name,
        Self::Id,
        Self::Type,
        Self::Backing,
        Self::State,
        Self::ErrorCode,
        Self::Created,
        Self::Cluster,
        Self::Connectivity,
        Self::ProxyEndpoint,
        Self::Account,
    ];

    /// The name names the row and the state is why the page exists: a user cannot hide them.
    pub fn can_hide(self) -> bool {
        !matches!(self, Self::Name | Self::State)
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Id => "id",
            Self::Type => "type",
            Self::Backing => "backing",
            Self::State => "state",
            Self::ErrorCode => "error",
            Self::Created => "created",
            Self::Cluster => "cluster",
            Self::Connectivity => "connectivity",
            Self::ProxyEndpoint => "endpoint",
            Self::Account => "account",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Name => "Name",
            Self::Id => "ID",
            Self::Type => "Type",
            Self::Backing => "Cluster or proxy",
            Self::Cluster => "CloudHSM cluster",
            Self::Connectivity => "Connectivity",
            Self::ProxyEndpoint => "Proxy endpoint",
            Self::State => "Connection state",
            Self::ErrorCode => "Error code",
            Self::Created => "Created",
            Self::Account => "Account",
        }
    }
}

/// What backs the store: its CloudHSM cluster, or its proxy's endpoint.
pub fn backing(s: &KeyStore) -> String {
    match (&s.cloud_hsm_cluster_id, &s.xks_proxy_configuration) {
        (Some(cluster), _) => cluster.clone(),
        (None, Some(x)) => x.uri_endpoint.clone().unwrap_or_default(),
        _ => String::new(),
    }
}

pub fn proxy_endpoint(s: &KeyStore) -> String {
    s.xks_proxy_configuration.as_ref().and_then(|x| x.uri_endpoint.clone()).unwrap_or_default()
}

pub fn connectivity(s: &KeyStore) -> Option<super::model::XksConnectivity> {
    s.xks_proxy_configuration.as_ref().and_then(|x| x.connectivity.clone())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    /// Matched, ignoring case, against name, id, cluster, proxy endpoint and error code.
    pub text: String,
    /// Only stores in this state; `None` for all.
    pub state: Option<ConnectionState>,
    /// Only stores of this type; `None` for all.
    pub store_type: Option<KeyStoreType>,
    pub sort: Column,
    pub descending: bool,
    /// Rows a page of each Region's table holds (one of `PAGE_SIZES`).
    pub page_size: usize,
    /// Columns the user chose not to see (never the name or the state).
    pub hidden: Vec<Column>,
    /// Only this account's stores (its id); `None` for every account.
    pub account: Option<String>,
    pub group: Grouping,
}

/// How the fleet's tables are grouped on the page: each account's Regions together, or each
/// Region's accounts together.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Grouping {
    #[default]
    Account,
    Region,
}

/// The page sizes the table offers. Ten, as the AWS console starts with: a row costs about half a
/// millisecond of script to build, so a thousand stores in ten Regions show their first pages in
/// about a seventh of what building every row takes (BENCHMARKS.md, section 6).
pub const PAGE_SIZES: [usize; 4] = [10, 25, 50, 100];

impl Default for View {
    fn default() -> Self {
        Self {
            text: String::new(),
            state: None,
            store_type: None,
            sort: Column::Name,
            descending: false,
            page_size: PAGE_SIZES[0],
            hidden: vec![],
            account: None,
            group: Grouping::Account,
        }
    }
}

/// One page of a table's rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// 0-based, clamped to the last page.
    pub index: usize,
    pub count: usize,
    /// The rows on it, as a range of the shown rows.
    pub start: usize,
    pub end: usize,
    pub total: usize,
}

impl Page {
    /// Page `wanted` of `total` rows, `size` a page; past the end it is the last page (a filter
    /// or a deleted store can shrink the list under the page the user was on).
    pub fn of(total: usize, size: usize, wanted: usize) -> Self {
        let size = size.max(1);
        let count = total.div_ceil(size).max(1);
        let index = wanted.min(count - 1);
        let start = (index * size).min(total);
        Self { index, count, start, end: (start + size).min(total), total }
    }

    /// "11–20 of 95", or "none" for an empty list.
    pub fn describe(&self) -> String {
        if self.total == 0 {
            "none".to_owned()
        } else {
            format!("{}–{} of {}", self.start + 1, self.end, self.total)
        }
    }
}

impl View {
    pub fn shows(&self, s: &KeyStore) -> bool {
        let needle = self.text.trim().to_lowercase();
        let haystack = [
            s.name().to_owned(),
            s.id().to_owned(),
            backing(s),
            s.xks_proxy_configuration.as_ref().and_then(|x| x.uri_endpoint.clone()).unwrap_or_default(),
            s.connection_error_code.as_ref().map(ToString::to_string).unwrap_or_default(),
        ];
        (needle.is_empty() || haystack.iter().any(|h| h.to_lowercase().contains(&needle)))
            && self.state.as_ref().is_none_or(|want| s.connection_state.as_ref() == Some(want))
            && self.store_type.as_ref().is_none_or(|want| &s.store_type() == want)
    }

    fn compare(&self, a: &KeyStore, b: &KeyStore) -> Ordering {
        let text = |s: &KeyStore| -> String {
            match self.sort {
                Column::Name => s.name().to_lowercase(),
                Column::Id => s.id().to_owned(),
                Column::Type => s.store_type().to_string(),
                Column::Backing => backing(s),
                Column::State => s.connection_state.as_ref().map(ToString::to_string).unwrap_or_default(),
                Column::ErrorCode => s.connection_error_code.as_ref().map(ToString::to_string).unwrap_or_default(),
                Column::Created => String::new(),
                Column::Cluster => s.cloud_hsm_cluster_id.clone().unwrap_or_default(),
                Column::Connectivity => connectivity(s).map(|c| c.to_string()).unwrap_or_default(),
                Column::ProxyEndpoint => proxy_endpoint(s),
                // One table is one account: nothing to order by.
                Column::Account => String::new(),
            }
        };
        let primary =
            if self.sort == Column::Created { a.creation_date.unwrap_or(0.0).total_cmp(&b.creation_date.unwrap_or(0.0)) } else { text(a).cmp(&text(b)) };
        // Ties fall back to the id, so the order never jumps between polls.
        let ordered = primary.then_with(|| a.id().cmp(b.id()));
        if self.descending {
            ordered.reverse()
        } else {
            ordered
        }
    }

    /// The table's columns for the type shown, as the AWS console has one table per type: a
    /// CloudHSM key store's cluster, an external key store's connectivity and proxy endpoint.
    /// The Account column comes after the name once the page watches more than one account
    /// (`fleet`); the user's hidden columns are left out.
    pub fn columns(&self, fleet: bool) -> Vec<Column> {
        self.offered(fleet).into_iter().filter(|c| !self.hidden.contains(c)).collect()
    }

    /// Every column the type shown can have: what the column chooser lists.
    pub fn offered(&self, fleet: bool) -> Vec<Column> {
        use Column::*;
        let of_type: &[Column] = match self.store_type {
            Some(KeyStoreType::CloudHsm) => &[Name, Id, Cluster, State, ErrorCode, Created],
            Some(KeyStoreType::External) => &[Name, Id, Connectivity, ProxyEndpoint, State, ErrorCode, Created],
            _ => &[Name, Id, Type, Backing, State, ErrorCode, Created],
        };
        let mut columns = of_type.to_vec();
        if fleet {
            columns.insert(1, Account);
        }
        columns
    }

    /// Shows or hides a column the user may hide.
    pub fn toggle_column(&mut self, column: Column) {
        if !column.can_hide() {
            return;
        }
        match self.hidden.iter().position(|c| *c == column) {
            Some(i) => {
                self.hidden.remove(i);
            }
            None => self.hidden.push(column),
        }
    }

    /// The ids of the stores this view shows, in its order: the table keys its rows by them, so a
    /// poll that changes a store's fields updates its row in place.
    pub fn ids(&self, stores: &[KeyStore]) -> Vec<String> {
        let mut shown: Vec<&KeyStore> = stores.iter().filter(|s| self.shows(s)).collect();
        shown.sort_by(|a, b| self.compare(a, b));
        shown.into_iter().map(|s| s.id().to_owned()).collect()
    }

    /// Clicking a column header: sort by it, or flip the direction when it is already the key.
    pub fn toggle_sort(&mut self, column: Column) {
        if self.sort == column {
            self.descending = !self.descending;
        } else {
            self.sort = column;
            self.descending = false;
        }
    }

    /// The view's query parameters (only those that differ from the default).
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut q = vec![];
        if !self.text.is_empty() {
            q.push(("q", self.text.clone()));
        }
        if let Some(state) = &self.state {
            q.push(("state", state.to_string()));
        }
        if let Some(kind) = &self.store_type {
            q.push(("type", kind.to_string()));
        }
        if self.sort != Column::Name || self.descending {
            q.push(("sort", format!("{}{}", if self.descending { "-" } else { "" }, self.sort.key())));
        }
        if self.page_size != PAGE_SIZES[0] {
            q.push(("rows", self.page_size.to_string()));
        }
        if !self.hidden.is_empty() {
            q.push(("hide", self.hidden.iter().map(|c| c.key()).collect::<Vec<_>>().join(",")));
        }
        if let Some(account) = &self.account {
            q.push(("account", account.clone()));
        }
        if self.group == Grouping::Region {
            q.push(("group", "region".to_owned()));
        }
        q
    }

    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        let sort = get("sort").unwrap_or_default();
        let (descending, key) = sort.strip_prefix('-').map_or((false, sort.as_str()), |k| (true, k));
        Self {
            text: get("q").unwrap_or_default(),
            // Only values the model defines: a made-up one in a link would hide every store.
            state: get("state").map(|v| ConnectionState::from(v.as_str())).filter(|s| !matches!(s, ConnectionState::Unknown(_))),
            store_type: get("type").map(|v| KeyStoreType::from(v.as_str())).filter(|t| !matches!(t, KeyStoreType::Unknown(_))),
            sort: Column::ALL.into_iter().find(|c| c.key() == key).unwrap_or(Column::Name),
            descending,
            page_size: get("rows").and_then(|r| r.parse().ok()).filter(|n| PAGE_SIZES.contains(n)).unwrap_or(PAGE_SIZES[0]),
            hidden: get("hide").unwrap_or_default().split(',').filter_map(|k| Column::ALL.into_iter().find(|c| c.key() == k && c.can_hide())).fold(
                vec![],
                |mut seen, c| {
                    if !seen.contains(&c) {
                        seen.push(c);
                    }
                    seen
                },
            ),
            account: get("account").filter(|a| a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit())),
            group: if get("group").as_deref() == Some("region") { Grouping::Region } else { Grouping::Account },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chosen_columns_travel_in_the_link_and_the_name_and_state_always_stay() {
        let mut v = View::default();
        v.toggle_column(Column::Id);
        v.toggle_column(Column::Created);
        v.toggle_column(Column::Name);
        v.toggle_column(Column::State);
        assert_eq!(v.columns(false), vec![Column::Name, Column::Type, Column::Backing, Column::State, Column::ErrorCode]);
        assert_eq!(v.columns(true)[1], Column::Account, "the account follows the name in a fleet");
        v.account = Some("444455556666".into());
        v.group = Grouping::Region;
        let q = v.to_query();
        assert!(q.contains(&("hide", "id,created".to_owned())), "{q:?}");
        let back = View::from_query(|k| q.iter().find(|(name, _)| *name == k).map(|(_, v)| v.clone()));
        assert_eq!(back, v);
        v.toggle_column(Column::Id);
        assert!(v.columns(false).contains(&Column::Id), "shown again");
        let odd = View::from_query(|k| match k {
            "hide" => Some("name,state,nonsense,id,id".into()),
            "account" => Some("12345".into()),
            "group" => Some("sideways".into()),
            _ => None,
        });
        assert_eq!((odd.hidden, odd.account, odd.group), (vec![Column::Id], None, Grouping::Account), "a link cannot hide the name or state");
    }

    #[test]
    fn pages_cover_every_row_once_and_clamp_past_the_end() {
        assert_eq!(Page::of(95, 10, 0), Page { index: 0, count: 10, start: 0, end: 10, total: 95 });
        assert_eq!(Page::of(95, 10, 9), Page { index: 9, count: 10, start: 90, end: 95, total: 95 });
        assert_eq!(Page::of(95, 10, 42).index, 9, "past the end is the last page");
        assert_eq!(Page::of(0, 10, 3), Page { index: 0, count: 1, start: 0, end: 0, total: 0 });
        assert_eq!(Page::of(95, 10, 1).describe(), "11–20 of 95");
        assert_eq!(Page::of(0, 10, 0).describe(), "none");
        let covered: usize = (0..Page::of(1000, 25, 0).count).map(|i| Page::of(1000, 25, i)).map(|p| p.end - p.start).sum();
        assert_eq!(covered, 1000);
    }

    #[test]
    fn the_page_size_travels_in_the_link_and_only_offered_sizes_count() {
        let view = View { page_size: 50, ..View::default() };
        assert_eq!(view.to_query(), vec![("rows", "50".to_owned())]);
        let back = View::from_query(|k| (k == "rows").then(|| "50".to_owned()));
        assert_eq!(back.page_size, 50);
        assert_eq!(View::from_query(|k| (k == "rows").then(|| "7".to_owned())).page_size, 10, "an odd size from a link is ignored");
        assert!(View::default().to_query().is_empty());
    }

    fn store(id: &str, name: &str, state: ConnectionState, kind: KeyStoreType, created: f64) -> KeyStore {
        KeyStore {
            custom_key_store_id: Some(id.into()),
            custom_key_store_name: Some(name.into()),
            connection_state: Some(state),
            custom_key_store_type: Some(kind),
            creation_date: Some(created),
            ..Default::default()
        }
    }

    fn sample() -> Vec<KeyStore> {
        vec![
            store("cks-3", "beta", ConnectionState::Failed, KeyStoreType::External, 3.0),
            store("cks-1", "Alpha", ConnectionState::Connected, KeyStoreType::CloudHsm, 2.0),
            store("cks-2", "gamma", ConnectionState::Connected, KeyStoreType::CloudHsm, 1.0),
        ]
    }

    #[test]
    fn filters_combine() {
        let mut v = View { state: Some(ConnectionState::Connected), ..Default::default() };
        assert_eq!(v.ids(&sample()), ["cks-1", "cks-2"]);
        v.text = "GAM".into();
        assert_eq!(v.ids(&sample()), ["cks-2"]);
        let v = View { store_type: Some(KeyStoreType::External), ..Default::default() };
        assert_eq!(v.ids(&sample()), ["cks-3"]);
    }

    #[test]
    fn sorting_by_any_column_both_ways() {
        let mut v = View::default();
        assert_eq!(v.ids(&sample()), ["cks-1", "cks-3", "cks-2"], "names ignore case");
        v.toggle_sort(Column::Created);
        assert_eq!(v.ids(&sample()), ["cks-2", "cks-1", "cks-3"]);
        v.toggle_sort(Column::Created);
        assert_eq!(v.ids(&sample()), ["cks-3", "cks-1", "cks-2"]);
        v.toggle_sort(Column::State);
        assert_eq!(v.ids(&sample()), ["cks-1", "cks-2", "cks-3"], "ties fall back to the id");
    }

    #[test]
    fn each_type_has_its_own_columns() {
        let all = View::default();
        assert!(all.columns(false).contains(&Column::Backing));
        let hsm = View { store_type: Some(KeyStoreType::CloudHsm), ..Default::default() };
        assert!(hsm.columns(false).contains(&Column::Cluster) && !hsm.columns(false).contains(&Column::ProxyEndpoint));
        let xks = View { store_type: Some(KeyStoreType::External), ..Default::default() };
        assert!(xks.columns(false).contains(&Column::Connectivity) && xks.columns(false).contains(&Column::ProxyEndpoint));
        assert!(!xks.columns(false).contains(&Column::Cluster));
    }

    #[test]
    fn the_view_round_trips_through_the_url() {
        let v = View {
            text: "pay".into(),
            state: Some(ConnectionState::Failed),
            store_type: Some(KeyStoreType::CloudHsm),
            sort: Column::Created,
            descending: true,
            page_size: 25,
            ..Default::default()
        };
        let q = v.to_query();
        assert_eq!(q.iter().find(|(k, _)| *k == "sort").unwrap().1, "-created");
        let back = View::from_query(|k| q.iter().find(|(name, _)| *name == k).map(|(_, v)| v.clone()));
        assert_eq!(back, v);
        assert!(View::default().to_query().is_empty());
        let nonsense = View::from_query(|_| Some("nonsense".into()));
        assert_eq!((nonsense.sort, nonsense.state, nonsense.store_type), (Column::Name, None, None), "unknown values fall back to all");
    }
}
