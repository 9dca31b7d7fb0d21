//! HTTP plumbing of the API client: JSON in and out, errors decoded from the server's body.

use clientele_domain::wire::ErrorBody;
use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Why a call failed, in words a person can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status, or 0 when the server could not be reached.
    pub status: u16,
    /// The server's stable reason code (`network` when it could not be reached).
    pub reason: String,
    /// A sentence for people.
    pub message: String,
    /// For refusals: who can change the decision.
    pub who_can_change: Option<String>,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

impl ApiError {
    fn network(error: gloo_net::Error) -> ApiError {
        ApiError {
            status: 0,
            reason: "network".into(),
            message: format!("Could not reach the server ({error}). Check your connection and try again."),
            who_can_change: None,
        }
    }

    fn unreadable(status: u16) -> ApiError {
        ApiError {
            status,
            reason: "unreadableResponse".into(),
            message: format!("The server answered with status {status} and a body this app cannot read."),
            who_can_change: None,
        }
    }
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    if response.ok() {
        return response
            .json::<T>()
            .await
            .map_err(|_| ApiError::unreadable(status));
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

/// `GET path` and decode the JSON answer.
pub async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let response = Request::get(path).send().await.map_err(ApiError::network)?;
    decode(response).await
}

/// `POST path` with a JSON body and decode the JSON answer.
pub async fn post_json<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    let response = Request::post(path)
        .json(body)
        .map_err(ApiError::network)?
        .send()
        .await
        .map_err(ApiError::network)?;
    decode(response).await
}

/// `DELETE path`, expecting no content.
pub async fn delete(path: &str) -> Result<(), ApiError> {
    let response = Request::delete(path).send().await.map_err(ApiError::network)?;
    if response.ok() {
        Ok(())
    } else {
        decode::<()>(response).await
    }
}
