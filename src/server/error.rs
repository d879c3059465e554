//! Errors of the API: JSON `{"error": "…what to do…"}` with their status,
//! and `"parameter"` naming a bad parameter.

use axum::body::Bytes;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use kavosh::Error;

use super::params::ParamError;

/// An error answer.
#[derive(Debug, Clone, Serialize)]
pub struct ApiError {
    #[serde(skip)]
    status: StatusCode,
    /// What went wrong and what to do.
    error: String,
    /// The parameter at fault, for a 400.
    #[serde(skip_serializing_if = "Option::is_none")]
    parameter: Option<String>,
}

impl ApiError {
    /// An error with `status`.
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            error: message.into(),
            parameter: None,
        }
    }

    /// 400: a bad request, not tied to one parameter.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    /// 503: the server cannot answer now (no index yet, busy, too slow).
    pub fn unavailable(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::SERVICE_UNAVAILABLE, message)
    }

    /// 500: something failed inside (an I/O error on the index).
    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }
}

impl From<ParamError> for ApiError {
    fn from(e: ParamError) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            error: e.message,
            parameter: Some(e.param),
        }
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        match e {
            Error::Query(message) => ApiError {
                status: StatusCode::BAD_REQUEST,
                error: format!("parameter `q`: {message}"),
                parameter: Some("q".into()),
            },
            Error::Filter(message) => ApiError::bad_request(message),
            Error::NoIndex(_) | Error::Incompatible { .. } | Error::Locked(_) => {
                ApiError::unavailable(e.to_string())
            }
            other => ApiError::internal(format!("{other}; see the server's log")),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&self).unwrap_or_else(|_| b"{\"error\":\"error\"}".to_vec());
        let mut response = json_response(self.status, body);
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}

/// A JSON body (already serialised) with its status.
pub fn json_response(status: StatusCode, body: impl Into<Bytes>) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body.into(),
    )
        .into_response()
}
