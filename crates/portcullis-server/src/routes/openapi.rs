//! `GET /openapi.json`: the OpenAPI 3.1 document of the issuer's JSON endpoints,
//! generated from the `#[utoipa::path]` annotations of the handlers (so it cannot drift
//! from them), with the admin API nested under [`paths::ADMIN`].
//!
//! The admin operations come from the admin router itself (utoipa-axum: each route is
//! declared once, on its handler), with the answers they share (`AdminErrors`). What
//! every admin operation says besides is added here once: the permission it needs (from
//! its `security` requirement) in its description. Every other operation that reaches
//! the database gets the 503 answer of an outage.

use std::sync::OnceLock;

use axum::Json;
use axum::response::{IntoResponse, Response};
use portcullis_proto::paths;
use serde_json::{Value, json};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{
    admin, auth_api, consents, health, introspect, mfa, passkeys, revoke, token, userinfo,
    wellknown,
};

/// The security schemes the operations name.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let bearer = |what: &str| {
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(what))
                    .build(),
            )
        };
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "admin_token",
            bearer(
                "An access token of this issuer for the audience `<issuer>api/admin`, carrying \
                 the permission the operation names (the role `portcullis-admin` grants both).",
            ),
        );
        components.add_security_scheme(
            "access_token",
            bearer("An access token of this issuer (any audience) with a live session."),
        );
        components.add_security_scheme(
            "issuer_token",
            bearer(
                "An access token of this issuer for the issuer itself (`aud` is the issuer: a \
                 login or authorization request without an audience) with a live session.",
            ),
        );
        components.add_security_scheme(
            "browser_session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "portcullis_session",
                "The hosted pages' browser session (`__Host-portcullis_session` on an https \
                 issuer), from a request of this issuer's own pages: JSON only, and an \
                 `Origin` other than the issuer's is refused.",
            ))),
        );
        components.add_security_scheme(
            "client_basic",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Basic)
                    .description(Some(
                        "`client_secret_basic`: the client id and secret. Alternatively \
                         (`client_secret_post`) `client_id` and `client_secret` in the form; \
                         never both.",
                    ))
                    .build(),
            ),
        );
    }
}

/// The issuer's own operations (the admin API is nested in by [`document`]).
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Portcullis issuer",
        description = "The JSON endpoints of the Portcullis issuer: the first-party auth API, \
                       the OAuth 2.0 endpoints, discovery, health and the admin API. The \
                       hosted HTML pages (sign-in, sign-up, email links) are not listed."
    ),
    paths(
        auth_api::signup,
        auth_api::login,
        auth_api::login_mfa,
        auth_api::logout,
        auth_api::accept_invitation,
        auth_api::leave_org,
        consents::list,
        consents::revoke,
        mfa::status,
        mfa::start,
        mfa::confirm,
        mfa::remove,
        passkeys::list,
        passkeys::register_begin,
        passkeys::register_finish,
        passkeys::authenticate_begin,
        passkeys::authenticate_finish,
        token::token,
        revoke::revoke,
        introspect::introspect,
        userinfo::userinfo,
        userinfo::userinfo_post,
        wellknown::jwks,
        wellknown::openid_configuration,
        wellknown::oauth_metadata,
        health::healthz,
        health::readyz,
        health::metrics,
        openapi_json,
    ),
    modifiers(&SecuritySchemes),
    tags(
        (name = "Auth", description = "The first-party JSON API: sign-up, login (with its second step for users with an authenticator app), logout, and the signed-in user's organizations, consents and second factor."),
        (name = "Passkeys", description = "Passkey (WebAuthn) ceremonies of the hosted pages' script: registering with the browser session, signing in with a passkey alone or as a sign-in's second step."),
        (name = "OAuth", description = "OAuth 2.0 and OpenID Connect endpoints; errors are RFC 6749 §5.2 bodies."),
        (name = "Discovery", description = "Keys and metadata."),
        (name = "Health", description = "Liveness, readiness, metrics, and this document."),
        (name = "Admin: users", description = "Users, their sessions and roles."),
        (name = "Admin: organizations", description = "Organizations, members and invitations."),
        (name = "Admin: roles", description = "Roles and the permissions they grant."),
        (name = "Admin: APIs", description = "APIs (token audiences) and their permissions."),
        (name = "Admin: clients", description = "OAuth clients."),
        (name = "Admin: API keys", description = "API keys of users and organizations."),
        (name = "Admin: connections", description = "Other identity providers users sign in with (OpenID Connect)."),
        (name = "Admin: webhooks", description = "Audit events delivered to your endpoints."),
        (name = "Admin: keys", description = "Signing keys and their rotation."),
        (name = "Admin: audit", description = "Security events."),
    )
)]
struct IssuerApi;

