//! `Require<P>`: a policy as a type in the handler signature.

use std::marker::PhantomData;

use axum::extract::FromRequestParts;
use http::request::Parts;

use super::outcome;
use crate::{GuardError, Policy, Principal, Rejection};

/// A policy named by a type, for [`Require`].
///
/// ```
/// use portcullis::{Policy, Require, StaticPolicy};
/// struct ReadAdminMessages;
/// impl StaticPolicy for ReadAdminMessages {
///     fn policy() -> Policy { Policy::permission("read:admin-messages") }
/// }
/// async fn admin(caller: Require<ReadAdminMessages>) -> String {
///     format!("This is an admin message for {}.", caller.subject())
/// }
/// ```
pub trait StaticPolicy {
    /// The policy.
    fn policy() -> Policy;
}

/// Passes only when `P` allows the caller: 401 without a valid token, 403 when denied.
/// Holds the caller's [`Principal`].
pub struct Require<P>(pub Principal, PhantomData<fn() -> P>);

impl<P> std::fmt::Debug for Require<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Require").field(&self.0).finish()
    }
}

impl<P> Require<P> {
    /// The caller's [`Principal`].
    pub fn into_principal(self) -> Principal {
        self.0
    }
}

impl<P> std::ops::Deref for Require<P> {
    type Target = Principal;

    fn deref(&self) -> &Principal {
        &self.0
    }
}

impl<S, P> FromRequestParts<S> for Require<P>
where
    S: Send + Sync,
    P: StaticPolicy,
{
    type Rejection = Rejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let (principal, guard) = outcome(parts)?;
        let Some(principal) = principal else {
            return Err(guard.rejection(GuardError::MissingCredentials));
        };
        let policy = P::policy();
        match policy.evaluate(principal).await {
            Ok(()) => Ok(Require(principal.clone(), PhantomData)),
            Err(denied) => Err(guard.rejection(denied.into())),
        }
    }
}
