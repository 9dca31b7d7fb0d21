//! Settings → Customers → Import CSV (site admins): choose a file, check the columns the
//! header names (changeable), see the dry run row by row with its totals, then import it as a
//! job whose progress page (`/settings/customers/import/{id}`) survives a reload and ends with
//! the same report, downloadable as CSV.

use clientele_domain::wire::import::{
    ImportMapping, ImportOptions, ImportOutcome, ImportState, ImportStatus,
};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::api::imports;
use crate::components::email_entries::group;
use crate::components::feedback::{failed, Feedback};

/// Rows of the report shown on the page; the whole report downloads as CSV.
const SHOWN_ROWS: usize = 100;

/// The file chosen: its name and text.
#[derive(Clone, Debug, Default)]
struct Chosen {
    name: String,
    text: String,
}

/// Reads the file the input holds.
async fn read_file(input: &web_sys::HtmlInputElement) -> Result<Chosen, String> {
    let file = input
        .files()
        .and_then(|files| files.get(0))
        .ok_or_else(|| "Choose a CSV file.".to_string())?;
    let text = JsFuture::from(file.text())
        .await
        .map_err(|_| "The browser could not read the file.".to_string())?
        .as_string()
        .unwrap_or_default();
    Ok(Chosen {
        name: file.name(),
        text,
    })
}

