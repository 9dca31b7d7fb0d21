//! `/rest/clientele/1/import`: CSV imports of customers (site admins). See [`crate::import`]
//! for what an import does with a file.
//!
//! - `POST /import` takes the file as the body (`text/csv`), or as the `file` part of a
//!   `multipart/form-data` body. `dryRun` (default `true`) answers the report at once (200)
//!   and writes nothing but the import's own record; `dryRun=false` checks the file, answers
//!   202 with the import's id, and runs the import as a job. The columns are detected from
//!   the header unless chosen (`emailColumn`, `nameColumn`, `organizationsColumn`,
//!   `projectsColumn`: 0-based, or `none`).
//! - `GET /import/{id}` answers its state, progress (rows done of the total; kept while the
//!   job runs, so a page reloaded meanwhile finds it) and a page of its report.
//! - `GET /import/{id}/report` answers the whole report as CSV.

use axum::body::{to_bytes, Body};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use clientele_domain::policy::Action;
use clientele_domain::reason::Reason;
use clientele_domain::wire::import::{
    ImportMapping, ImportOptions, ImportRowResult, ImportState, ImportStatus, ImportSummary,
};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::Caller;
use super::authz::{require, role_on_site};
use super::error::{ApiError, ApiResult};
use super::extract::{ApiPath, ApiQuery};
use crate::import::{
    check_mapping, detect_mapping, failed_end, read_file, report_csv, run, FileProblem, ImportFile, Mode, Run,
};
use crate::store::imports::{ImportEnd, ImportRow, NewImport};
use crate::store::UserRow;
use crate::AppState;

/// Routes under `/rest/clientele/1/import`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(start))
        .routes(routes!(status))
        .routes(routes!(report))
}

async fn administer(state: &AppState, user: &UserRow) -> ApiResult<()> {
    let settings = state.store.global_settings().await?;
    require(
        role_on_site(state, user).await?,
        Action::AdministerCustomerAccounts,
        &settings,
        None,
    )
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
struct StartQuery {
    /// `true` (the default): report what the import would do and write nothing; `false`: run it.
    #[serde(default, deserialize_with = "super::extract::flexible_option_bool")]
    #[param(value_type = Option<bool>)]
    dry_run: Option<bool>,
    /// Create the organizations the file names that do not exist (default `false`).
    #[serde(default, deserialize_with = "super::extract::flexible_option_bool")]
    #[param(value_type = Option<bool>)]
    create_organizations: Option<bool>,
    /// Send each new person one message (default `true`).
    #[serde(default, deserialize_with = "super::extract::flexible_option_bool")]
    #[param(value_type = Option<bool>)]
    send_invitations: Option<bool>,
    /// The file's name, for the record.
    file_name: Option<String>,
    /// The column of addresses (0-based); detected from the header when absent.
    email_column: Option<String>,
    /// The column of display names (0-based, or `none`).
    name_column: Option<String>,
    /// The column of organization names (0-based, or `none`).
    organizations_column: Option<String>,
    /// The column of project keys (0-based, or `none`).
    projects_column: Option<String>,
}

/// A chosen column: absent keeps the detected one; `none` or empty chooses none.
fn column(value: Option<&str>, detected: Option<usize>, name: &str) -> ApiResult<Option<usize>> {
    match value.map(str::trim) {
        None => Ok(detected),
        Some("" | "none") => Ok(None),
        Some(text) => text.parse::<usize>().map(Some).map_err(|_| {
            ApiError::bad_request(
                Reason::InvalidParameter,
                format!("{name} is a column number (from 0) or none."),
            )
        }),
    }
}

fn file_refused(problem: FileProblem) -> ApiError {
    let reason = match problem {
        FileProblem::TooManyRows { .. } => Reason::TooManyRows,
        FileProblem::NoEmailColumn { .. } => Reason::NoEmailColumn,
        _ => Reason::InvalidFile,
    };
    ApiError::bad_request(reason, problem.message())
}

/// The file in the body: the body itself (`text/csv`), or the `file` part of a multipart form.
async fn file_bytes(state: &AppState, headers: &HeaderMap, body: Body) -> ApiResult<Vec<u8>> {
    let max = state.config.max_import_bytes;
    // The boundary's case matters; the media type's does not.
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let csv_like = matches!(
        essence.as_str(),
        "text/csv"
            | "text/plain"
            | "application/csv"
            | "application/vnd.ms-excel"
            | "application/octet-stream"
    );
    if !csv_like && essence != "multipart/form-data" {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Reason::UnsupportedMediaType,
            "Send the file as text/csv, or as the \"file\" part of a multipart/form-data body.",
        ));
    }
    let bytes = to_bytes(body, max).await.map_err(|_| {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            Reason::BodyTooLarge,
            format!(
                "The file is larger than {} MB, the most an import accepts.",
                max / (1024 * 1024)
            ),
        )
    })?;
    if csv_like {
        return Ok(bytes.to_vec());
    }
    multipart_file(&content_type, &bytes).ok_or_else(|| {
        ApiError::bad_request(
            Reason::InvalidBody,
            "The multipart body has no \"file\" part (or its boundary is wrong).",
        )
    })
}

