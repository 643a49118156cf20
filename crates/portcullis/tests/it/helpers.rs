use std::time::Duration;

use axum::body::Body;
use axum::routing::get;
use axum::{Json, Router};
use http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use portcullis::{Authenticated, ClerkAuthObject, Guard, IssuerConfig, JwksOptions, Policy};
use portcullis_testkit::{DEFAULT_AUDIENCE, TestIssuer};
use tower::ServiceExt;

/// Short intervals so tests about cooldowns and backoff run in well under a second.
pub fn fast_jwks() -> JwksOptions {
    JwksOptions {
        unknown_kid_cooldown: Duration::from_millis(300),
        retry_backoff: Duration::from_millis(50),
        connect_timeout: Duration::from_millis(500),
        timeout: Duration::from_secs(1),
        ..JwksOptions::default()
    }
}

pub fn guard_for(issuer: &TestIssuer) -> Guard {
    Guard::builder()
        .issuer(IssuerConfig::discover(issuer.issuer()).audience(DEFAULT_AUDIENCE))
        .jwks_options(fast_jwks())
        .debug_reason_header(true)
        .build()
        .unwrap()
}

/// `/me` requires a token, `/maybe` accepts none, `/admin` requires a permission.
pub fn app(guard: &Guard) -> Router {
    let required = Router::new()
        .route(
            "/me",
            get(|Authenticated(a): Authenticated| async move { a.subject().to_owned() }),
        )
        .route(
            "/admin",
            get(|| async { "admin" })
                .route_layer(Policy::permission("read:admin-messages").layer()),
        )
        .route_layer(guard.layer());
    let optional = Router::new()
        .route(
            "/maybe",
            get(|a: Option<Authenticated>| async move {
                a.map_or_else(
                    || "anonymous".to_owned(),
                    |Authenticated(a)| a.subject().to_owned(),
                )
            }),
        )
        .route(
            "/auth-object",
            get(|a: Option<Authenticated>| async move {
                Json(ClerkAuthObject::from(a.as_ref().map(|Authenticated(a)| a)))
            }),
        )
        .route_layer(guard.optional_layer());
    required.merge(optional)
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn reason(&self) -> &str {
        self.headers
            .get(portcullis::DEBUG_REASON_HEADER)
            .map_or("", |v| v.to_str().unwrap())
    }
}

pub async fn send(app: &Router, req: Request<Body>) -> Reply {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body =
        String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    Reply {
        status,
        headers,
        body,
    }
}

pub async fn get_with(app: &Router, path: &str, token: Option<&str>) -> Reply {
    let mut req = Request::get(path);
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    send(app, req.body(Body::empty()).unwrap()).await
}
