//! Request bodies parsed by hand, so every problem gets a message naming the field and
//! duplicated form parameters are refused (RFC 6749 §3.2).

use std::collections::HashMap;

use axum::http::{HeaderMap, header};
use serde_json::{Map, Value};

use crate::error::{ApiError, OAuthFailure};

/// A JSON object body.
#[derive(Debug)]
pub(crate) struct JsonObject(Map<String, Value>);

impl JsonObject {
    /// Parses `body` as a JSON object; requires a JSON content type.
    pub(crate) fn parse(headers: &HeaderMap, body: &[u8]) -> Result<Self, ApiError> {
        let json_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
        if !json_type {
            return Err(ApiError::BadRequest(
                "Content-Type must be application/json".into(),
            ));
        }
        match serde_json::from_slice(body) {
            Ok(Value::Object(map)) => Ok(Self(map)),
            Ok(_) => Err(ApiError::BadRequest(
                "request body must be a JSON object".into(),
            )),
            Err(_) => Err(ApiError::BadRequest(
                "request body is not valid JSON".into(),
            )),
        }
    }

    /// A required string field.
    pub(crate) fn required(&self, name: &str) -> Result<String, ApiError> {
        match self.0.get(name) {
            None | Some(Value::Null) => Err(ApiError::BadRequest(format!("{name} is required"))),
            Some(Value::String(s)) if s.is_empty() => {
                Err(ApiError::BadRequest(format!("{name} is required")))
            }
            Some(Value::String(s)) => Ok(s.clone()),
            Some(_) => Err(ApiError::BadRequest(format!("{name} must be a string"))),
        }
    }

    /// Any field, as JSON (`null` counts as absent).
    pub(crate) fn value(&self, name: &str) -> Option<Value> {
        self.0.get(name).filter(|v| !v.is_null()).cloned()
    }

    /// Refuses fields other than `allowed` (so a misspelt field of a change is not
    /// silently ignored).
    pub(crate) fn only(&self, allowed: &[&str]) -> Result<(), ApiError> {
        match self.0.keys().find(|k| !allowed.contains(&k.as_str())) {
            Some(k) => Err(ApiError::BadRequest(format!(
                "unknown field {k} (expected one of: {})",
                allowed.join(", ")
            ))),
            None => Ok(()),
        }
    }

    /// A string field that may be absent (`None`), `null` (`Some(None)`) or a string.
    pub(crate) fn nullable(&self, name: &str) -> Result<Option<Option<String>>, ApiError> {
        match self.0.get(name) {
            None => Ok(None),
            Some(Value::Null) => Ok(Some(None)),
            Some(Value::String(s)) => Ok(Some(Some(s.clone()))),
            Some(_) => Err(ApiError::BadRequest(format!(
                "{name} must be a string or null"
            ))),
        }
    }

    /// An optional boolean field.
    pub(crate) fn boolean(&self, name: &str) -> Result<Option<bool>, ApiError> {
        match self.0.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(ApiError::BadRequest(format!(
                "{name} must be true or false"
            ))),
        }
    }

    /// An optional array of at most `max` strings.
    pub(crate) fn strings(&self, name: &str, max: usize) -> Result<Option<Vec<String>>, ApiError> {
        let invalid =
            || ApiError::BadRequest(format!("{name} must be an array of at most {max} strings"));
        match self.0.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Array(items)) if items.len() <= max => items
                .iter()
                .map(|v| v.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .map(Some)
                .ok_or_else(invalid),
            Some(_) => Err(invalid()),
        }
    }

    /// An optional string field.
    pub(crate) fn optional(&self, name: &str) -> Result<Option<String>, ApiError> {
        match self.0.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(ApiError::BadRequest(format!("{name} must be a string"))),
        }
    }
}

/// An `application/x-www-form-urlencoded` body with each parameter at most once.
#[derive(Debug)]
pub(crate) struct Form(HashMap<String, String>);

impl Form {
    pub(crate) fn parse(headers: &HeaderMap, body: &[u8]) -> Result<Self, OAuthFailure> {
        let form_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|v| {
                v.trim()
                    .eq_ignore_ascii_case("application/x-www-form-urlencoded")
            });
        if !form_type {
            return Err(OAuthFailure::invalid_request(
                "Content-Type must be application/x-www-form-urlencoded",
            ));
        }
        let mut map = HashMap::new();
        for (k, v) in url::form_urlencoded::parse(body) {
            if v.is_empty() {
                continue; // RFC 6749 §3.1: empty parameters are treated as omitted
            }
            if map.insert(k.to_string(), v.into_owned()).is_some() {
                return Err(OAuthFailure::invalid_request(format!(
                    "parameter {k} is repeated"
                )));
            }
        }
        Ok(Self(map))
    }

    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    pub(crate) fn required(&self, name: &str) -> Result<&str, OAuthFailure> {
        self.get(name)
            .ok_or_else(|| OAuthFailure::invalid_request(format!("{name} is required")))
    }
}