/// `/settings/customers/import`: choose, check, import.
#[component]
pub fn ImportPage() -> impl IntoView {
    let chosen = StoredValue::new(None::<Chosen>);
    let file_name = RwSignal::new(String::new());
    let options = RwSignal::new(ImportOptions::default());
    let mapping = RwSignal::new(None::<ImportMapping>);
    let report = RwSignal::new(None::<ImportStatus>);
    let checking = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let navigate = use_navigate();

    // A dry run of the chosen file with the current columns and options.
    let check = move || {
        let Some(file) = chosen.get_value() else {
            return;
        };
        checking.set(true);
        error.set(None);
        let (columns, opts) = (mapping.get_untracked(), options.get_untracked());
        leptos::task::spawn_local(async move {
            match imports::start(file.text, &file.name, columns, opts, true).await {
                Ok(status) => {
                    mapping.set(Some(status.mapping));
                    report.set(Some(status));
                }
                Err(e) => {
                    report.set(None);
                    error.set(Some(failed("The file can't be imported", &e)));
                }
            }
            checking.set(false);
        });
    };
    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        mapping.set(None);
        report.set(None);
        leptos::task::spawn_local(async move {
            match read_file(&input).await {
                Ok(file) => {
                    file_name.set(file.name.clone());
                    chosen.set_value(Some(file));
                    check();
                }
                Err(message) => error.set(Some(message)),
            }
        });
    };
    let set_column = move |which: &'static str, value: String| {
        let column = value.parse::<usize>().ok();
        mapping.update(|m| {
            let m = m.get_or_insert_with(ImportMapping::default);
            match which {
                "email" => m.email = column,
                "name" => m.display_name = column,
                "organizations" => m.organizations = column,
                _ => m.projects = column,
            }
        });
        check();
    };
    let importing = RwSignal::new(false);
    let start_import = move |_| {
        let Some(file) = chosen.get_value() else {
            return;
        };
        importing.set(true);
        error.set(None);
        let (columns, opts) = (mapping.get_untracked(), options.get_untracked());
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match imports::start(file.text, &file.name, columns, opts, false).await {
                Ok(status) => navigate(
                    &format!("/settings/customers/import/{}", status.id),
                    Default::default(),
                ),
                Err(e) => error.set(Some(failed("The import did not start", &e))),
            }
            importing.set(false);
        });
    };

    let column_select = move |label: &'static str, which: &'static str, id: &'static str| {
        view! {
            <div class="filter-field">
                <label for=id>{label}</label>
                <select id=id on:change=move |ev| set_column(which, event_target_value(&ev))>
                    {move || {
                        let status = report.get();
                        let columns = status.as_ref().map(|s| s.columns.clone()).unwrap_or_default();
                        let current = status.and_then(|s| match which {
                            "email" => s.mapping.email,
                            "name" => s.mapping.display_name,
                            "organizations" => s.mapping.organizations,
                            _ => s.mapping.projects,
                        });
                        let none = view! { <option value="none" selected=current.is_none()>"None"</option> };
                        let options = columns.into_iter().enumerate().map(|(i, name)| {
                            view! { <option value=i.to_string() selected=current == Some(i)>{name}</option> }
                        }).collect_view();
                        view! { {none}{options} }
                    }}
                </select>
            </div>
        }
    };

    let dry_run = move || {
        let start_import = start_import.clone();
        report.get().map(move |status| {
            let blocked = status
                .summary
                .map(|s| s.invalid + s.refused > 0)
                .unwrap_or(true);
            let rows = status.rows_total;
            let button = view! {
                <button type="button" class="button-primary" disabled=move || blocked || importing.get() || checking.get()
                    on:click=start_import>{format!("Import {} rows", group(rows))}</button>
            };
            let why = blocked.then(|| view! {
                <p class="muted" id="import-blocked">
                    "Nothing can be imported while a row is invalid or refused: an import is all or nothing. \
                     Fix those rows in the file (the report says why) and choose it again."
                </p>
            });
            view! {
                <section class="section" aria-labelledby="dry-run-title">
                    <h2 id="dry-run-title">"Dry run"</h2>
                    <p class="muted">"Nothing has been written yet. This is what the import would do:"</p>
                    <ImportReport status=status.clone()/>
                    {why}
                    <div class="page-actions">{button}</div>
                </section>
            }
        })
    };

    view! {
        <div class="page-header">
            <h1>"Import customers from CSV"</h1>
        </div>
        <p class="muted">
            "A UTF-8 CSV file with a header row and one row per person: an email column (required), and a display name, \
             organizations (separated by ;) and project keys if you have them. At most 100,000 rows. \
             Nothing is written until you confirm, and then all rows or none."
        </p>
        <p><A href="/settings/customers">"Back to Customers"</A></p>
        <div class="settings-form">
            <div class="field">
                <label for="import-file">"CSV file"</label>
                <input type="file" id="import-file" accept=".csv,text/csv" on:change=on_file/>
            </div>
            <div class="field">
                <label class="checkbox">
                    <input type="checkbox" id="import-create-organizations"
                        prop:checked=move || options.get().create_organizations
                        on:change=move |ev| { options.update(|o| o.create_organizations = event_target_checked(&ev)); check(); }/>
                    " Create organizations the file names that don't exist yet"
                </label>
            </div>
            <div class="field">
                <label class="checkbox">
                    <input type="checkbox" id="import-send-invitations"
                        prop:checked=move || options.get().send_invitations
                        on:change=move |ev| { options.update(|o| o.send_invitations = event_target_checked(&ev)); check(); }/>
                    " Send each new person one message (an invitation or an email verification, by their first project's \"Customer invited\" setting)"
                </label>
            </div>
        </div>
        {move || report.with(Option::is_some).then(|| view! {
            <fieldset class="filters import-columns">
                <legend>{move || format!("Columns of {}", file_name.get())}</legend>
                {column_select("Email", "email", "column-email")}
                {column_select("Display name", "name", "column-name")}
                {column_select("Organizations", "organizations", "column-organizations")}
                {column_select("Projects", "projects", "column-projects")}
            </fieldset>
        })}
        {move || checking.get().then(|| view! { <p class="muted" role="status">"Checking the file…"</p> })}
        <Feedback error=error/>
        {dry_run}
    }
}

