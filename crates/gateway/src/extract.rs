//! Extractors whose refusals are WHMCS-shaped errors with the right status, instead of
//! axum's plain-text rejections: every answer under `/api/` is `{"result":"error",…}`.

use axum::Json;
use axum::extract::rejection::{BytesRejection, JsonRejection, PathRejection};
use axum::extract::{FromRequest, FromRequestParts, OptionalFromRequest, Path, Request};
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;
use serde::de::DeserializeOwned;

use crate::error::GatewayError;
use crate::sessions::Session;
use crate::state::AppState;

/// Largest request body accepted under `/api/`, in bytes.
pub const BODY_LIMIT: usize = 64 * 1024;

/// A JSON body. Messages never echo the body: it may hold a secret.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = GatewayError;

    async fn from_request(req: Request, state: &S) -> Result<Self, GatewayError> {
        match <Json<T> as FromRequest<S>>::from_request(req, state).await {
            Ok(Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(json_refusal(&rejection)),
        }
    }
}

/// An optional JSON body: a request without a `Content-Type` and without a body has none.
impl<T: DeserializeOwned, S: Send + Sync> OptionalFromRequest<S> for ApiJson<T> {
    type Rejection = GatewayError;

    async fn from_request(req: Request, state: &S) -> Result<Option<Self>, GatewayError> {
        let headers = req.headers();
        let bodiless = !headers.contains_key(axum::http::header::CONTENT_TYPE)
            && headers
                .get(axum::http::header::CONTENT_LENGTH)
                .is_none_or(|l| l.as_bytes() == b"0");
        if bodiless {
            return Ok(None);
        }
        <ApiJson<T> as FromRequest<S>>::from_request(req, state)
            .await
            .map(Some)
    }
}

fn json_refusal(rejection: &JsonRejection) -> GatewayError {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => GatewayError::UnsupportedMediaType(
            "Send this request as JSON (Content-Type: application/json).".into(),
        ),
        JsonRejection::JsonSyntaxError(_) => {
            GatewayError::BadRequest("The request body is not valid JSON.".into())
        }
        JsonRejection::JsonDataError(_) => GatewayError::Unprocessable(
            "The request body lacks a field or has one of the wrong type.".into(),
        ),
        JsonRejection::BytesRejection(b) => body_refusal(b),
        _ => GatewayError::BadRequest("The request body could not be read.".into()),
    }
}

/// A body that could not be read: too large, or the connection broke.
pub fn body_refusal(rejection: &BytesRejection) -> GatewayError {
    if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        GatewayError::TooLarge { limit: BODY_LIMIT }
    } else {
        GatewayError::BadRequest("The request body could not be read.".into())
    }
}

/// A credential id in the address.
pub struct CredentialIdPath(pub u64);

impl<S: Send + Sync> FromRequestParts<S> for CredentialIdPath {
    type Rejection = GatewayError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, GatewayError> {
        Path::<u64>::from_request_parts(parts, state)
            .await
            .map(|Path(id)| CredentialIdPath(id))
            .map_err(|_: PathRejection| {
                GatewayError::BadRequest(
                    "The credential ID in the address must be a whole number.".into(),
                )
            })
    }
}

/// The logged-in person's live session: 401 without one, 503 when the store is down.
pub struct CurrentSession(pub Session);

impl FromRequestParts<AppState> for CurrentSession {
    type Rejection = GatewayError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, GatewayError> {
        let jar = CookieJar::from_headers(&parts.headers);
        let cookie = jar.get(state.sessions.cookie.name());
        let session = state
            .sessions
            .read_and_refresh(cookie.map(|c| c.value()))
            .await?;
        Ok(CurrentSession(session))
    }
}
