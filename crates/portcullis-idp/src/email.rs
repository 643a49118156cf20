//! [`Email`]: parsed once, normalized, then trusted.

use crate::error::{IdpError, Result};

/// A normalized email address: trimmed, lowercased, one `@`, a non-empty local part and
/// a dotted domain (or `localhost`), at most 254 bytes, no whitespace or control
/// characters. Deliberately not a full RFC 5322 parser: addresses that need one are
/// not deliverable in practice.
///
/// ```
/// use portcullis_idp::Email;
/// assert_eq!(Email::parse("  Ada@Example.COM ").unwrap().as_str(), "ada@example.com");
/// assert!(Email::parse("no-at-sign").is_err());
/// assert!(Email::parse("a@b@c.com").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    /// Parses and normalizes.
    pub fn parse(raw: &str) -> Result<Self> {
        let email = raw.trim().to_lowercase();
        let bad = || IdpError::invalid("email is not a valid email address");
        if email.is_empty() {
            return Err(IdpError::invalid("email is required"));
        }
        if email.len() > 254 || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(bad());
        }
        let (local, domain) = email.split_once('@').ok_or_else(bad)?;
        let domain_ok = domain == "localhost"
            || (domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains(".."));
        if local.is_empty() || local.len() > 64 || domain.contains('@') || !domain_ok {
            return Err(bad());
        }
        Ok(Self(email))
    }

    /// The normalized address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_and_malformed_addresses_are_refused() {
        for bad in [
            "",
            "   ",
            "@example.com",
            "a@",
            "a@example",
            "a@.example.com",
            "a@example..com",
            "a b@example.com",
            "a@exa\u{0}mple.com",
            "a\n@example.com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?}");
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert!(Email::parse(&long).is_err());
        assert!(Email::parse("dev@localhost").is_ok());
    }
}