/// Operations that answer without the database (no 503 for an outage).
const WITHOUT_DATABASE: &[&str] = &[
    "healthz",
    "readyz",
    "metrics",
    "openapi",
    "openid_configuration",
    "oauth_authorization_server",
];

fn message_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MessageBody"}}}
    })
}

/// Adds what the guard and the database add to every operation (see the module docs).
fn complete(doc: &mut Value) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for operation in paths
        .values_mut()
        .filter_map(Value::as_object_mut)
        .flat_map(|item| item.values_mut())
        .filter_map(Value::as_object_mut)
    {
        let permission = super::openapi_page::admin_permission(operation);
        let id = operation
            .get("operationId")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let json_body = operation
            .get("requestBody")
            .and_then(|b| b.pointer("/content/application~1json"))
            .is_some();
        let Some(responses) = operation
            .get_mut("responses")
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        if json_body {
            responses
                .entry("413")
                .or_insert_with(|| message_response("The body is larger than the server's limit"));
        }
        if !WITHOUT_DATABASE.contains(&id.as_str()) {
            responses.entry("503").or_insert_with(|| {
                message_response("The database is unavailable (with `Retry-After`)")
            });
        }
        let Some(permission) = permission else {
            continue;
        };
        let required = format!(
            "Requires the permission `{permission}` (a bearer token for the audience `<issuer>api/admin`)."
        );
        let description = match operation.get("description").and_then(Value::as_str) {
            Some(d) if !d.is_empty() => format!("{d}\n\n{required}"),
            _ => required,
        };
        operation.insert("description".into(), Value::String(description));
    }
}

/// A Rust doc comment as a schema description: without its doc-tests, and with
/// intra-doc links (`[`X`](crate::X)`) reduced to their text.
fn plain(doc: &str) -> String {
    let mut text = doc
        .split("```")
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned();
    while let Some(start) = text.find("](") {
        let Some(len) = text[start..].find(')') else {
            break;
        };
        let Some(open) = text[..start].rfind('[') else {
            break;
        };
        let label = text[open + 1..start].to_owned();
        text.replace_range(open..start + len + 1, &label);
    }
    text
}

/// Applies [`plain`] to every description under `v`.
fn plain_descriptions(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                match v {
                    Value::String(s) if k == "description" => *s = plain(s),
                    _ => plain_descriptions(v),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(plain_descriptions),
        _ => {}
    }
}

/// The document, built once.
pub(crate) fn document() -> &'static Value {
    static DOCUMENT: OnceLock<Value> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        let api = IssuerApi::openapi().nest(paths::ADMIN, admin::routes().into_openapi());
        let mut doc = serde_json::to_value(&api).unwrap_or_else(|e| {
            tracing::error!(error = %e, "the OpenAPI document does not serialize");
            json!({})
        });
        complete(&mut doc);
        let missing = super::schema_limits::apply(&mut doc);
        if !missing.is_empty() {
            tracing::error!(?missing, "limits name schema properties that do not exist");
        }
        if let Some(components) = doc.get_mut("components") {
            plain_descriptions(components);
        }
        doc
    })
}

/// The OpenAPI 3.1 document of the issuer's JSON endpoints.
#[utoipa::path(
    get,
    path = paths::OPENAPI,
    operation_id = "openapi",
    tag = "Health",
    responses((status = 200, description = "This document", body = Object))
)]
pub(crate) async fn openapi_json() -> Response {
    Json(document()).into_response()
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn schema_descriptions_lose_doc_tests_and_link_targets() {
        assert_eq!(
            plain(
                "A user (the auth API's [`UserView`](crate::UserView) and more).\n\n```\nlet x = 1;\n```"
            ),
            "A user (the auth API's `UserView` and more)."
        );
        assert_eq!(plain("No links [here]."), "No links [here].");
    }
}