/// The content of the `file` part (or else the first part with a file name) of a
/// `multipart/form-data` body.
fn multipart_file(content_type: &str, body: &[u8]) -> Option<Vec<u8>> {
    let boundary = content_type
        .split(';')
        .map(str::trim)
        .find_map(|p| {
            p.get(..9)
                .filter(|k| k.eq_ignore_ascii_case("boundary="))
                .map(|_| &p[9..])
        })?
        .trim_matches('"');
    if boundary.is_empty() {
        return None;
    }
    let delimiter = format!("--{boundary}").into_bytes();
    let find = |haystack: &[u8], needle: &[u8], from: usize| {
        haystack
            .get(from..)?
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|p| p + from)
    };
    let mut at = find(body, &delimiter, 0)? + delimiter.len();
    let mut fallback = None;
    loop {
        if body.get(at..at + 2) == Some(b"--") {
            return fallback;
        }
        let headers_start = at + 2; // CRLF after the delimiter
        let headers_end = find(body, b"\r\n\r\n", headers_start)?;
        let part_headers =
            String::from_utf8_lossy(body.get(headers_start..headers_end)?).to_ascii_lowercase();
        let content_start = headers_end + 4;
        let mut next_delimiter = b"\r\n".to_vec();
        next_delimiter.extend_from_slice(&delimiter);
        let content_end = find(body, &next_delimiter, content_start)?;
        let content = body.get(content_start..content_end)?.to_vec();
        let disposition = part_headers
            .lines()
            .find(|l| l.starts_with("content-disposition:"))
            .unwrap_or("");
        if disposition.contains("name=\"file\"") {
            return Some(content);
        }
        if fallback.is_none() && disposition.contains("filename=") {
            fallback = Some(content);
        }
        at = content_end + next_delimiter.len();
    }
}

#[utoipa::path(post, path = "/", tag = "clientele", params(StartQuery),
    request_body(content = String, content_type = "text/csv",
        description = "The CSV file: UTF-8, a header row, at most --max-import-rows rows (or the `file` part of a multipart/form-data body)"),
    responses(
        (status = 200, body = ImportStatus, description = "A dry run: what the import would do, row by row; nothing written"),
        (status = 202, body = ImportStatus, description = "The import started as a job: poll GET /import/{id}")))]
