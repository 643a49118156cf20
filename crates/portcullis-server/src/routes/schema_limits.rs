//! Limits that the server and its domain hold as constants, stated on the request schemas
//! of the OpenAPI document from those same constants (a schema attribute takes only a
//! literal). The other constraints (formats, patterns, enumerations, fixed lengths) are
//! attributes of the `portcullis-proto` request types themselves, except `minProperties`:
//! utoipa-gen 5.5 writes its `min_properties` attribute as `maxProperties`, so it is set
//! here too.

use portcullis_idp::{MAX_AUDIENCES, MAX_PASSWORD_BYTES, MAX_REDIRECT_URIS, MIN_PASSWORD_CHARS};
use serde_json::Value;

use super::admin::api_keys::MAX_API_KEY_LIFETIME;

/// A JSON Schema keyword set on a property of a component schema (on the schema itself
/// when `property` is empty).
struct Limit {
    schema: &'static str,
    property: &'static str,
    keyword: &'static str,
    value: u64,
}

const fn limit(
    schema: &'static str,
    property: &'static str,
    keyword: &'static str,
    value: u64,
) -> Limit {
    Limit {
        schema,
        property,
        keyword,
        value,
    }
}

const PASSWORD_MIN: u64 = MIN_PASSWORD_CHARS as u64;
// Bytes of UTF-8 on the server, characters in JSON Schema: a password of multi-byte
// characters under this length may still be refused (the description says so).
const PASSWORD_MAX: u64 = MAX_PASSWORD_BYTES as u64;
const REDIRECT_URIS: u64 = MAX_REDIRECT_URIS as u64;
const AUDIENCES: u64 = MAX_AUDIENCES as u64;

/// Every limit, by schema and property.
const LIMITS: &[Limit] = &[
    limit("SignupRequest", "password", "minLength", PASSWORD_MIN),
    limit("SignupRequest", "password", "maxLength", PASSWORD_MAX),
    limit("CreateUserRequest", "password", "minLength", PASSWORD_MIN),
    limit("CreateUserRequest", "password", "maxLength", PASSWORD_MAX),
    limit("LoginRequest", "password", "maxLength", PASSWORD_MAX),
    limit(
        "CreateClientRequest",
        "redirect_uris",
        "maxItems",
        REDIRECT_URIS,
    ),
    limit(
        "CreateClientRequest",
        "post_logout_redirect_uris",
        "maxItems",
        REDIRECT_URIS,
    ),
    limit("CreateClientRequest", "audiences", "maxItems", AUDIENCES),
    limit(
        "UpdateClientRequest",
        "redirect_uris",
        "maxItems",
        REDIRECT_URIS,
    ),
    limit(
        "UpdateClientRequest",
        "post_logout_redirect_uris",
        "maxItems",
        REDIRECT_URIS,
    ),
    limit("UpdateClientRequest", "audiences", "maxItems", AUDIENCES),
    limit(
        "CreateApiKeyRequest",
        "expires_in",
        "maximum",
        MAX_API_KEY_LIFETIME.unsigned_abs(),
    ),
];

/// Sets every limit on `doc`; returns the JSON pointers it did not find.
pub(crate) fn apply(doc: &mut Value) -> Vec<String> {
    let mut missing = Vec::new();
    for l in LIMITS {
        let mut pointer = format!("/components/schemas/{}", l.schema);
        if !l.property.is_empty() {
            pointer = format!("{pointer}/properties/{}", l.property);
        }
        match doc.pointer_mut(&pointer).and_then(Value::as_object_mut) {
            Some(property) => {
                property.insert(l.keyword.to_owned(), l.value.into());
            }
            None => missing.push(pointer),
        }
    }
    missing
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_limit_lands_on_a_property_of_the_document() {
        let doc = super::super::openapi::document();
        let mut copy = doc.clone();
        assert_eq!(super::apply(&mut copy), Vec::<String>::new());
        assert_eq!(
            doc["components"]["schemas"]["SignupRequest"]["properties"]["password"]["minLength"],
            portcullis_idp::MIN_PASSWORD_CHARS
        );
    }
}
