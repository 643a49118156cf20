//! Recovery codes, and how a typed second-factor code is read.
//!
//! Confirming an authenticator app issues [`RECOVERY_CODES`] codes, shown once, each
//! good for one sign-in (or for removing the authenticator) without the app. A code is
//! 80 random bits, written as 16 lowercase base32 characters in groups of four
//! (`abcd-efgh-ijkm-nopq`); the database keeps only its SHA-256, bound to the user. A
//! fast hash is enough: the codes are random, not chosen, and 2^80 guesses are out of
//! reach (a slow hash would only slow every sign-in that uses one).

use crate::error::Result;
use crate::ids::{bound_hash, random_bytes};
use crate::secret::Secret;

/// How many recovery codes confirming an authenticator issues.
pub const RECOVERY_CODES: usize = 10;
/// The longest code input read at all (anything longer is wrong, unread).
pub const MAX_CODE_BYTES: usize = 64;

/// RFC 4648 base32, lowercase: no `0`/`o` or `1`/`l` pairs to confuse.
const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
/// Characters of a recovery code (5 bits each).
const CODE_CHARS: usize = 16;
/// Digits of an authenticator app's code.
const TOTP_DIGITS: usize = 6;

/// A typed code, read: which kind, in its normal form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Code {
    /// Six digits (spaces removed): an authenticator app's code.
    Totp(String),
    /// A recovery code's 16 characters (lowercase, dashes and spaces removed).
    Recovery(String),
}

impl Code {
    /// Reads what a user typed; `None` for anything that is neither kind (too long,
    /// wrong length, characters outside the alphabet).
    pub(crate) fn parse(input: &str) -> Option<Self> {
        if input.len() > MAX_CODE_BYTES {
            return None;
        }
        let compact: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if compact.len() == TOTP_DIGITS && compact.bytes().all(|b| b.is_ascii_digit()) {
            return Some(Self::Totp(compact));
        }
        (compact.len() == CODE_CHARS && compact.bytes().all(|b| ALPHABET.contains(&b)))
            .then_some(Self::Recovery(compact))
    }
}

/// A fresh set of recovery codes for `user_id`: as shown to the user, and the hashes to
/// store.
pub(crate) fn new_recovery_codes(user_id: &str) -> Result<(Vec<Secret>, Vec<String>)> {
    let mut shown = Vec::with_capacity(RECOVERY_CODES);
    let mut hashes = Vec::with_capacity(RECOVERY_CODES);
    for _ in 0..RECOVERY_CODES {
        // 256 is a multiple of 32: each byte gives 5 uniform bits.
        let chars: String = random_bytes::<CODE_CHARS>()?
            .iter()
            .map(|b| char::from(ALPHABET[usize::from(b % 32)]))
            .collect();
        hashes.push(recovery_hash(user_id, &chars));
        let groups: Vec<&str> = (0..CODE_CHARS)
            .step_by(4)
            .map(|i| &chars[i..i + 4])
            .collect();
        shown.push(Secret::new(groups.join("-")));
    }
    Ok((shown, hashes))
}

/// What the database stores for a recovery code in its normal form: SHA-256 over the
/// user id and the code, hex.
pub(crate) fn recovery_hash(user_id: &str, code: &str) -> String {
    bound_hash("portcullis recovery code", user_id, code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_in_their_normal_form_and_anything_else_is_refused() {
        assert_eq!(Code::parse("123456"), Some(Code::Totp("123456".into())));
        assert_eq!(Code::parse(" 123 456 "), Some(Code::Totp("123456".into())));
        assert_eq!(
            Code::parse("ABCD-efgh-2345-67ab"),
            Some(Code::Recovery("abcdefgh234567ab".into()))
        );
        for bad in [
            "",
            "12345",
            "1234567",
            "12345a",
            "١٢٣٤٥٦",
            "abcd-efgh-2345-67a",
            "abcd-efgh-2345-67a1",
            "abcd-efgh-2345-67ab-c",
            "abcd\u{0}efgh2345678",
            &"1".repeat(MAX_CODE_BYTES + 1),
            &format!("123456{}", " ".repeat(MAX_CODE_BYTES)),
        ] {
            assert_eq!(Code::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_stored_form_of_a_recovery_code_does_not_change() {
        // SHA-256("portcullis recovery code\0usr_a\0abcdefgh234567ab"): codes stored by
        // earlier versions must keep working.
        let mut ctx = aws_lc_rs::digest::Context::new(&aws_lc_rs::digest::SHA256);
        ctx.update(b"portcullis recovery code\0usr_a\0abcdefgh234567ab");
        let expected: String = ctx
            .finish()
            .as_ref()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(recovery_hash("usr_a", "abcdefgh234567ab"), expected);
    }

    #[test]
    fn recovery_codes_are_distinct_readable_and_bound_to_their_user() {
        let (shown, hashes) = new_recovery_codes("usr_a").unwrap();
        assert_eq!(
            (shown.len(), hashes.len()),
            (RECOVERY_CODES, RECOVERY_CODES)
        );
        let unique: std::collections::HashSet<&String> = hashes.iter().collect();
        assert_eq!(unique.len(), RECOVERY_CODES);
        for (code, hash) in shown.iter().zip(&hashes) {
            assert_eq!(code.expose().len(), 19, "{:?}", code.expose());
            let Some(Code::Recovery(normal)) = Code::parse(code.expose()) else {
                panic!("{:?} does not read back", code.expose());
            };
            assert_eq!(&recovery_hash("usr_a", &normal), hash);
            assert_ne!(&recovery_hash("usr_b", &normal), hash);
        }
    }
}