async fn start(
    State(state): State<AppState>,
    Caller(user): Caller,
    origin: super::audit::Origin,
    ApiQuery(query): ApiQuery<StartQuery>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    administer(&state, &user).await?;
    let bytes = file_bytes(&state, &headers, body).await?;
    let file = read_file(&bytes, state.config.max_import_rows).map_err(file_refused)?;
    drop(bytes);
    let detected = detect_mapping(&file.columns);
    let mapping = ImportMapping {
        email: column(query.email_column.as_deref(), detected.email, "emailColumn")?,
        display_name: column(query.name_column.as_deref(), detected.display_name, "nameColumn")?,
        organizations: column(
            query.organizations_column.as_deref(),
            detected.organizations,
            "organizationsColumn",
        )?,
        projects: column(
            query.projects_column.as_deref(),
            detected.projects,
            "projectsColumn",
        )?,
    };
    check_mapping(&file, &mapping).map_err(file_refused)?;
    let defaults = ImportOptions::default();
    let options = ImportOptions {
        create_organizations: query
            .create_organizations
            .unwrap_or(defaults.create_organizations),
        send_invitations: query.send_invitations.unwrap_or(defaults.send_invitations),
    };
    let file_name: String = query
        .file_name
        .as_deref()
        .map(|n| n.trim().chars().filter(|c| !c.is_control()).take(200).collect())
        .filter(|n: &String| !n.is_empty())
        .unwrap_or_else(|| "import.csv".into());
    let columns = serde_json::to_string(&file.columns).unwrap_or_default();
    let mapping_json = serde_json::to_string(&mapping).unwrap_or_default();
    let options_json = serde_json::to_string(&options).unwrap_or_default();
    let dry_run = query.dry_run.unwrap_or(true);
    let new = NewImport {
        created_by: user.id,
        file_name: &file_name,
        state: if dry_run { "dryRun" } else { "running" },
        columns: &columns,
        mapping: &mapping_json,
        options: &options_json,
        rows_total: file.rows.len() as i64,
    };
    let settings = state.store.global_settings().await?;
    if dry_run {
        let runner = Run {
            store: &state.store,
            site: state.site(),
            settings: &settings,
            options,
            progress: None,
            actor: origin.actor(&user),
        };
        let outcome = run(&runner, &file, &mapping, Mode::DryRun).await?;
        let (summary, report) = outcome.to_json();
        let end = ImportEnd {
            state: "dryRun",
            rows_done: file.rows.len() as i64,
            summary: &summary,
            report: &report,
            error: None,
        };
        let id = state.store.create_import(&new, Some(&end)).await?;
        let row = state
            .store
            .import_by_id(id)
            .await?
            .ok_or_else(|| ApiError::not_found("The import vanished."))?;
        return Ok(Json(present(&state, &row, &Page::default())).into_response());
    }
    let id = state.store.create_import(&new, None).await?;
    // Read before the job starts: the answer is the import as it begins, however fast it runs.
    let row = state
        .store
        .import_by_id(id)
        .await?
        .ok_or_else(|| ApiError::not_found("The import vanished."))?;
    let progress = state.imports.start(id);
    let job_state = state.clone();
    let work = Job {
        id,
        file,
        mapping,
        options,
        settings,
        progress,
        actor: origin.actor(&user),
    };
    tokio::spawn(async move {
        job(job_state, work).await;
    });
    Ok((
        StatusCode::ACCEPTED,
        Json(present(&state, &row, &Page::default())),
    )
        .into_response())
}

/// What a committed import's job runs with.
struct Job {
    id: i64,
    file: ImportFile,
    mapping: ImportMapping,
    options: ImportOptions,
    settings: clientele_domain::policy::GlobalSettings,
    progress: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    actor: crate::store::Actor,
}

