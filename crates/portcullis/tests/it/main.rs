//! The guard's one integration-test binary: real HTTP issuers on port 0 (testkit),
//! in-process `oneshot` calls into axum routers.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    unreachable_pub
)]

mod access_token_typ;
mod cache;
mod errors;
mod helpers;
mod introspection;
mod jwks;
mod modes;
mod multi_issuer;
mod policy;
mod ratelimit;
mod sources;
mod step_up;
