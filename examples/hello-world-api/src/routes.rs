//! The hello-world API, route by route: Auth0's public, protected and admin messages,
//! PropelAuth's whoami (`requireUser`), Clerk's optional auth object, organization
//! routes, and a sensitive message that asks for a recent two-factor sign-in.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use portcullis::{Authenticated, ClerkAuthObject, Guard, OrgScoped, Policy};
use serde_json::json;

/// The permission the admin message requires (an Auth0 RBAC permission).
pub const ADMIN_PERMISSION: &str = "read:admin-messages";

/// How recent a sign-in the sensitive message asks for.
pub const SENSITIVE_MAX_AGE: std::time::Duration = std::time::Duration::from_secs(10 * 60);

fn text(t: &str) -> Json<serde_json::Value> {
    Json(json!({ "text": t }))
}

/// `{"message": "Not Found"}` with 404: unknown routes and unknown methods alike.
pub async fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(json!({ "message": "Not Found" })),
    )
        .into_response()
}

/// The whole route table.
pub fn router(guard: &Guard) -> Router {
    let public = Router::new().route(
        "/api/messages/public",
        get(|| async { text("This is a public message.") }),
    );
    let protected = Router::new()
        .route(
            "/api/messages/protected",
            get(|| async { text("This is a protected message.") }),
        )
        .route("/api/whoami", get(whoami));
    let admin = Router::new()
        .route(
            "/api/messages/admin",
            get(|| async { text("This is an admin message.") }),
        )
        .route_layer(Policy::permission(ADMIN_PERMISSION).layer());
    // Step-up (RFC 9470), beyond the seeds' contract: two factors, within ten minutes.
    // Anything less is answered 401 `insufficient_user_authentication`, which tells
    // the client what to ask the issuer for.
    let sensitive = Router::new()
        .route(
            "/api/messages/sensitive",
            get(|| async { text("This is a sensitive message.") }),
        )
        .route_layer(
            Policy::mfa()
                .and(Policy::max_age(SENSITIVE_MAX_AGE))
                .layer(),
        );
    // Organization-scoped routes (B2B, PropelAuth's requireOrgMember).
    let orgs = Router::new()
        .route(
            "/api/orgs/{org_id}/admin",
            get(org_admin).route_layer(Policy::org_role_at_least("admin").layer()),
        )
        .route("/api/orgs/{org_id}/messages", get(org_messages));
    let optional = Router::new().route("/protected-endpoint", get(auth_object));
    Router::new()
        .merge(public)
        .merge(
            protected
                .merge(admin)
                .merge(sensitive)
                .merge(orgs)
                .route_layer(guard.layer()),
        )
        .merge(optional.route_layer(guard.optional_layer()))
        .fallback(not_found)
        .method_not_allowed_fallback(not_found)
}

/// PropelAuth's `requireUser`, then "Hello user with ID …".
async fn whoami(Authenticated(principal): Authenticated) -> String {
    format!("Hello user with ID {}", principal.subject())
}

/// Any member of the organization in the path (and only of that one).
async fn org_messages(caller: OrgScoped) -> Json<serde_json::Value> {
    let org = caller.org_slug().or(caller.org_id()).unwrap_or_default();
    text(&format!("This is a message for the members of {org}."))
}

/// Admins and owners of the organization in the path.
async fn org_admin(caller: OrgScoped) -> Json<serde_json::Value> {
    let org = caller.org_slug().or(caller.org_id()).unwrap_or_default();
    text(&format!("This is an admin message for {org}."))
}

/// Clerk's `ClerkExpressWithAuth`: the auth object (nulls when anonymous).
async fn auth_object(principal: Option<Authenticated>) -> Json<ClerkAuthObject> {
    Json(ClerkAuthObject::from(
        principal.as_ref().map(|Authenticated(a)| a),
    ))
}

/// Turns a panic into the API's 500 body, `{"message": "Internal Server Error"}`.
pub fn internal_error(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        Json(json!({ "message": "Internal Server Error" })),
    )
        .into_response()
}
