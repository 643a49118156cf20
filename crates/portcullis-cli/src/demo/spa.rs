//! The demo's single-page app on port 4040 (the origin the example API's CORS allows):
//! static files with no build step, and `/config.json` telling the page where the issuer
//! and API are.

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;

/// The public client id the demo SPA uses.
pub(crate) const SPA_CLIENT: &str = "demo-spa";

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

/// The SPA's routes for `origin` (e.g. `http://localhost:4040`).
pub(crate) fn router(issuer: &str, api: &str, origin: &str) -> Router {
    let config = json!({
        "issuer": issuer,
        "api": api,
        "origin": origin,
        "clientId": SPA_CLIENT,
        "redirectUri": format!("{origin}/callback"),
        "audience": super::AUDIENCE,
    });
    let csp = format!(
        "default-src 'self'; connect-src 'self' {} {api}; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
        issuer.trim_end_matches('/')
    );
    let csp = HeaderValue::from_str(&csp)
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"));
    let index = move || {
        let csp = csp.clone();
        async move {
            let mut res = asset(
                "text/html; charset=utf-8",
                include_str!("../../spa/index.html"),
            );
            res.headers_mut()
                .insert(header::CONTENT_SECURITY_POLICY, csp);
            res
        }
    };
    Router::new()
        .route("/", get(index.clone()))
        .route("/callback", get(index))
        .route(
            "/app.js",
            get(|| async {
                asset(
                    "text/javascript; charset=utf-8",
                    include_str!("../../spa/app.js"),
                )
            }),
        )
        .route(
            "/app.css",
            get(|| async { asset("text/css; charset=utf-8", include_str!("../../spa/app.css")) }),
        )
        .route(
            "/config.json",
            get(move || {
                let config = config.clone();
                async move { axum::Json(config) }
            }),
        )
}
