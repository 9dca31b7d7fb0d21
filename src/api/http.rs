//! HTTP plumbing of the API client: JSON in and out, errors decoded from the server's body.

use clientele_domain::reason::Reason;
use clientele_domain::wire::ErrorBody;
use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Jira's header marking a request as made by script: the server refuses a signed-in change
/// without it (or a JSON body), so that other sites cannot forge one.
const XSRF_HEADER: &str = "X-Atlassian-Token";

pub use clientele_sign_in::ApiError;

fn network(error: gloo_net::Error) -> ApiError {
    ApiError {
        status: 0,
        reason: Reason::Network,
        message: format!("Could not reach the server ({error}). Check your connection and try again."),
        who_can_change: None,
    }
}

/// The body of a successful answer, or the server's error. Not generic: one copy of the
/// response handling for every endpoint, and only [`parse`] per answer type (the release wasm
/// carried a copy of this future per type).
async fn answer(response: Response) -> Result<(u16, String), ApiError> {
    let status = response.status();
    if response.ok() {
        return match response.text().await {
            Ok(text) => Ok((status, text)),
            Err(_) => Err(ApiError::unreadable(status)),
        };
    }
    match response.json::<ErrorBody>().await {
        Ok(body) => Err(ApiError {
            status,
            reason: body.reason,
            message: body.error_message,
            who_can_change: body.who_can_change,
        }),
        Err(_) => Err(ApiError::unreadable(status)),
    }
}

/// Decodes a successful answer's JSON.
fn parse<T: DeserializeOwned>((status, text): (u16, String)) -> Result<T, ApiError> {
    serde_json::from_str(&text).map_err(|_| ApiError::unreadable(status))
}

/// A JSON request body.
fn json_body<B: Serialize>(body: &B) -> Result<String, gloo_net::Error> {
    serde_json::to_string(body).map_err(gloo_net::Error::from)
}

/// Sends `builder` with the JSON `body` and the header that marks a change made by script.
async fn send_change(
    builder: gloo_net::http::RequestBuilder,
    body: Result<String, gloo_net::Error>,
) -> Result<Response, ApiError> {
    let builder = builder.header(XSRF_HEADER, "no-check");
    let request = body.and_then(|body| builder.header("Content-Type", "application/json").body(body));
    send(request, None).await
}

/// Lets a caller give up on a request in flight (a search superseded by a newer one). Dropping
/// the handle does nothing; [`Abort::abort`] cancels the request, which then fails with
/// reason `aborted`.
#[derive(Debug, Clone)]
pub struct Abort(Option<web_sys::AbortController>);

impl Abort {
    /// A new handle, not yet aborted.
    pub fn new() -> Abort {
        Abort(web_sys::AbortController::new().ok())
    }

    /// Cancels the request this handle was given to.
    pub fn abort(&self) {
        if let Some(controller) = &self.0 {
            controller.abort();
        }
    }

    fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.0.as_ref().map(|controller| controller.signal())
    }
}

impl Default for Abort {
    fn default() -> Self {
        Abort::new()
    }
}

