//! Strict base64url (RFC 7515 §2): the URL-safe alphabet, no padding, no whitespace,
//! no non-zero trailing bits.

use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

/// The one engine used for every JOSE segment: decoding refuses `=` padding and
/// non-canonical trailing bits, so each byte string has exactly one accepted encoding.
const STRICT: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(false),
);

/// Decodes strict base64url. `None` for any other input.
pub(crate) fn decode(input: &str) -> Option<Vec<u8>> {
    STRICT.decode(input).ok()
}

/// Encodes as base64url without padding.
pub(crate) fn encode(input: impl AsRef<[u8]>) -> String {
    STRICT.encode(input)
}

/// Whether every byte is in the base64url alphabet `[A-Za-z0-9_-]`.
pub(crate) fn is_alphabet(segment: &str) -> bool {
    segment
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strictness() {
        assert_eq!(decode("Zm9v").as_deref(), Some(&b"foo"[..]));
        assert_eq!(decode("Zm8").as_deref(), Some(&b"fo"[..]));
        assert_eq!(decode("Zm8="), None, "padding");
        assert_eq!(decode("Zm 8"), None, "whitespace");
        assert_eq!(decode("Zm9"), None, "non-canonical trailing bits");
        assert_eq!(decode("Zm+v"), None, "standard alphabet");
        assert_eq!(decode("Z"), None, "impossible length");
        assert_eq!(encode(b"fo"), "Zm8");
    }
}
