//! "Export CSV": downloads the list a page shows (its search and filters) as a CSV file, with
//! a progress bar counting rows against the total the server sends ahead.

use leptos::prelude::*;

use super::email_entries::group;
use super::feedback::{failed, Feedback};
use crate::api::export::{download_csv, Progress};

/// The query of an export: `(name, value)` pairs, read when the button is pressed.
pub type ExportQuery = Vec<(&'static str, String)>;

/// The button, the progress while downloading, and how it ended.
#[component]
pub fn CsvExport(
    /// The export's API path.
    #[prop(into)]
    path: String,
    /// The file's name, without `.csv`.
    #[prop(into)]
    file_name: String,
    /// The page's current search and filters.
    query: Callback<(), ExportQuery>,
) -> impl IntoView {
    let progress = RwSignal::new(None::<Progress>);
    let notice = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let running = move || progress.with(Option::is_some);
    let start = move |_| {
        if running() {
            return;
        }
        let (path, file) = (path.clone(), format!("{file_name}.csv"));
        let query = query.run(());
        notice.set(None);
        error.set(None);
        progress.set(Some(Progress::default()));
        leptos::task::spawn_local(async move {
            let result = download_csv(&path, &query, &file, |p| progress.set(Some(p))).await;
            progress.set(None);
            match result {
                Ok(rows) => notice.set(Some(format!(
                    "Exported {} {} to {file}.",
                    group(rows as usize),
                    if rows == 1 { "row" } else { "rows" }
                ))),
                Err(e) => error.set(Some(failed("The export failed", &e))),
            }
        });
    };
    let bar = move || {
        progress.get().map(|p| {
            let text = match p.total {
                Some(total) => format!(
                    "Exporting… {} of {} rows",
                    group(p.rows as usize),
                    group(total as usize)
                ),
                None => format!("Exporting… {} rows", group(p.rows as usize)),
            };
            let max = p.total.unwrap_or(0).max(1).to_string();
            view! {
                <progress class="export-progress" max=max value=p.rows.to_string() aria-label="Export progress"></progress>
                <span class="muted export-count" role="status">{text}</span>
            }
        })
    };
    view! {
        <div class="csv-export">
            <button type="button" class="button" disabled=running on:click=start>"Export CSV"</button>
            {bar}
            <Feedback notice=notice error=error/>
        </div>
    }
}
