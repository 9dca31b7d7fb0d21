//! One error type for the HTTP layer, answered once as JSM's JSON error body.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use clientele_domain::policy::WhoCanChange;
use clientele_domain::reason::Reason;
use clientele_domain::wire::{ErrorBody, I18nMessage};

use crate::store::{StoreError, StoreErrorKind};

/// A refusal or failure, with the status, a stable reason code and a sentence for people.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    reason: Reason,
    message: String,
    who_can_change: Option<WhoCanChange>,
    /// Seconds after which trying again makes sense (sent as `Retry-After`).
    retry_after: Option<u64>,
    /// The values the message names, in order (JSM's `i18nErrorMessage.parameters`).
    parameters: Vec<String>,
}

/// Result type of handlers.
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// Any status with a reason code and message.
    pub fn new(status: StatusCode, reason: Reason, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            reason,
            message: message.into(),
            who_can_change: None,
            retry_after: None,
            parameters: Vec::new(),
        }
    }

    /// The same error, naming `values` as its message's parameters (in the message's order).
    pub fn with_parameters<I, V>(mut self, values: I) -> ApiError
    where
        I: IntoIterator<Item = V>,
        V: ToString,
    {
        self.parameters = values.into_iter().map(|v| v.to_string()).collect();
        self
    }

    /// 429: too many attempts; says when to try again (also in `Retry-After`).
    pub fn too_many(retry_after: std::time::Duration) -> ApiError {
        let seconds = retry_after.as_secs().max(1);
        let mut error = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            Reason::TooManyRequests,
            format!(
                "Too many attempts. Try again in {} minutes.",
                seconds.div_ceil(60)
            ),
        );
        error.retry_after = Some(seconds);
        error
    }

    /// 400: a field or parameter is wrong.
    pub fn bad_request(reason: Reason, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, reason, message)
    }

    /// 401: no valid credentials.
    pub fn unauthenticated() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            Reason::NotSignedIn,
            "You need to sign in to do this.",
        )
    }

    /// 404: the thing does not exist (or the caller may not know it does).
    pub fn not_found(what: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, Reason::NotFound, what)
    }

    /// 403 with who can change the decision.
    pub fn forbidden(reason: Reason, message: impl Into<String>, who_can_change: WhoCanChange) -> ApiError {
        ApiError {
            status: StatusCode::FORBIDDEN,
            reason,
            message: message.into(),
            who_can_change: Some(who_can_change),
            retry_after: None,
            parameters: Vec::new(),
        }
    }

    /// 409: conflicts with what exists.
    pub fn conflict(reason: Reason, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::CONFLICT, reason, message)
    }

    /// The status this error answers with.
    pub fn status(&self) -> StatusCode {
        self.status
    }
}

/// A refused rate-limited attempt: 429 with `Retry-After`, or the store's failure.
impl From<crate::rate_limit::Refused> for ApiError {
    fn from(refused: crate::rate_limit::Refused) -> ApiError {
        match refused {
            crate::rate_limit::Refused::Wait(wait) => ApiError::too_many(wait),
            crate::rate_limit::Refused::Store(error) => ApiError::from(error),
        }
    }
}

/// Storage failures a client can provoke by timing alone, answered as what they mean
/// instead of a 500. The store decides "already exists" itself where it can (`ON CONFLICT`,
/// checks inside `BEGIN IMMEDIATE`); this is the net under paths that do not:
/// - a unique violation means another request created the same thing first: 409;
/// - a foreign-key violation means something the change refers to was removed meanwhile: 409;
/// - a busy or locked database (after the 10 s busy timeout) or no free connection means the
///   server is overloaded, not that the request is wrong: 503 with `Retry-After`, so that
///   clients retry instead of reporting a bug. Anything else stays a 500.
impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> ApiError {
        match error.kind() {
            StoreErrorKind::Conflict => {
                tracing::warn!(%error, "unique violation answered as a conflict");
                ApiError::conflict(
                    Reason::AlreadyExists,
                    "This already exists: another request may have created it a moment ago. Reload to see it.",
                )
            }
            StoreErrorKind::MissingReference => {
                tracing::warn!(%error, "foreign-key violation answered as a conflict");
                ApiError::conflict(
                    Reason::ChangedMeanwhile,
                    "Something this change refers to was removed a moment ago. Reload and try again.",
                )
            }
            StoreErrorKind::Busy => {
                tracing::warn!(%error, "database busy");
                ApiError {
                    retry_after: Some(1),
                    ..ApiError::new(
                        StatusCode::SERVICE_UNAVAILABLE,
                        Reason::Busy,
                        "The server is busy. Nothing was changed; please try again in a moment.",
                    )
                }
            }
            StoreErrorKind::Unavailable => {
                tracing::error!(%error, "database unavailable");
                ApiError {
                    retry_after: Some(2),
                    ..ApiError::new(
                        StatusCode::SERVICE_UNAVAILABLE,
                        Reason::DatabaseUnavailable,
                        "The database does not answer. Nothing was changed; please try again in a moment.",
                    )
                }
            }
            StoreErrorKind::NotFound | StoreErrorKind::Other => {
                tracing::error!(%error, "database error");
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Reason::Internal,
                    "Something went wrong on the server. Nothing was changed; please try again.",
                )
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            i18n_error_message: I18nMessage {
                i18n_key: format!("clientele.error.{}", self.reason),
                parameters: self.parameters,
            },
            error_message: self.message,
            reason: self.reason,
            who_can_change: self.who_can_change,
        };
        let mut response = (self.status, Json(body)).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, seconds.into());
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn answer(kind: StoreErrorKind) -> (StatusCode, Option<String>, serde_json::Value) {
        let response = ApiError::from(StoreError::new(kind, "what the database said")).into_response();
        let status = response.status();
        let retry = response
            .headers()
            .get(axum::http::header::RETRY_AFTER)
            .map(|v| v.to_str().unwrap().to_string());
        let body = axum::body::to_bytes(response.into_body(), 1 << 16).await.unwrap();
        (status, retry, serde_json::from_slice(&body).unwrap())
    }

    // Which database errors are which kind is the store's test (`store::error`).
    #[tokio::test]
    async fn a_unique_or_foreign_key_violation_is_a_conflict_not_a_server_error() {
        let (status, _, body) = answer(StoreErrorKind::Conflict).await;
        assert_eq!(
            (status, body["reason"].as_str()),
            (StatusCode::CONFLICT, Some("alreadyExists"))
        );
        let (status, _, body) = answer(StoreErrorKind::MissingReference).await;
        assert_eq!(
            (status, body["reason"].as_str()),
            (StatusCode::CONFLICT, Some("changedMeanwhile"))
        );
    }

    #[tokio::test]
    async fn a_busy_database_is_a_503_with_retry_after() {
        let (status, retry, body) = answer(StoreErrorKind::Busy).await;
        assert_eq!(
            (status, retry.as_deref(), body["reason"].as_str()),
            (StatusCode::SERVICE_UNAVAILABLE, Some("1"), Some("busy"))
        );
        for kind in [StoreErrorKind::NotFound, StoreErrorKind::Other] {
            let (status, retry, body) = answer(kind).await;
            assert_eq!(
                (status, retry, body["reason"].as_str()),
                (StatusCode::INTERNAL_SERVER_ERROR, None, Some("internal"))
            );
        }
    }
}
