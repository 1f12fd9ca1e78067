//! The table's view, shared by every scope's table: the type tab, the text and state filters, the
//! sort, the page size, the columns, the account filter and the grouping. It starts from the URL;
//! `view_link` keeps it there, with Back and Forward.

use crate::browser::location::query_param;
use crate::kms::listing::View;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct ListViewContext(pub RwSignal<View>);

pub fn provide_list_view() -> RwSignal<View> {
    let view = RwSignal::new(View::from_query(query_param));
    provide_context(ListViewContext(view));
    view
}
