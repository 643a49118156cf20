//! Test support for Portcullis: a real OpenID issuer on `127.0.0.1:0` that serves
//! discovery and a JWKS, mints access tokens, rotates keys, and misbehaves on request
//! (down, slow, redirecting, serving garbage), so the guard is tested against the
//! network it will meet in production rather than against mocks.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! use portcullis_testkit::TestIssuer;
//!
//! let issuer = TestIssuer::spawn().await;
//! let token = issuer.token().sub("user_1").permissions(&["read:admin-messages"]).sign();
//! assert_eq!(token.split('.').count(), 3);
//! assert!(issuer.issuer().ends_with('/'));
//! # }
//! ```
//!
//! The fixture keys in [`keys`] are published in this repository: never trust them
//! outside a test.

pub mod keys;
pub mod postgres;
mod server;
mod token;

pub use server::TestIssuer;
pub use token::TokenBuilder;

/// The audience every [`TokenBuilder`] starts with.
pub const DEFAULT_AUDIENCE: &str = "https://api.test";
