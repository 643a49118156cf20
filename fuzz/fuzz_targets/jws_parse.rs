//! Arbitrary bytes as a compact JWS: parsing, header access, claims and issuer peeking
//! must never panic, whatever the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use portcullis_jwt::{peek_issuer, Claims, Jws, DEFAULT_MAX_TOKEN_LEN};

fuzz_target!(|data: &[u8]| {
    let Ok(token) = std::str::from_utf8(data) else {
        return;
    };
    // Both the default limit and a tiny one, so the size check itself is exercised.
    for max_len in [DEFAULT_MAX_TOKEN_LEN, 64] {
        let _ = peek_issuer(token, max_len);
        let Ok(jws) = Jws::parse(token, max_len) else {
            continue;
        };
        let header = jws.header();
        let _ = header.alg.name();
        let _ = header.kid.as_deref();
        let _ = header.typ_is("at+jwt");
        let _ = header.typ_is("JWT");
        let _ = jws.signature();
        // The signing input is exactly `header.payload` as received.
        let input = jws.signing_input();
        assert!(token.as_bytes().starts_with(input));
        assert_eq!(token.as_bytes().get(input.len()), Some(&b'.'));
        if let Ok(claims) = Claims::from_payload(jws.payload()) {
            let _ = claims.issuer();
            let _ = claims.subject();
            let _ = claims.audiences();
            let _ = claims.expires_at().as_secs();
            let _ = claims.not_before();
            let _ = claims.issued_at();
            let _ = claims.get_str("scope");
            let _ = claims.raw().len();
        }
    }
    // The payload decoder on its own, with the raw bytes.
    let _ = Claims::from_payload(data);
});
