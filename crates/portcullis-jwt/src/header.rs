//! The JOSE header of a JWS, read strictly.

use serde::Deserialize;

use crate::{Algorithm, VerifyError};

/// The protected header of a token, as far as verification needs it.
///
/// `jku`, `x5u`, `x5c` and `jwk` are deliberately not read: a key is never chosen
/// from what the token says about itself (RFC 8725 §3.10).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The signature algorithm (never `none`).
    pub alg: Algorithm,
    /// The key id, if any.
    pub kid: Option<String>,
    /// The media type of the whole token (`JWT`, `at+jwt`, …), if any.
    pub typ: Option<String>,
}

/// The wire form. Serde's derive refuses duplicate known members, so a header with two
/// `alg` members is malformed rather than "last one wins".
#[derive(Deserialize)]
struct RawHeader<'a> {
    #[serde(borrow)]
    alg: Option<std::borrow::Cow<'a, str>>,
    kid: Option<String>,
    typ: Option<String>,
    crit: Option<serde::de::IgnoredAny>,
}

impl Header {
    /// Reads a decoded header. The JSON must be an object with a known, non-`none` `alg`,
    /// string `kid`/`typ` when present, and no `crit` (no extension is understood here).
    pub(crate) fn from_json(json: &[u8]) -> Result<Header, VerifyError> {
        // One UTF-8 check of the whole header, then a parser that need not check each
        // string again (`from_slice` would).
        let malformed = VerifyError::Malformed("header is not a valid JSON object");
        let text = std::str::from_utf8(json).map_err(|_| malformed.clone())?;
        let raw: RawHeader<'_> = serde_json::from_str(text).map_err(|_| malformed)?;
        if raw.crit.is_some() {
            return Err(VerifyError::UnsupportedCrit);
        }
        let alg = raw.alg.ok_or(VerifyError::Malformed("header has no alg"))?;
        let alg = Algorithm::from_name(&alg).ok_or(VerifyError::AlgorithmNotAllowed)?;
        Ok(Header {
            alg,
            kid: raw.kid,
            typ: raw.typ,
        })
    }

    /// Whether `typ` names the media type `expected` (RFC 7515 §4.1.9: compared
    /// case-insensitively, with or without the `application/` prefix).
    ///
    /// ```
    /// use portcullis_jwt::{Algorithm, Header};
    /// let h = Header { alg: Algorithm::ES256, kid: None, typ: Some("application/AT+JWT".into()) };
    /// assert!(h.typ_is("at+jwt"));
    /// assert!(!h.typ_is("JWT"));
    /// ```
    pub fn typ_is(&self, expected: &str) -> bool {
        let Some(typ) = self.typ.as_deref() else {
            return false;
        };
        // Compared in place: this runs on every verification that requires a `typ`.
        fn strip(s: &str) -> &str {
            const PREFIX: &str = "application/";
            match s.get(..PREFIX.len()) {
                Some(head) if head.eq_ignore_ascii_case(PREFIX) => &s[PREFIX.len()..],
                _ => s,
            }
        }
        strip(typ).eq_ignore_ascii_case(strip(expected))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Header, VerifyError> {
        Header::from_json(s.as_bytes())
    }

    #[test]
    fn accepts_minimal_and_full_headers() {
        let h = parse(r#"{"alg":"RS256"}"#).unwrap();
        assert_eq!(h.alg, Algorithm::RS256);
        let h = parse(r#"{"alg":"ES256","kid":"k1","typ":"at+jwt","x5t":"ignored"}"#).unwrap();
        assert_eq!(h.kid.as_deref(), Some("k1"));
        assert!(h.typ_is("at+jwt"));
    }

    #[test]
    fn typ_comparison() {
        let h = |typ: &str| Header {
            alg: Algorithm::ES256,
            kid: None,
            typ: Some(typ.into()),
        };
        assert!(h("at+jwt").typ_is("application/at+jwt"));
        assert!(h("Application/At+JWT").typ_is("AT+jwt"));
        assert!(!h("application/").typ_is("at+jwt"));
        assert!(!h("applicationat+jwt").typ_is("at+jwt"));
        assert!(!h("jwt").typ_is("at+jwt"));
        assert!(h("é").typ_is("é"), "non-ASCII compares exactly");
        assert!(
            !Header {
                typ: None,
                ..h("x")
            }
            .typ_is("x")
        );
    }

    #[test]
    fn refuses_none_unknown_and_missing_alg() {
        for bad in [r#"{"alg":"none"}"#, r#"{"alg":"NONE"}"#, r#"{"alg":"HS1"}"#] {
            assert_eq!(parse(bad), Err(VerifyError::AlgorithmNotAllowed), "{bad}");
        }
        assert!(matches!(
            parse(r#"{"kid":"a"}"#),
            Err(VerifyError::Malformed(_))
        ));
        assert!(matches!(
            parse(r#"{"alg":5}"#),
            Err(VerifyError::Malformed(_))
        ));
    }

    #[test]
    fn refuses_non_objects_duplicates_and_crit() {
        for bad in [
            "[]",
            "\"x\"",
            "null",
            "{",
            r#"{"alg":"RS256","alg":"RS256"}"#,
        ] {
            assert!(
                matches!(parse(bad), Err(VerifyError::Malformed(_))),
                "{bad}"
            );
        }
        assert_eq!(
            parse(r#"{"alg":"RS256","crit":["exp"],"exp":1}"#),
            Err(VerifyError::UnsupportedCrit)
        );
    }
}
