#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]
//!
//! # The request path
//!
//! ```text
//! HTTP in → layer::GuardService ─① bearer.rs (find the token)
//!                               ─② authenticator.rs (issuer by `iss`, keys/…, portcullis-jwt)
//!                               ─③ principal.rs (claims → Principal, stored in extensions)
//!         → extract/ (Authenticated, Option<Authenticated>, Require<P>)
//!         → policy.rs / require_layer.rs (④ may they do that?)
//!         → handler
//! any failure → error.rs (GuardError) → rejection.rs (the one mapping to HTTP)
//! ```

#[cfg(feature = "admin-client")]
#[cfg_attr(docsrs, doc(cfg(feature = "admin-client")))]
pub mod admin_client;
mod authenticator;
mod bearer;
mod builder;
mod claims_map;
mod clerk_auth_object;
mod env;
mod error;
mod extract;
mod guard;
mod introspection;
mod issuer;
mod keys;
pub mod layer;
mod policy;
mod principal;
mod ratelimit;
mod rejection;
mod require_layer;
mod step_up;
mod verified_cache;

#[cfg(feature = "admin-client")]
pub use admin_client::{AdminClient, AdminError};
pub use bearer::TokenSource;
pub use builder::GuardBuilder;
pub use claims_map::ClaimsMapping;
pub use clerk_auth_object::ClerkAuthObject;
pub use env::builder_from_env;
pub use error::{BuildError, GuardError, TokenProblem};
pub use extract::{Authenticated, OrgScoped, Require, StaticPolicy};
pub use guard::Guard;
pub use introspection::Introspection;
pub use issuer::IssuerConfig;
pub use keys::JwksOptions;
pub use layer::GuardLayer;
pub use policy::{Denied, Policy, RoleHierarchy};
pub use principal::{Principal, TokenKind};
pub use ratelimit::{SubjectRateLimit, SubjectRateLimitLayer};
pub use rejection::{DEBUG_REASON_HEADER, ErrorFormat, Rejection, ResponseConfig};
pub use require_layer::{RequireLayer, RequireService};
pub use step_up::{ACR_MULTI_FACTOR, ACR_PHISHING_RESISTANT, StepUp};
pub use verified_cache::DEFAULT_CACHE_CAPACITY;

/// The JOSE core, re-exported: algorithms, keys, `NumericDate`.
pub use portcullis_jwt as jwt;

/// Entry points for the fuzz targets in `fuzz/`; not a stable API.
#[doc(hidden)]
pub mod __fuzz {
    /// Parses and checks a discovery document for the issuer `https://id.example.com/`;
    /// returns the accepted `jwks_uri`, if any.
    pub fn discovery_document(body: &[u8]) -> Option<String> {
        let issuer = url::Url::parse("https://id.example.com/").ok()?;
        crate::keys::discovery::check_document(body, &issuer, false)
            .ok()
            .map(|d| d.jwks_uri.to_string())
    }
}