/// Runs a committed import and records how it ended.
async fn job(state: AppState, work: Job) {
    let Job {
        id,
        file,
        mapping,
        options,
        settings,
        progress,
        actor,
    } = work;
    let runner = Run {
        store: &state.store,
        site: state.site(),
        settings: &settings,
        options,
        progress: Some(progress),
        actor,
    };
    let ended = match run(&runner, &file, &mapping, Mode::Commit { id }).await {
        Ok(outcome) if outcome.written => {
            state.mail_wake.notify_one();
            Ok(())
        }
        Ok(outcome) => {
            let (summary, report) = outcome.to_json();
            let message = outcome.blocked_message();
            state
                .store
                .end_import(id, &failed_end(&summary, &report, &message))
                .await
        }
        Err(error) => {
            tracing::error!(%error, import = id, "an import failed");
            let message = "The import could not finish (a database error); nothing was written. Try again.";
            state.store.end_import(id, &failed_end("", "[]", message)).await
        }
    };
    if let Err(error) = ended {
        tracing::error!(%error, import = id, "an import's end could not be recorded");
    }
    state.imports.end(id);
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
struct Page {
    /// The first row result to answer (default 0).
    start: Option<usize>,
    /// How many row results (default 100, at most 1000).
    limit: Option<usize>,
    /// Only rows that are not `ok` (default `false`).
    #[serde(default, deserialize_with = "super::extract::flexible_option_bool")]
    #[param(value_type = Option<bool>)]
    attention: Option<bool>,
}

/// An import as the API shows it, with a page of its report.
fn present(state: &AppState, row: &ImportRow, page: &Page) -> ImportStatus {
    let import_state = ImportState::parse(&row.state).unwrap_or(ImportState::Failed);
    let all: Vec<ImportRowResult> = row
        .report
        .as_deref()
        .and_then(|r| serde_json::from_str(r).ok())
        .unwrap_or_default();
    let selected: Vec<ImportRowResult> = if page.attention.unwrap_or(false) {
        all.into_iter()
            .filter(|r| r.outcome != clientele_domain::wire::import::ImportOutcome::Ok)
            .collect()
    } else {
        all
    };
    let start = page.start.unwrap_or(0);
    let limit = page.limit.unwrap_or(100).clamp(1, 1000);
    let results_total = selected.len();
    let results = selected.into_iter().skip(start).take(limit).collect();
    let rows_total = row.rows_total as usize;
    let rows_done = match import_state {
        ImportState::Running => state.imports.progress(row.id).unwrap_or(row.rows_done as usize),
        _ => row.rows_done as usize,
    };
    ImportStatus {
        id: row.id.to_string(),
        state: import_state,
        file_name: row.file_name.clone(),
        columns: serde_json::from_str(&row.columns).unwrap_or_default(),
        mapping: serde_json::from_str(&row.mapping).unwrap_or_default(),
        options: serde_json::from_str(&row.options).unwrap_or_default(),
        rows_total,
        rows_done,
        summary: row
            .summary
            .as_deref()
            .and_then(|s| serde_json::from_str::<ImportSummary>(s).ok()),
        error: row.error.clone(),
        created_at: row.created_at,
        finished_at: row.finished_at,
        start,
        results,
        results_total,
    }
}

/// The import in the path, for a site admin.
async fn import_in_path(state: &AppState, user: &UserRow, id: &str) -> ApiResult<ImportRow> {
    administer(state, user).await?;
    let not_found =
        || ApiError::not_found(format!("There is no import with the id {id}.")).with_parameters([id]);
    let id: i64 = id.trim().parse().map_err(|_| not_found())?;
    state.store.import_by_id(id).await?.ok_or_else(not_found)
}

#[utoipa::path(get, path = "/{import_id}", tag = "clientele", params(("import_id" = i64, Path, example = 1, description = "The import id"), Page),
    responses((status = 200, body = ImportStatus, description = "The import: state, progress, counts and a page of its report")))]
async fn status(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath(id): ApiPath<String>,
    ApiQuery(page): ApiQuery<Page>,
) -> ApiResult<Json<ImportStatus>> {
    let row = import_in_path(&state, &user, &id).await?;
    Ok(Json(present(&state, &row, &page)))
}

#[utoipa::path(get, path = "/{import_id}/report", tag = "clientele", params(("import_id" = i64, Path, example = 1, description = "The import id")),
    responses((status = 200, content_type = "text/csv", body = String,
        description = "The report as CSV (UTF-8 with a byte-order mark): line, email, outcome, reason, changes")))]
async fn report(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Response> {
    let row = import_in_path(&state, &user, &id).await?;
    let results: Vec<ImportRowResult> = row
        .report
        .as_deref()
        .and_then(|r| serde_json::from_str(r).ok())
        .unwrap_or_default();
    let mut response = report_csv(&results).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(value) =
        HeaderValue::from_str(&format!("attachment; filename=\"import-{}-report.csv\"", row.id))
    {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}
