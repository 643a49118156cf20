//! ⑤ axum extractors: required vs optional authentication is a type in the handler.
//!
//! | handler argument | no token | invalid token | valid token |
//! |---|---|---|---|
//! | `Authenticated` | 401 | 401 | `Principal` |
//! | `Option<Authenticated>` | `None` | 401 | `Some(Principal)` |
//! | `Require<P>` | 401 | 401 | 403 unless `P` allows |
//! | `OrgScoped` | 401 | 401 | 403 unless the path's organization is the token's |
//!
//! They read what [`crate::GuardLayer`] stored; used without the layer they answer 500
//! (a misconfiguration, not the caller's fault).

mod org;
mod require;

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use http::request::Parts;
use serde::de::DeserializeOwned;

pub use org::OrgScoped;
pub use require::{Require, StaticPolicy};

use crate::{Guard, GuardError, Principal, Rejection, TokenProblem};

/// The request's verified identity; 401 when there is none.
///
/// `C` is your own claims type (default `()`); claims that do not deserialize into it
/// make the token invalid (401).
///
/// ```
/// use portcullis::Authenticated;
/// async fn whoami(Authenticated(principal): Authenticated) -> String {
///     format!("Hello user with ID {}", principal.subject())
/// }
/// ```
#[derive(Debug, Clone)]
pub struct Authenticated<C = ()>(pub Principal<C>);

/// The outcome the layer left in the request, or a 500 if there was no layer.
pub(crate) fn outcome(parts: &Parts) -> Result<(Option<&Principal>, &Guard), Rejection> {
    let guard = parts.extensions.get::<Guard>().ok_or_else(|| {
        Rejection::with_defaults(GuardError::Misconfigured(
            "Authenticated used without the portcullis layer",
        ))
    })?;
    Ok((parts.extensions.get::<Principal>(), guard))
}

fn typed<C: DeserializeOwned + 'static>(
    principal: &Principal,
    guard: &Guard,
) -> Result<Principal<C>, Rejection> {
    principal.with_claims::<C>().map_err(|_| {
        guard.rejection(GuardError::InvalidToken(TokenProblem::Verify(
            portcullis_jwt::VerifyError::InvalidClaim("custom claims"),
        )))
    })
}

impl<S, C> FromRequestParts<S> for Authenticated<C>
where
    S: Send + Sync,
    C: DeserializeOwned + Send + Sync + 'static,
{
    type Rejection = Rejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        match outcome(parts)? {
            (Some(principal), guard) => typed(principal, guard).map(Authenticated),
            (None, guard) => Err(guard.rejection(GuardError::MissingCredentials)),
        }
    }
}

impl<S, C> OptionalFromRequestParts<S> for Authenticated<C>
where
    S: Send + Sync,
    C: DeserializeOwned + Send + Sync + 'static,
{
    type Rejection = Rejection;

    async fn from_request_parts(
        parts: &mut Parts,
        _state: &S,
    ) -> Result<Option<Self>, Self::Rejection> {
        match outcome(parts)? {
            (Some(principal), guard) => typed(principal, guard).map(|a| Some(Authenticated(a))),
            (None, _) => Ok(None),
        }
    }
}
