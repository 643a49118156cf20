//! Passwords: the policy a new password must meet, and hashing with argon2id.

mod common;
mod hasher;
mod workers;

pub use hasher::{PasswordHasher, Verification};

use crate::error::{IdpError, Result};
use crate::secret::Secret;

/// Shortest password accepted (NIST SP 800-63B: at least 8).
pub const MIN_PASSWORD_CHARS: usize = 8;
/// Longest password accepted, in bytes: bounds the hashing work an attacker can ask for.
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// A new password that meets the policy: long enough, not absurdly long, not one of the
/// most common passwords, not the email itself. Login attempts are not held to the
/// policy (only to the byte limit), so a policy change never locks anyone out.
///
/// ```
/// use portcullis_idp::NewPassword;
/// assert!(NewPassword::parse("correct horse battery staple".into(), "ada@example.com").is_ok());
/// assert!(NewPassword::parse("short".into(), "ada@example.com").is_err());
/// assert!(NewPassword::parse("password123".into(), "ada@example.com").is_err());
/// ```
#[derive(Debug, Clone)]
pub struct NewPassword(Secret);

impl NewPassword {
    /// Checks `raw` against the policy.
    pub fn parse(raw: String, email: &str) -> Result<Self> {
        let chars = raw.chars().count();
        if raw.is_empty() {
            return Err(IdpError::invalid("password is required"));
        }
        if chars < MIN_PASSWORD_CHARS {
            return Err(IdpError::invalid(format!(
                "password must be at least {MIN_PASSWORD_CHARS} characters"
            )));
        }
        if raw.len() > MAX_PASSWORD_BYTES {
            return Err(IdpError::invalid(format!(
                "password must be at most {MAX_PASSWORD_BYTES} bytes"
            )));
        }
        let lowered = raw.to_lowercase();
        let first = raw.chars().next();
        if common::is_common(&lowered) || raw.chars().all(|c| Some(c) == first) {
            return Err(IdpError::invalid(
                "password is too common; choose a less guessable one",
            ));
        }
        if lowered == email.to_lowercase() || Some(lowered.as_str()) == email.split('@').next() {
            return Err(IdpError::invalid("password must not be your email"));
        }
        Ok(Self(Secret::new(raw)))
    }

    /// The password, for hashing.
    pub fn secret(&self) -> &Secret {
        &self.0
    }
}