/// Query parameters of a request, in order.
pub type Query<'a> = &'a [(&'a str, String)];

async fn send(
    request: Result<Request, gloo_net::Error>,
    abort: Option<&Abort>,
) -> Result<Response, ApiError> {
    let request = request.map_err(network)?;
    match request.send().await {
        Ok(response) => Ok(response),
        Err(_) if abort.and_then(Abort::signal).is_some_and(|s| s.aborted()) => Err(ApiError {
            status: 0,
            reason: Reason::Aborted,
            message: "The request was cancelled.".into(),
            who_can_change: None,
        }),
        Err(e) => Err(network(e)),
    }
}

async fn no_content(response: Response) -> Result<(), ApiError> {
    if response.ok() {
        Ok(())
    } else {
        answer(response).await.map(drop)
    }
}

async fn get_text(path: &str) -> Result<(u16, String), ApiError> {
    answer(send(Request::get(path).build(), None).await?).await
}

/// `GET path` and decode the JSON answer.
pub async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    parse(get_text(path).await?)
}

/// `GET path` and decode the JSON answer, keeping the JSON too.
pub async fn get_json_and_text<T: DeserializeOwned>(path: &str) -> Result<(T, String), ApiError> {
    let (status, text) = get_text(path).await?;
    let value = serde_json::from_str(&text).map_err(|_| ApiError::unreadable(status))?;
    Ok((value, text))
}

async fn get_text_query(
    path: &str,
    query: Query<'_>,
    abort: Option<&Abort>,
) -> Result<(u16, String), ApiError> {
    let signal = abort.and_then(Abort::signal);
    let request = Request::get(path)
        .query(query.iter().map(|(name, value)| (*name, value.as_str())))
        .abort_signal(signal.as_ref())
        .build();
    answer(send(request, abort).await?).await
}

/// `GET path?query`, cancellable through `abort`, and decode the JSON answer.
pub async fn get_json_query<T: DeserializeOwned>(
    path: &str,
    query: Query<'_>,
    abort: Option<&Abort>,
) -> Result<T, ApiError> {
    parse(get_text_query(path, query, abort).await?)
}

async fn change_text(
    builder: gloo_net::http::RequestBuilder,
    body: Result<String, gloo_net::Error>,
) -> Result<(u16, String), ApiError> {
    answer(send_change(builder, body).await?).await
}

/// `POST path` with a JSON body and decode the JSON answer.
pub async fn post_json<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    parse(change_text(Request::post(path), json_body(body)).await?)
}

/// `POST path` with a JSON body, expecting no content.
pub async fn post_no_content<B: Serialize>(path: &str, body: &B) -> Result<(), ApiError> {
    no_content(send_change(Request::post(path), json_body(body)).await?).await
}

/// `DELETE path`, expecting no content.
pub async fn delete(path: &str) -> Result<(), ApiError> {
    no_content(
        send(
            Request::delete(path).header(XSRF_HEADER, "no-check").build(),
            None,
        )
        .await?,
    )
    .await
}

/// `DELETE path` with a JSON body, expecting no content.
pub async fn delete_json<B: Serialize>(path: &str, body: &B) -> Result<(), ApiError> {
    no_content(send_change(Request::delete(path), json_body(body)).await?).await
}

/// Encodes one path segment (a project key or an id typed into the address bar).
pub fn segment(value: &str) -> String {
    clientele_domain::url::encode_component(value)
}

/// `PUT path` with a JSON body and decode the JSON answer.
pub async fn put_json<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    parse(change_text(Request::put(path), json_body(body)).await?)
}

/// `PUT path` with a JSON body, expecting no content.
pub async fn put_no_content<B: Serialize>(path: &str, body: &B) -> Result<(), ApiError> {
    no_content(send_change(Request::put(path), json_body(body)).await?).await
}

/// `GET path?query` answered with something other than JSON (a CSV file): the response when
/// it succeeded, for the caller to read as it arrives; the server's error otherwise.
pub(super) async fn get_raw(path: &str, query: Query<'_>) -> Result<Response, ApiError> {
    let request = Request::get(path)
        .query(query.iter().map(|(name, value)| (*name, value.as_str())))
        .build();
    let response = send(request, None).await?;
    if response.ok() {
        Ok(response)
    } else {
        Err(answer(response)
            .await
            .err()
            .unwrap_or_else(|| ApiError::unreadable(0)))
    }
}

/// The failure of reading an answer's body after it started.
pub(super) fn broken_download(what: &str) -> ApiError {
    ApiError {
        status: 0,
        reason: Reason::Network,
        message: format!("The download stopped before the end ({what}). Try again."),
        who_can_change: None,
    }
}

/// `POST path?query` with a CSV body (`text/csv`) and the header that marks a change made by
/// script; decodes the JSON answer.
pub async fn post_csv<T: DeserializeOwned>(
    path: &str,
    query: Query<'_>,
    body: String,
) -> Result<T, ApiError> {
    let request = Request::post(path)
        .query(query.iter().map(|(name, value)| (*name, value.as_str())))
        .header(XSRF_HEADER, "no-check")
        .header("Content-Type", "text/csv; charset=utf-8")
        .body(body);
    parse(answer(send(request, None).await?).await?)
}
