//! [`ApiJson`]: a JSON request body deserialized into its `portcullis-proto` type, the
//! type the OpenAPI document describes, with one rejection ([`BodyRejection`]) mapped to
//! the API's error contract once.

use axum::body::Bytes;
use axum::extract::{FromRequest, OptionalFromRequest, Request};
use axum::http::{HeaderMap, StatusCode, header};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::ApiError;

/// A JSON body of type `T`: `Content-Type: application/json`, a JSON object, no field
/// that `T` does not name, every required field present with the right type. Each
/// refusal is a 400 naming the problem and, where there is one, the field
/// (`email is required`, `disabled must be a boolean`, `unknown field emial (expected
/// one of name, email, disabled)`); a body over the server's limit is a 413.
///
/// `Option<ApiJson<T>>` takes an optional body: `None` when the request has none.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ApiJson<T>(pub(crate) T);

/// Why a JSON body was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum BodyRejection {
    /// Not `application/json`.
    #[error("Content-Type must be application/json")]
    ContentType,
    /// Over the server's body limit.
    #[error("request body is too large")]
    TooLarge,
    /// The body could not be read.
    #[error("request body could not be read")]
    Unreadable,
    /// Not JSON.
    #[error("request body is not valid JSON")]
    Malformed,
    /// JSON, but not an object.
    #[error("request body must be a JSON object")]
    NotAnObject,
    /// An object that does not fit the type; the message names the field.
    #[error("{0}")]
    Field(String),
}

impl From<BodyRejection> for ApiError {
    fn from(e: BodyRejection) -> Self {
        match e {
            BodyRejection::TooLarge => ApiError::PayloadTooLarge,
            e => ApiError::BadRequest(e.to_string()),
        }
    }
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"))
}

async fn read<S: Send + Sync>(req: Request, state: &S) -> Result<(bool, Bytes), BodyRejection> {
    let json = is_json(req.headers());
    let bytes = Bytes::from_request(req, state).await.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            BodyRejection::TooLarge
        } else {
            BodyRejection::Unreadable
        }
    })?;
    Ok((json, bytes))
}

/// Parses `bytes` as a JSON object of type `T`.
pub(crate) fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, BodyRejection> {
    let value: Value = serde_json::from_slice(bytes).map_err(|_| BodyRejection::Malformed)?;
    if !value.is_object() {
        return Err(BodyRejection::NotAnObject);
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        BodyRejection::Field(describe(&path, &e.into_inner().to_string()))
    })
}

/// serde's message about the value at `path` (`.` for the body itself), said with the
/// field's name first. Messages of this crate's own deserializers follow the name as
/// they are (`is required`).
fn describe(path: &str, message: &str) -> String {
    let at = |name: &str| match path {
        "." => name.to_owned(),
        p => format!("{p}.{name}"),
    };
    let field = if path == "." { "request body" } else { path };
    if let Some(rest) = message.strip_prefix("missing field `") {
        return format!("{} is required", at(rest.trim_end_matches('`')));
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (name, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let expected = expected.trim_start_matches(", ").replace('`', "");
        // The path already ends at the unknown field.
        let name = if path.ends_with(name) {
            path
        } else {
            &at(name)
        };
        return format!("unknown field {name} ({expected})");
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (_, expected) = rest.split_once("`, expected ").unwrap_or((rest, ""));
        return format!("{field} must be {}", expected.replace('`', ""));
    }
    for prefix in ["invalid type: ", "invalid value: ", "invalid length "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let expected = rest.rsplit_once(", expected ").map_or(rest, |(_, e)| e);
            return format!("{field} must be {}", kind(expected));
        }
    }
    format!("{field} {message}")
}

/// serde's name of an expected kind, as JSON says it.
fn kind(expected: &str) -> &str {
    let integer = |s: &str| {
        s.strip_prefix(['i', 'u'])
            .is_some_and(|bits| bits.parse::<u8>().is_ok())
    };
    match expected {
        "a sequence" => "an array",
        "a map" => "an object",
        "f32" | "f64" => "a number",
        e if e.starts_with("struct ") => "an object",
        e if integer(e) => "an integer",
        e => e,
    }
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let (json, bytes) = read(req, state).await?;
        if !json {
            return Err(BodyRejection::ContentType.into());
        }
        Ok(Self(parse(&bytes)?))
    }
}

impl<S: Send + Sync, T: DeserializeOwned> OptionalFromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    /// No body, or the JSON `null` (what the document's optional body allows), is `None`.
    async fn from_request(req: Request, state: &S) -> Result<Option<Self>, ApiError> {
        let (json, bytes) = read(req, state).await?;
        if bytes.is_empty() {
            return Ok(None);
        }
        if !json {
            return Err(BodyRejection::ContentType.into());
        }
        if serde_json::from_slice::<Value>(&bytes).is_ok_and(|v| v.is_null()) {
            return Ok(None);
        }
        Ok(Some(Self(parse(&bytes)?)))
    }
}

#[cfg(test)]
mod tests {
    use portcullis_proto::requests::{CreateApiRequest, CreateClientRequest, UpdateUserRequest};

    use super::*;

    fn refusal<T: DeserializeOwned + std::fmt::Debug>(body: &str) -> String {
        parse::<T>(body.as_bytes()).unwrap_err().to_string()
    }

    #[test]
    fn each_refusal_names_the_problem_and_the_field() {
        type U = UpdateUserRequest;
        for (body, message) in [
            ("{\"email\":", "request body is not valid JSON"),
            ("[1]", "request body must be a JSON object"),
            (
                r#"{"emial":"a@example.com"}"#,
                "unknown field emial (expected one of name, email, disabled)",
            ),
            (r#"{"email":7}"#, "email must be a string"),
            (r#"{"email":null}"#, "email must be a string"),
            (r#"{"disabled":"yes"}"#, "disabled must be a boolean"),
            (r#"{"name":["x"]}"#, "name must be a string"),
        ] {
            assert_eq!(refusal::<U>(body), message, "{body}");
        }
        type C = CreateClientRequest;
        assert_eq!(refusal::<C>("{}"), "name is required");
        assert_eq!(refusal::<C>(r#"{"name":""}"#), "name is required");
        assert_eq!(
            refusal::<C>(r#"{"name":"x","type":"secret"}"#),
            "type must be confidential or public"
        );
        assert_eq!(
            refusal::<C>(r#"{"name":"x","redirect_uris":"https://a.example"}"#),
            "redirect_uris must be an array"
        );
        assert_eq!(
            refusal::<CreateApiRequest>(r#"{"identifier":"x","permissions":["a",5]}"#),
            "permissions[1] must be a string"
        );
    }

    #[test]
    fn kinds_are_named_as_json_names_them() {
        assert_eq!(kind("i64"), "an integer");
        assert_eq!(kind("u32"), "an integer");
        assert_eq!(kind("struct X"), "an object");
        assert_eq!(kind("a boolean"), "a boolean");
    }

    #[test]
    fn the_rejection_maps_to_the_error_contract() {
        use axum::response::IntoResponse;
        let res = ApiError::from(BodyRejection::TooLarge).into_response();
        assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
        let res = ApiError::from(BodyRejection::ContentType).into_response();
        assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    }
}
