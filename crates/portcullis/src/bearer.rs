//! ① Token extraction: `Authorization: Bearer` (RFC 6750 §2.1), and a named cookie only
//! when configured. Borrowed from the request; nothing is copied or logged.

use http::header::{AUTHORIZATION, COOKIE};
use http::request::Parts;
use http::{HeaderMap, Uri};

use crate::GuardError;

/// Where the guard looks for a token.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TokenSource {
    cookie: Option<String>,
}

impl TokenSource {
    /// The `Authorization` header only (the default).
    pub fn header_only() -> Self {
        Self::default()
    }

    /// Also accept the token from this cookie (Clerk's `__session` style).
    pub fn with_cookie(name: impl Into<String>) -> Self {
        TokenSource {
            cookie: Some(name.into()),
        }
    }

    /// The configured cookie name.
    pub fn cookie(&self) -> Option<&str> {
        self.cookie.as_deref()
    }

    /// Finds the token of a request, if any.
    ///
    /// * no credentials, or only another scheme (`Basic …`) → `Ok(None)`;
    /// * a well-formed bearer token in exactly one place → `Ok(Some(token))`;
    /// * two `Authorization` headers, a malformed bearer header, or a token in two places
    ///   (header + cookie, header + `access_token` query) → [`GuardError::InvalidRequest`].
    ///
    /// ```
    /// use portcullis::TokenSource;
    /// let req = http::Request::get("/").header("authorization", "bearer abc.def.ghi").body(()).unwrap();
    /// let (parts, _) = req.into_parts();
    /// assert_eq!(TokenSource::header_only().extract(&parts), Ok(Some("abc.def.ghi")));
    /// ```
    pub fn extract<'a>(&self, parts: &'a Parts) -> Result<Option<&'a str>, GuardError> {
        self.extract_from(&parts.headers, &parts.uri)
    }

    /// [`TokenSource::extract`] on bare headers and URI (for non-axum services).
    pub fn extract_from<'a>(
        &self,
        headers: &'a HeaderMap,
        uri: &Uri,
    ) -> Result<Option<&'a str>, GuardError> {
        let from_header = from_authorization(headers)?;
        let from_cookie = match &self.cookie {
            Some(name) => from_cookies(headers, name)?,
            None => None,
        };
        match (from_header, from_cookie) {
            (Some(_), Some(_)) => Err(GuardError::InvalidRequest(
                "credentials in more than one place",
            )),
            (Some(t), None) | (None, Some(t)) => {
                if query_has_access_token(uri) {
                    return Err(GuardError::InvalidRequest(
                        "credentials in more than one place",
                    ));
                }
                Ok(Some(t))
            }
            (None, None) => Ok(None),
        }
    }
}

impl TokenSource {
    /// The bearer token of the request's one `Authorization` header, with its characters
    /// *not* checked: only to look it up in the verified-token cache, whose entries all
    /// passed [`TokenSource::extract_from`] (a verified JWS is always a b64token), so a hit
    /// is a token that check would return. `None` when [`TokenSource::extract_from`] must
    /// decide (a cookie source, an `access_token` query, no or several headers, another
    /// scheme). Why: checking a token's few hundred characters cost more than the cache
    /// look-up it precedes.
    pub(crate) fn cache_candidate<'a>(&self, headers: &'a HeaderMap, uri: &Uri) -> Option<&'a str> {
        if self.cookie.is_some() || uri.query().is_some() {
            return None;
        }
        let mut values = headers.get_all(AUTHORIZATION).iter();
        let (Some(value), None) = (values.next(), values.next()) else {
            return None;
        };
        let bytes = value.as_bytes();
        let space = bytes.iter().position(|b| *b == b' ')?;
        if !bytes[..space].eq_ignore_ascii_case(b"bearer") {
            return None;
        }
        let rest = &bytes[space + 1..];
        let start = rest.iter().position(|b| *b != b' ')?;
        std::str::from_utf8(&rest[start..]).ok()
    }
}

