//! Random identifiers and opaque tokens, and their storage hashes.

use aws_lc_rs::digest;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::error::{IdpError, Result};

/// `n` random bytes from the system CSPRNG.
pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    let mut out = [0u8; N];
    aws_lc_rs::rand::fill(&mut out).map_err(|_| IdpError::Keys("random source failed".into()))?;
    Ok(out)
}

/// A new identifier: `prefix_` + 128 random bits, base64url.
pub(crate) fn new_id(prefix: &str) -> Result<String> {
    Ok(format!(
        "{prefix}_{}",
        URL_SAFE_NO_PAD.encode(random_bytes::<16>()?)
    ))
}

/// An identifier that sorts by creation time: `prefix_<seconds, 12 digits>_<48 random
/// bits, hex>` (audit events, outbox messages: paging by id is paging by time).
pub(crate) fn time_sorted_id(prefix: &str, now: i64) -> Result<String> {
    let suffix: String = random_bytes::<6>()?
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(format!("{prefix}_{:012}_{suffix}", now.max(0)))
}

/// A new opaque token: `prefix_` + 256 random bits, base64url.
pub(crate) fn new_token(prefix: &str) -> Result<String> {
    Ok(format!(
        "{prefix}_{}",
        URL_SAFE_NO_PAD.encode(random_bytes::<32>()?)
    ))
}

/// The SHA-256 of a high-entropy token, hex: what the database stores instead of it.
/// (A slow hash buys nothing for 256 random bits; it would only slow every refresh.)
pub(crate) fn token_hash(token: &str) -> String {
    let d = digest::digest(&digest::SHA256, token.as_bytes());
    d.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 over `label`, `owner` and `secret` (separated by NULs), hex: a short
/// secret's stored form, bound to what it belongs to (a recovery code to its user, an
/// emailed code to its browser's handle), so the same secret elsewhere hashes apart.
/// (Stored hashes depend on this exact layout.)
pub(crate) fn bound_hash(label: &str, owner: &str, secret: &str) -> String {
    let mut ctx = digest::Context::new(&digest::SHA256);
    ctx.update(label.as_bytes());
    ctx.update(b"\0");
    ctx.update(owner.as_bytes());
    ctx.update(b"\0");
    ctx.update(secret.as_bytes());
    ctx.finish()
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A fresh 256-bit random token, base64url (for CSRF tokens and the like).
pub fn random_token() -> Result<String> {
    Ok(URL_SAFE_NO_PAD.encode(random_bytes::<32>()?))
}

/// Constant-time equality.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && aws_lc_rs::constant_time::verify_slices_are_equal(a, b).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_prefixed_and_hashes_stable() {
        let a = new_id("usr").unwrap();
        let b = new_id("usr").unwrap();
        assert!(a.starts_with("usr_") && a.len() == 4 + 22);
        assert_ne!(a, b);
        let t = new_token("prt").unwrap();
        assert_eq!(t.len(), 4 + 43);
        assert_eq!(token_hash("abc").len(), 64);
        assert_eq!(token_hash("abc"), token_hash("abc"));
    }
}
