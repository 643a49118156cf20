//! Form bodies of the OAuth endpoints, parsed by hand so that a duplicated parameter is
//! refused (RFC 6749 §3.2) and every problem gets a message naming the parameter. JSON
//! bodies are [`crate::extract::ApiJson`].

use std::collections::HashMap;

use axum::http::{HeaderMap, header};

use crate::error::OAuthFailure;

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