fn from_authorization(headers: &HeaderMap) -> Result<Option<&str>, GuardError> {
    let mut values = headers.get_all(AUTHORIZATION).iter();
    let Some(value) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(GuardError::InvalidRequest(
            "more than one Authorization header",
        ));
    }
    // Why bytes: the token is read in one pass (the b64token characters are all visible
    // ASCII, so checking them also checks what `HeaderValue::to_str` would); the whole
    // value is only decoded as text on the rare paths.
    let bytes = value.as_bytes();
    let (scheme, rest) = match bytes.iter().position(|b| *b == b' ') {
        Some(space) => (&bytes[..space], &bytes[space + 1..]),
        None => (bytes, &[][..]),
    };
    if !scheme.eq_ignore_ascii_case(b"bearer") {
        // Another scheme (Basic, Digest, …) is not a bearer credential at all.
        return match value.to_str() {
            Ok(_) => Ok(None),
            Err(_) => Err(not_visible_ascii()),
        };
    }
    let start = rest.iter().position(|b| *b != b' ').unwrap_or(rest.len());
    let token = &rest[start..];
    if token.is_empty() {
        return Err(GuardError::InvalidRequest("Bearer scheme without a token"));
    }
    if !is_b64token_bytes(token) {
        return Err(if value.to_str().is_err() {
            not_visible_ascii()
        } else {
            GuardError::InvalidRequest("malformed bearer token")
        });
    }
    // Only b64token characters (ASCII): always valid UTF-8.
    std::str::from_utf8(token)
        .map(Some)
        .map_err(|_| not_visible_ascii())
}

fn not_visible_ascii() -> GuardError {
    GuardError::InvalidRequest("Authorization header is not visible ASCII")
}

/// RFC 6750 §2.1: `b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`.
pub(crate) fn is_b64token(token: &str) -> bool {
    is_b64token_bytes(token.as_bytes())
}

/// [`is_b64token`] on bytes.
fn is_b64token_bytes(token: &[u8]) -> bool {
    let padding = token.iter().rev().take_while(|b| **b == b'=').count();
    let body = &token[..token.len() - padding];
    !body.is_empty()
        && body.iter().all(|&b| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'+' | b'/')
        })
}

fn from_cookies<'a>(headers: &'a HeaderMap, name: &str) -> Result<Option<&'a str>, GuardError> {
    let mut found = None;
    for value in headers.get_all(COOKIE) {
        let Ok(value) = value.to_str() else { continue };
        for pair in value.split(';') {
            let Some((k, v)) = pair.trim().split_once('=') else {
                continue;
            };
            if k != name {
                continue;
            }
            if found.is_some() {
                return Err(GuardError::InvalidRequest("session cookie sent twice"));
            }
            let v = v.trim_matches('"');
            if !is_b64token(v) {
                return Err(GuardError::InvalidRequest("malformed session cookie"));
            }
            found = Some(v);
        }
    }
    Ok(found)
}

