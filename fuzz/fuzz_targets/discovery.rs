//! Arbitrary bytes as an OpenID discovery document for `https://id.example.com/`:
//! checking must never panic, and whatever is accepted names exactly that issuer and an
//! HTTPS key set.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some(jwks_uri) = portcullis::__fuzz::discovery_document(data) {
        assert!(jwks_uri.starts_with("https://"), "accepted a non-HTTPS jwks_uri: {jwks_uri}");
        let doc: serde_json::Value = serde_json::from_slice(data).expect("accepted documents are JSON");
        let issuer = doc["issuer"].as_str().expect("accepted documents name an issuer");
        assert!(issuer.trim_end_matches('/') == "https://id.example.com", "accepted issuer {issuer}");
    }
});
