//! Wycheproof `json_web_encryption_test.json`: we do not decrypt, so every JWE, whatever
//! its label, must be refused by the JWS parser and by the verifier.

use portcullis_jwt::{DEFAULT_MAX_TOKEN_LEN, Jws, KeySet, VerifyError};

use crate::common::{Run, cases, load};
use crate::quirks::JWE;
use crate::wycheproof_jws::{any_alg_verifier, outcome, token_text};

#[test]
fn json_web_encryption() {
    let doc = load(JWE);
    let verifier = any_alg_verifier();
    let keys = KeySet::new();
    let mut run = Run::new(JWE);
    for (_, test) in cases(&doc) {
        let token = token_text(&test["jwe"]);
        let parsed = Jws::parse(&token, DEFAULT_MAX_TOKEN_LEN);
        assert!(
            matches!(parsed, Err(VerifyError::Malformed(_))),
            "tcId {}: {parsed:?}",
            test["tcId"]
        );
        let got = verifier.verify_signature(&token, &keys);
        run.check(test, outcome(got.is_ok()), "");
    }
    let [valid, invalid, acceptable] = run.finish(&doc);
    assert_eq!((valid, invalid, acceptable), (65, 74, 0));
}