fn query_has_access_token(uri: &Uri) -> bool {
    uri.query().is_some_and(|q| {
        q.split('&')
            .any(|pair| pair.split('=').next() == Some("access_token"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(
        source: &TokenSource,
        uri: &str,
        headers: &[(&str, &[u8])],
    ) -> Result<Option<String>, GuardError> {
        let mut req = http::Request::get(uri);
        for (k, v) in headers {
            req = req.header(*k, http::HeaderValue::from_bytes(v).unwrap());
        }
        let (parts, ()) = req.body(()).unwrap().into_parts();
        source.extract(&parts).map(|t| t.map(str::to_owned))
    }

    #[test]
    fn header_forms() {
        let s = TokenSource::header_only();
        let ok = |h: &[u8]| run(&s, "/", &[("authorization", h)]);
        assert_eq!(ok(b"Bearer a.b.c"), Ok(Some("a.b.c".into())));
        assert_eq!(ok(b"bEaReR a.b.c"), Ok(Some("a.b.c".into())));
        assert_eq!(ok(b"Bearer  a.b.c"), Ok(Some("a.b.c".into())));
        assert_eq!(ok(b"Bearer abc=="), Ok(Some("abc==".into())));
        assert_eq!(ok(b"Basic dXNlcjpwYXNz"), Ok(None));
        assert_eq!(ok(b"Bearertoken"), Ok(None), "no space: another scheme");
        assert_eq!(run(&s, "/", &[]), Ok(None));
        for bad in [
            &b"Bearer"[..],
            b"Bearer ",
            b"Bearer a b",
            b"Bearer a.b.c ",
            b"Bearer =abc",
            b"Bearer a,b",
            b"Bearer \xff",
        ] {
            assert!(
                matches!(ok(bad), Err(GuardError::InvalidRequest(_))),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn b64token_bytes_matches_the_grammar() {
        let reference = |b: u8| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'+' | b'/')
        };
        for b in 0..=255u8 {
            assert_eq!(is_b64token_bytes(&[b]), reference(b), "byte {b}");
            // `a==` is a token with padding: `=` is allowed at the end.
            let padded = reference(b) || b == b'=';
            assert_eq!(is_b64token_bytes(&[b'a', b, b'=']), padded, "byte {b}");
        }
        assert!(is_b64token("abc=="));
        assert!(!is_b64token("=="));
        assert!(!is_b64token("a=b"));
        assert!(!is_b64token(""));
    }

    #[test]
    fn a_cache_candidate_is_what_extraction_returns_when_it_accepts() {
        let s = TokenSource::header_only();
        for (uri, value) in [
            ("/", &b"Bearer a.b.c"[..]),
            ("/", b"bearer   a.b.c"),
            ("/", b"Bearer a b"),
            ("/", b"Bearer a.b.c "),
            ("/", b"Bearer \xff"),
            ("/", b"Bearer "),
            ("/", b"Basic abc"),
            ("/?access_token=x", b"Bearer a.b.c"),
        ] {
            let req = http::Request::get(uri)
                .header(
                    "authorization",
                    http::HeaderValue::from_bytes(value).unwrap(),
                )
                .body(())
                .unwrap();
            let (parts, ()) = req.into_parts();
            let candidate = s.cache_candidate(&parts.headers, &parts.uri);
            if let Ok(Some(token)) = s.extract(&parts) {
                assert_eq!(candidate, Some(token), "{value:?}");
            }
        }
    }

    #[test]
    fn two_places_is_a_bad_request() {
        let s = TokenSource::with_cookie("__session");
        let both = run(
            &s,
            "/",
            &[("authorization", b"Bearer a"), ("cookie", b"__session=b")],
        );
        assert!(matches!(both, Err(GuardError::InvalidRequest(_))));
        let two_headers = run(
            &s,
            "/",
            &[
                ("authorization", b"Bearer a"),
                ("authorization", b"Bearer a"),
            ],
        );
        assert!(matches!(two_headers, Err(GuardError::InvalidRequest(_))));
        let query = run(&s, "/?access_token=x", &[("authorization", b"Bearer a")]);
        assert!(matches!(query, Err(GuardError::InvalidRequest(_))));
    }

    #[test]
    fn cookie_only_when_configured() {
        let cookie = [("cookie", &b"theme=dark; __session=a.b.c"[..])];
        assert_eq!(
            run(&TokenSource::with_cookie("__session"), "/", &cookie),
            Ok(Some("a.b.c".into()))
        );
        assert_eq!(run(&TokenSource::header_only(), "/", &cookie), Ok(None));
        let twice = [("cookie", &b"__session=a; __session=b"[..])];
        assert!(run(&TokenSource::with_cookie("__session"), "/", &twice).is_err());
    }
}
