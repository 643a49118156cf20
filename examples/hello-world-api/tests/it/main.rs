//! The example binary against a real issuer: the hello-world API's curl walkthrough, the RFC 8725
//! attacks, and start-up errors.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    unreachable_pub
)]

mod attacks;
mod config;
mod helpers;
mod walkthrough;
