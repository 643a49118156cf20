//! The tower layer that verifies a request's token once and stores the outcome.
//!
//! [`GuardLayer`] runs in one of two modes:
//!
//! * **required** ([`crate::Guard::layer`]): no token → 401, invalid token → 401,
//!   valid → the request goes on with a [`crate::Principal`] in its extensions;
//! * **optional** ([`crate::Guard::optional_layer`]): no token → the request goes on
//!   anonymously; an invalid token is still 401 (a wrong token is never "no token").
//!
//! Handlers then read the outcome with [`crate::Authenticated`] or
//! `Option<Authenticated>`. The layer works with any tower service whose response body
//! can be made from a `String` (axum's `Body`, `Full<Bytes>`, `String`).
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! use axum::{Router, routing::get, body::Body};
//! use portcullis::{Guard, IssuerConfig, Authenticated};
//! use portcullis_jwt::Algorithm;
//! use tower::ServiceExt;
//!
//! let secret = [7u8; 32];
//! let guard = Guard::builder()
//!     .issuer(IssuerConfig::shared_secret(Algorithm::HS256, secret, "https://issuer.test/").audience("api"))
//!     .build()
//!     .unwrap();
//! let app = Router::new()
//!     .route("/me", get(|Authenticated(principal): Authenticated| async move { principal.subject().to_owned() }))
//!     .layer(guard.layer());
//!
//! let res = app.oneshot(http::Request::get("/me").body(Body::empty()).unwrap()).await.unwrap();
//! assert_eq!(res.status(), 401);
//! assert_eq!(res.headers()["www-authenticate"], "Bearer realm=\"api\"");
//! # }
//! ```

mod future;
#[allow(clippy::module_inception)]
mod layer;
mod service;

pub use future::ResponseFuture;
pub use layer::GuardLayer;
pub use service::GuardService;

/// Whether a request without a token may pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Required,
    Optional,
}
