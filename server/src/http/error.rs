//! One error type for the HTTP layer, answered once as JSM's JSON error body.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use clientele_domain::wire::{ErrorBody, I18nMessage};

/// A refusal or failure, with the status, a stable reason code and a sentence for people.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    reason: String,
    message: String,
    who_can_change: Option<String>,
    /// For 429 and 503: when to try again.
    retry_after: Option<std::time::Duration>,
}

/// Result type of handlers.
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// Any status with a reason code and message.
    pub fn new(status: StatusCode, reason: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            reason: reason.to_string(),
            message: message.into(),
            who_can_change: None,
            retry_after: None,
        }
    }

    /// 429: too many attempts; says when to try again (also in `Retry-After`).
    pub fn too_many(retry_after: std::time::Duration) -> ApiError {
        let seconds = retry_after.as_secs().max(1);
        let mut error = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "tooManyRequests",
            format!(
                "Too many attempts. Try again in {} minutes.",
                seconds.div_ceil(60)
            ),
        );
        error.retry_after = Some(std::time::Duration::from_secs(seconds));
        error
    }

    /// 400: a field or parameter is wrong.
    pub fn bad_request(reason: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, reason, message)
    }

    /// 401: no valid credentials.
    pub fn unauthenticated() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "notSignedIn",
            "You need to sign in to do this.",
        )
    }

    /// 404: the thing does not exist (or the caller may not know it does).
    pub fn not_found(what: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "notFound", what)
    }

    /// 403 with who can change the decision.
    pub fn forbidden(
        reason: impl Into<String>,
        message: impl Into<String>,
        who_can_change: impl Into<String>,
    ) -> ApiError {
        ApiError {
            status: StatusCode::FORBIDDEN,
            reason: reason.into(),
            message: message.into(),
            who_can_change: Some(who_can_change.into()),
            retry_after: None,
        }
    }

    /// 409: conflicts with what exists.
    pub fn conflict(reason: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::CONFLICT, reason, message)
    }

    /// The status this error answers with.
    pub fn status(&self) -> StatusCode {
        self.status
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> ApiError {
        tracing::error!(%error, "database error");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Something went wrong on the server. Nothing was changed; please try again.",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            i18n_error_message: I18nMessage {
                i18n_key: format!("clientele.error.{}", self.reason),
                parameters: Vec::new(),
            },
            error_message: self.message,
            reason: self.reason,
            who_can_change: self.who_can_change,
        };
        let mut response = (self.status, Json(body)).into_response();
        if let Some(wait) = self.retry_after {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, wait.as_secs().into());
        }
        response
    }
}
