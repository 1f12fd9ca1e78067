//! Which changes of the page's view are a step that Back and Forward move between (a new history
//! entry), and which only bring the entry the page is on up to date. Pure: `state::view_link`
//! drives the browser's history with it.
//!
//! - A choice the user makes (details opened or closed, a tab, a filter, the grouping, the sort,
//!   a Region, the columns) is a new entry.
//! - The text filter is typed a key at a time: its first key starts an entry and the keys after it
//!   replace that entry, so a search is one step back, not one per letter.
//! - What the page does by itself (opening, arriving at an entry with Back or Forward, opening a
//!   linked store once its list loads, dropping a store whose Region closed) corrects the entry.

use super::view_link::STORE_PARAM;

/// The URL parameters of a view, in the order the page writes them. Others (the endpoint, the
/// fleet's accounts) ride along in every entry but are not a view to step between.
pub const VIEW_PARAMS: [&str; 10] = ["q", "state", "type", "sort", "rows", "hide", "account", "group", "region", STORE_PARAM];

/// The text filter's parameter.
const TYPED: &str = "q";

/// Keys typed closer together than this are one search.
pub const TYPING_PAUSE_MS: u64 = 1500;

/// (name, value) pairs of a view, each name once.
pub type Params = Vec<(String, String)>;

/// What one change does to the browser's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Nothing changed.
    Keep,
    /// The entry the page is on now says the new view (`history.replaceState`).
    Replace,
    /// A new entry after it (`history.pushState`).
    Push,
}

#[derive(Debug)]
pub struct History {
    /// When the text filter last changed, while a search is being typed.
    typed_at: Option<u64>,
    /// The page is following something that is not the user's choice: it corrects the entry.
    following: bool,
}

impl Default for History {
    /// A page just opened: what it writes first corrects the entry it opened on.
    fn default() -> Self {
        Self { typed_at: None, following: true }
    }
}

impl History {
    /// The step from the view the entry holds to `after`, made at `now_ms`.
    pub fn step(&mut self, before: &Params, after: &Params, now_ms: u64) -> Step {
        let changed = changed(before, after);
        if changed.is_empty() {
            return Step::Keep;
        }
        if self.following {
            self.typed_at = None;
            return Step::Replace;
        }
        if changed == [TYPED] {
            let typing = self.typed_at.is_some_and(|at| now_ms.saturating_sub(at) < TYPING_PAUSE_MS);
            self.typed_at = Some(now_ms);
            return if typing { Step::Replace } else { Step::Push };
        }
        self.typed_at = None;
        Step::Push
    }

    /// What the page changes from now until [`History::settle`] is its own doing (arriving at an
    /// entry, following a link), not a step of the user's.
    pub fn follow(&mut self) {
        self.following = true;
        self.typed_at = None;
    }

    /// The page has caught up: the user's changes are steps again.
    pub fn settle(&mut self) {
        self.following = false;
    }
}

/// The names whose values differ between two views.
pub fn changed<'a>(before: &'a Params, after: &'a Params) -> Vec<&'a str> {
    let value = |params: &'a Params, name: &str| params.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
    let mut names: Vec<&str> = before.iter().chain(after).map(|(n, _)| n.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    names.retain(|n| value(before, n) != value(after, n));
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Params {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    /// A history that has settled after the page opened.
    fn settled() -> History {
        let mut h = History::default();
        h.settle();
        h
    }

    #[test]
    fn the_first_view_corrects_the_entry_the_page_opened_on() {
        let mut h = History::default();
        assert_eq!(h.step(&params(&[("region", "us-east-1")]), &params(&[("region", "us-east-1"), ("sort", "-created")]), 0), Step::Replace);
        assert_eq!(h.step(&params(&[("region", "us-east-1")]), &params(&[("region", "us-east-1")]), 0), Step::Keep, "nothing to write");
    }

    #[test]
    fn each_choice_is_an_entry() {
        let mut h = settled();
        let plain = params(&[("region", "us-east-1")]);
        let details = params(&[("region", "us-east-1"), ("store", "111122223333/us-east-1/cks-1")]);
        assert_eq!(h.step(&plain, &details, 10), Step::Push, "details opened");
        let tab = params(&[("region", "us-east-1"), ("store", "111122223333/us-east-1/cks-1"), ("type", "EXTERNAL_KEY_STORE")]);
        assert_eq!(h.step(&details, &tab, 20), Step::Push, "a type tab");
        assert_eq!(h.step(&tab, &plain, 30), Step::Push, "two things at once are still one step");
        assert_eq!(h.step(&plain, &params(&[("region", "us-east-1,eu-west-1")]), 40), Step::Push, "a Region added");
    }

    #[test]
    fn a_search_typed_key_by_key_is_one_entry() {
        let mut h = settled();
        let q = |text: &str| params(&[("region", "us-east-1"), ("q", text)]);
        let none = params(&[("region", "us-east-1")]);
        assert_eq!(h.step(&none, &q("l"), 1_000), Step::Push, "the first key leaves the view before it one step back");
        assert_eq!(h.step(&q("l"), &q("li"), 1_200), Step::Replace);
        assert_eq!(h.step(&q("li"), &q("live"), 1_400), Step::Replace);
        assert_eq!(h.step(&q("live"), &q("liv"), 1_400 + TYPING_PAUSE_MS), Step::Push, "after a pause, the settled search is kept as its own entry");
        assert_eq!(h.step(&q("liv"), &none, 1_400 + TYPING_PAUSE_MS + 100), Step::Replace, "erasing it goes on the same entry");
        let state = params(&[("region", "us-east-1"), ("state", "FAILED")]);
        assert_eq!(h.step(&none, &state, 1_400 + TYPING_PAUSE_MS + 200), Step::Push, "a choice ends the search");
        assert_eq!(h.step(&state, &params(&[("region", "us-east-1"), ("state", "FAILED"), ("q", "x")]), 1_400 + TYPING_PAUSE_MS + 300), Step::Push);
    }

    #[test]
    fn what_the_page_does_by_itself_corrects_the_entry_until_it_settles() {
        let mut h = settled();
        let a = params(&[("store", "111122223333/us-east-1/cks-1")]);
        let b = params(&[]);
        h.follow();
        assert_eq!(h.step(&a, &b, 0), Step::Replace, "a linked store that is not there leaves the link");
        assert_eq!(h.step(&b, &params(&[("q", "x")]), 0), Step::Replace);
        h.settle();
        assert_eq!(h.step(&b, &a, 0), Step::Push);
    }

    #[test]
    fn changes_are_compared_by_name_not_by_order() {
        let before = params(&[("q", "a"), ("sort", "-id")]);
        let after = params(&[("sort", "-id"), ("q", "a")]);
        assert!(changed(&before, &after).is_empty());
        assert_eq!(changed(&before, &params(&[("q", "a")])), ["sort"]);
        assert_eq!(changed(&params(&[]), &params(&[("store", "x"), ("q", "y")])), ["q", "store"]);
    }
}
