//! The table's view, shared by every scope's table and kept in the URL: the type tab, the text
//! and state filters, the sort and the page size.

use crate::browser::location::{query_param, replace_query};
use crate::kms::listing::View;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct ListViewContext(pub RwSignal<View>);

pub fn provide_list_view() {
    let view = RwSignal::new(View::from_query(query_param));
    Effect::new(move |_| view.with(|v| replace_query(&["q", "state", "type", "sort", "rows", "hide", "account", "group"], &v.to_query())));
    provide_context(ListViewContext(view));
}
