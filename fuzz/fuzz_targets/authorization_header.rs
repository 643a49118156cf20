//! Arbitrary header values for `Authorization` and `Cookie` (and the query string):
//! `TokenSource::extract` must never panic, and a token it returns must be an RFC 6750
//! `b64token` taken verbatim from the input.
//!
//! Input format: lines separated by `\n`; the first byte of each line picks where the rest
//! goes: `A` → an `Authorization` value, `C` → a `Cookie` value, `Q` → the URI query,
//! anything else → a header chosen by the byte's parity. Values `http` refuses are skipped.
#![no_main]

use http::header::{AUTHORIZATION, COOKIE};
use http::{HeaderValue, Request, Uri};
use libfuzzer_sys::fuzz_target;
use portcullis::TokenSource;

/// RFC 6750 §2.1: `1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`.
fn is_rfc6750_b64token(token: &str) -> bool {
    let bytes = token.as_bytes();
    let body_len = bytes
        .iter()
        .position(|&b| b == b'=')
        .unwrap_or(bytes.len());
    let (body, pad) = bytes.split_at(body_len);
    !body.is_empty()
        && body
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b"-._~+/".contains(&b))
        && pad.iter().all(|&b| b == b'=')
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle)
}

fuzz_target!(|data: &[u8]| {
    let mut req = Request::builder();
    let mut uri = Uri::from_static("/");
    for line in data.split(|&b| b == b'\n') {
        let Some((&tag, value)) = line.split_first() else {
            continue;
        };
        if tag == b'Q' {
            if let Ok(u) = Uri::try_from([b"/?", value].concat()) {
                uri = u;
            }
            continue;
        }
        let Ok(value) = HeaderValue::from_bytes(value) else {
            continue;
        };
        let name = match tag {
            b'A' => AUTHORIZATION,
            b'C' => COOKIE,
            t if t % 2 == 0 => AUTHORIZATION,
            _ => COOKIE,
        };
        req = req.header(name, value);
    }
    let Ok(req) = req.uri(uri).body(()) else {
        return;
    };
    let (parts, ()) = req.into_parts();

    for source in [TokenSource::with_cookie("__session"), TokenSource::header_only()] {
        if let Ok(Some(token)) = source.extract(&parts) {
            assert!(is_rfc6750_b64token(token), "not a b64token: {token:?}");
            assert!(contains(data, token.as_bytes()), "not from the input: {token:?}");
            // And it really is borrowed from one of the request's header values.
            let from_headers = parts
                .headers
                .get_all(AUTHORIZATION)
                .iter()
                .chain(parts.headers.get_all(COOKIE).iter())
                .any(|v| {
                    let range = v.as_bytes().as_ptr_range();
                    range.start <= token.as_ptr() && token.as_bytes().as_ptr_range().end <= range.end
                });
            assert!(from_headers, "token is not borrowed from a header value");
        }
    }
});