/// The counts and the first rows of an import's report, with the whole report to download.
#[component]
fn ImportReport(status: ImportStatus) -> impl IntoView {
    let counts = status.summary.map(|s| {
        let mut parts = vec![format!("{} ok", group(s.ok))];
        for (n, what) in [
            (s.invalid, "invalid"),
            (s.refused, "refused"),
            (s.duplicates, "duplicate (skipped)"),
        ] {
            if n > 0 {
                parts.push(format!("{} {what}", group(n)));
            }
        }
        let changes = format!(
            "{} accounts created, {} names updated, {} organizations created, {} added to organizations, \
             {} added to projects, {} messages.",
            group(s.accounts_created),
            group(s.names_updated),
            group(s.organizations_created),
            group(s.added_to_organizations),
            group(s.added_to_projects),
            group(s.messages)
        );
        view! {
            <p class="import-counts" id="import-counts">{format!("{} rows: {}.", group(s.rows), parts.join(", "))}</p>
            <p class="import-changes">{changes}</p>
        }
    });
    let shown = status.results.len();
    let more = (status.results_total > shown).then(|| {
        format!(
            "Showing the first {} of {} rows; the report has them all.",
            group(shown),
            group(status.results_total)
        )
    });
    let rows = status
        .results
        .into_iter()
        .map(|r| {
            let class = match r.outcome {
                ImportOutcome::Ok => "entry entry-valid",
                ImportOutcome::Duplicate => "entry entry-duplicate",
                _ => "entry entry-invalid",
            };
            let what = r.reason.clone().unwrap_or_else(|| {
                r.changes
                    .iter()
                    .map(|c| c.describe())
                    .collect::<Vec<_>>()
                    .join("; ")
            });
            view! {
                <tr class=class>
                    <td>{r.line}</td>
                    <td>{r.email}</td>
                    <td class="import-outcome">{r.outcome.as_str()}</td>
                    <td>{what}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {counts}
        <table class="import-report">
            <caption>"Row by row"</caption>
            <thead><tr><th scope="col">"Line"</th><th scope="col">"Email"</th><th scope="col">"Outcome"</th><th scope="col">"What happens"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        {more.map(|m| view! { <p class="muted">{m}</p> })}
        <p><a href=imports::report_url(&status.id) download="">"Download the report (CSV)"</a></p>
    }
}

/// `/settings/customers/import/{id}`: a running import's progress, then its report. Reloading
/// the page finds it where it is.
#[component]
pub fn ImportJobPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let status = RwSignal::new(None::<ImportStatus>);
    let error = RwSignal::new(None::<String>);
    let alive = StoredValue::new(true);
    on_cleanup(move || alive.set_value(false));
    Effect::new(move |_| {
        let id = id();
        leptos::task::spawn_local(async move {
            loop {
                match imports::status(&id, SHOWN_ROWS).await {
                    Ok(now) => {
                        let running = now.state == ImportState::Running;
                        status.set(Some(now));
                        if !running {
                            break;
                        }
                    }
                    Err(e) => {
                        error.set(Some(failed("Can't read the import", &e)));
                        break;
                    }
                }
                gloo_timers::future::TimeoutFuture::new(500).await;
                if !alive.try_get_value().unwrap_or(false) {
                    break;
                }
            }
        });
    });
    let body = move || {
        status.get().map(|s| {
            let heading = match s.state {
                ImportState::Running => "Importing…",
                ImportState::Done => "Import done",
                ImportState::Failed => "Import failed: nothing was written",
                ImportState::DryRun => "Dry run",
            };
            let progress = (s.state == ImportState::Running).then(|| {
                view! {
                    <progress class="import-progress" max=s.rows_total.max(1).to_string() value=s.rows_done.to_string()
                        aria-label="Import progress"></progress>
                    <p role="status" id="import-progress-text">
                        {format!("{} of {} rows", group(s.rows_done), group(s.rows_total))}
                    </p>
                }
            });
            let failure = s.error.clone().map(|e| view! { <p class="error" role="alert">{e}</p> });
            let report = (s.state != ImportState::Running).then(|| view! { <ImportReport status=s.clone()/> });
            view! {
                <h2 id="import-state">{heading}</h2>
                <p class="muted">{format!("{} · {} rows", s.file_name, group(s.rows_total))}</p>
                {progress}
                {failure}
                {report}
            }
        })
    };
    view! {
        <div class="page-header">
            <h1>"Import customers from CSV"</h1>
        </div>
        <p><A href="/settings/customers">"Back to Customers"</A> " · " <A href="/settings/customers/import">"Import another file"</A></p>
        <Feedback error=error/>
        {body}
    }
}
