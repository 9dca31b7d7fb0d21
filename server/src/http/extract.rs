//! Extractors whose rejections are JSON errors in JSM's shape, never plain text.

use axum::body::Bytes;
use axum::extract::rejection::{JsonRejection, MissingJsonContentType, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use clientele_domain::reason::Reason;
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::{Deserialize, Deserializer};

use super::error::ApiError;

/// A JSON body; a wrong content type is 415, an oversized body 413, bad JSON 400.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = json_body(req, state).await?;
        // serde reads a struct from a JSON array too (`[null, null]` as a settings change, found
        // by Schemathesis); every body the API reads as a struct is an object.
        if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
            return Err(ApiError::bad_request(
                Reason::InvalidBody,
                "The body must be a JSON object, not a list.",
            ));
        }
        match axum::Json::<T>::from_bytes(&bytes) {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            // serde_json reports some wrong types (a number where a name goes) as syntax errors;
            // a body that parses as JSON is well-formed, so those are wrong fields too.
            Err(JsonRejection::JsonSyntaxError(e))
                if serde_json::from_slice::<IgnoredAny>(&bytes).is_ok() =>
            {
                Err(ApiError::bad_request(
                    Reason::InvalidBody,
                    format!("The JSON body has a wrong field: {}", e.body_text()),
                ))
            }
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

/// A body that may be any JSON value (an organization property's value).
pub struct AnyJson(pub serde_json::Value);

impl<S: Send + Sync> FromRequest<S> for AnyJson {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = json_body(req, state).await?;
        match axum::Json::<serde_json::Value>::from_bytes(&bytes) {
            Ok(axum::Json(value)) => Ok(AnyJson(value)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

/// The body's bytes, as axum's `Json` reads them: 415 unless the content type is JSON, 413
/// past the body limit.
async fn json_body<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, ApiError> {
    if !json_content_type(req.headers()) {
        return Err(json_rejection(MissingJsonContentType::default().into()));
    }
    Bytes::from_request(req, state)
        .await
        .map_err(|e| json_rejection(e.into()))
}

/// `application/json`, or another `application/…+json` type, with any parameters.
pub(super) fn json_content_type(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence
        .strip_prefix("application/")
        .is_some_and(|subtype| subtype == "json" || subtype.ends_with("+json"))
}

/// 415: the one answer for a body that is not JSON.
pub(super) fn not_json() -> ApiError {
    ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        Reason::UnsupportedMediaType,
        "Send the body as JSON with Content-Type: application/json.",
    )
}

fn json_rejection(rejection: JsonRejection) -> ApiError {
    match rejection.status() {
        StatusCode::UNSUPPORTED_MEDIA_TYPE => not_json(),
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            Reason::BodyTooLarge,
            "The request body is larger than this server accepts. Send fewer entries per request.",
        ),
        _ => match rejection {
            JsonRejection::JsonDataError(e) => ApiError::bad_request(
                Reason::InvalidBody,
                format!("The JSON body has a wrong field: {}", e.body_text()),
            ),
            other => ApiError::bad_request(
                Reason::MalformedJson,
                format!("The body is not valid JSON: {}", other.body_text()),
            ),
        },
    }
}

/// Query-string parameters; a wrong one is a 400 that names it.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(ApiQuery(value)),
            Err(rejection @ QueryRejection::FailedToDeserializeQueryString(_)) => Err(ApiError::bad_request(
                Reason::InvalidParameter,
                format!("A query parameter is wrong: {}", rejection.body_text()),
            )),
            Err(rejection) => Err(ApiError::bad_request(
                Reason::InvalidParameter,
                rejection.body_text(),
            )),
        }
    }
}

/// Path parameters; a wrong one is a 404 (no such resource).
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        // No resource is named with a NUL character (and PostgreSQL text cannot hold one).
        if parts.uri.path().to_ascii_lowercase().contains("%00") {
            return Err(ApiError::not_found(
                "No such resource: the path holds a NUL character.",
            ));
        }
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(ApiPath(value)),
            Err(PathRejection::FailedToDeserializePathParams(e)) => Err(ApiError::not_found(format!(
                "No such resource: {}",
                e.body_text()
            ))),
            Err(rejection) => Err(ApiError::bad_request(Reason::InvalidPath, rejection.body_text())),
        }
    }
}

/// A query parameter whose empty value (`start=`) means absent, as Jira treats it; otherwise
/// parsed as `T` from its text.
pub fn empty_as_none<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    match Option::<String>::deserialize(deserializer)? {
        None => Ok(None),
        Some(text) if text.trim().is_empty() => Ok(None),
        Some(text) => text
            .trim()
            .parse()
            .map(Some)
            .map_err(|e| serde::de::Error::custom(format!("{text:?} is not a number: {e}"))),
    }
}

/// A boolean query parameter, in any case (`true`, `True`, `FALSE`: Python's `requests` sends
/// `True`); an empty value means false.
pub fn flexible_bool<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    let text = String::deserialize(deserializer)?;
    match text.trim().to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" | "" => Ok(false),
        _ => Err(serde::de::Error::custom(format!("{text:?} is not true or false"))),
    }
}

/// [`flexible_bool`] for a parameter whose absence means its default (`Some` when given).
pub fn flexible_option_bool<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    flexible_bool(deserializer).map(Some)
}
