//! Compact JWS parsing (RFC 7515 §7.1), strictly: exactly three non-empty base64url
//! segments, a JSON-object header, and a size limit checked before any decoding.

use crate::{Header, VerifyError, b64};

/// A parsed but not yet verified compact JWS.
#[derive(Debug, Clone)]
pub struct Jws<'a> {
    signing_input: &'a str,
    header: Header,
    payload: Vec<u8>,
    signature: Vec<u8>,
}

impl<'a> Jws<'a> {
    /// Parses a compact JWS of at most `max_len` bytes. The payload may be any bytes;
    /// the JWT layer ([`crate::Verifier`]) is what requires a JSON object there.
    ///
    /// ```
    /// use portcullis_jwt::{Jws, Algorithm, VerifyError};
    /// let jws = Jws::parse("eyJhbGciOiJIUzI1NiJ9.Zm9v.c2ln", 1024).unwrap();
    /// assert_eq!(jws.header().alg, Algorithm::HS256);
    /// assert_eq!(jws.payload(), b"foo");
    /// assert!(matches!(Jws::parse("a.b", 1024), Err(VerifyError::Malformed(_))));
    /// ```
    pub fn parse(token: &'a str, max_len: usize) -> Result<Self, VerifyError> {
        if token.len() > max_len {
            return Err(VerifyError::TooLarge);
        }
        // The two dots. A third one is refused by the signature's decoder, so the
        // signature (the longest segment) is not searched for dots.
        let not_three = || VerifyError::Malformed("not three dot-separated segments");
        let first = token.find('.').ok_or_else(not_three)?;
        let second = token[first + 1..]
            .find('.')
            .map(|i| first + 1 + i)
            .ok_or_else(not_three)?;
        let (h, p, s) = (
            &token[..first],
            &token[first + 1..second],
            &token[second + 1..],
        );
        // The rules, in the order they are reported: three segments, none empty, all in
        // the alphabet, then the header, the payload and the signature. The decoder
        // refuses any character outside the alphabet, so the segments are only scanned
        // for the earlier rules when something fails.
        let first_broken = |later: VerifyError| -> VerifyError {
            if s.contains('.') {
                not_three()
            } else if h.is_empty() || p.is_empty() || s.is_empty() {
                VerifyError::Malformed("empty segment")
            } else if !(b64::is_alphabet(h) && b64::is_alphabet(p) && b64::is_alphabet(s)) {
                VerifyError::Malformed("character outside base64url")
            } else {
                later
            }
        };
        if h.is_empty() || p.is_empty() || s.is_empty() {
            return Err(first_broken(VerifyError::Malformed("empty segment")));
        }
        let header_json = b64::decode(h)
            .ok_or_else(|| first_broken(VerifyError::Malformed("header is not base64url")))?;
        let header = Header::from_json(&header_json).map_err(first_broken)?;
        let payload = b64::decode(p)
            .ok_or_else(|| first_broken(VerifyError::Malformed("payload is not base64url")))?;
        let signature = b64::decode(s)
            .ok_or_else(|| first_broken(VerifyError::Malformed("signature is not base64url")))?;
        Ok(Jws {
            signing_input: &token[..h.len() + 1 + p.len()],
            header,
            payload,
            signature,
        })
    }

    /// The protected header.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The protected header, taking it out of the JWS (no copy of its strings).
    pub(crate) fn into_header(self) -> Header {
        self.header
    }

    /// The decoded payload bytes.
    pub fn payload(&self) -> &[u8] {
        &self.payload
    }

    /// The decoded signature bytes.
    pub fn signature(&self) -> &[u8] {
        &self.signature
    }

    /// The exact bytes that were signed: `header.payload` as received.
    pub fn signing_input(&self) -> &[u8] {
        self.signing_input.as_bytes()
    }
}

/// Reads the `iss` claim of a token without verifying anything, to route a token to the
/// right issuer's keys. Never trust the result for anything else.
///
/// ```
/// // {"alg":"ES256"} . {"iss":"https://a.example"} . sig
/// let t = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJodHRwczovL2EuZXhhbXBsZSJ9.c2ln";
/// assert_eq!(portcullis_jwt::peek_issuer(t, 4096).as_deref(), Some("https://a.example"));
/// assert_eq!(portcullis_jwt::peek_issuer("junk", 4096), None);
/// ```
pub fn peek_issuer(token: &str, max_len: usize) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Iss {
        iss: Option<String>,
    }
    if token.len() > max_len {
        return None;
    }
    let mut parts = token.split('.');
    let (_, Some(p), Some(_), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let payload = b64::decode(p)?;
    serde_json::from_slice::<Iss>(&payload).ok()?.iss
}

#[cfg(test)]
mod tests {
    use super::*;

    const HDR: &str = "eyJhbGciOiJIUzI1NiJ9"; // {"alg":"HS256"}

    #[test]
    fn segment_rules() {
        let ok = format!("{HDR}.Zm9v.c2ln");
        assert!(Jws::parse(&ok, 1000).is_ok());
        for bad in [
            String::new(),
            format!("{HDR}.Zm9v"),
            format!("{HDR}.Zm9v.c2ln.x"),
            format!("{HDR}.Zm9v.c2ln.x.y"),
            format!("{HDR}..c2ln"),
            format!("{HDR}.Zm9v."),
            ".Zm9v.c2ln".to_string(),
            format!("{HDR}.Zm9v.c2ln="),
            format!("{HDR} .Zm9v.c2ln"),
            format!("{HDR}.Zm9v.c2?n"),
            format!("{HDR}.Zm9v.c2l+"),
        ] {
            assert!(
                matches!(Jws::parse(&bad, 1000), Err(VerifyError::Malformed(_))),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn the_first_broken_rule_is_reported() {
        const NONE: &str = "eyJhbGciOiJub25lIn0"; // {"alg":"none"}
        let err = |t: String| Jws::parse(&t, 1000).unwrap_err();
        let malformed = VerifyError::Malformed;
        assert_eq!(
            err(format!("{NONE}.Zm9v.c2l?")),
            malformed("character outside base64url")
        );
        assert_eq!(
            err(format!("{NONE}.Zm9.c2ln")),
            VerifyError::AlgorithmNotAllowed
        );
        assert_eq!(
            err(format!("{HDR}.Zm9.c2ln")),
            malformed("payload is not base64url")
        );
        assert_eq!(
            err(format!("{HDR}.Zm9v.c2l")),
            malformed("signature is not base64url")
        );
        assert_eq!(
            err("a.b.c.d".into()),
            malformed("not three dot-separated segments")
        );
        assert_eq!(
            err("a..c.d".into()),
            malformed("not three dot-separated segments")
        );
        assert_eq!(err(format!("{HDR}..c2l?")), malformed("empty segment"));
        assert_eq!(
            err("Zm9.Zm9v.c2ln".into()),
            malformed("header is not base64url")
        );
    }

    #[test]
    fn size_limit_comes_first() {
        let big = "a".repeat(20_000);
        assert_eq!(Jws::parse(&big, 8192).unwrap_err(), VerifyError::TooLarge);
    }

    #[test]
    fn signing_input_is_received_bytes() {
        let t = format!("{HDR}.Zm9v.c2ln");
        let jws = Jws::parse(&t, 1000).unwrap();
        assert_eq!(jws.signing_input(), format!("{HDR}.Zm9v").as_bytes());
        assert_eq!(jws.signature(), b"sig");
    }
}
