//! Wycheproof `json_web_signature_test.json` and `json_web_crypto_test.json`: whole compact
//! tokens against the group's key, through `Verifier::verify_signature` (the payloads are
//! not JWT claims, so claims are not checked here).

use portcullis_jwt::{
    Algorithm, DEFAULT_MAX_TOKEN_LEN, Jwk, Jws, KeyError, KeySet, Validation, Verifier,
    VerifyingKey,
};
use serde_json::{Value, json};

use crate::common::{Run, cases, jwk_text, load, s};
use crate::quirks::{self, JWC, JWS, Outcome};

/// Accepts every algorithm we know: the key set alone decides what may verify.
pub(crate) fn any_alg_verifier() -> Verifier {
    Verifier::new(Validation::new("unused", "unused").algorithms(Algorithm::ALL))
}

/// The key set a relying party would hold for a group: the public JWK (or set) when the
/// group has one, loaded as a JWKS; otherwise the private JWK (or set): a set made only of
/// `oct` keys is a secret set, any other set a JWKS, from which secrets are never taken.
pub(crate) fn group_keys(group: &Value, alg_fix: Option<&str>) -> KeySet {
    let source = if group["public"].is_object() {
        &group["public"]
    } else {
        &group["private"]
    };
    let doc = if source["keys"].is_array() {
        assert!(alg_fix.is_none(), "alg fixes apply to single keys");
        source.to_string()
    } else {
        format!(r#"{{"keys":[{}]}}"#, jwk_text(source, alg_fix))
    };
    let keys: Vec<Value> = serde_json::from_str::<Value>(&doc).expect("JSON")["keys"]
        .as_array()
        .expect("keys")
        .clone();
    let secret = !group["public"].is_object() && keys.iter().all(|k| k["kty"] == "oct");
    let set = if secret {
        KeySet::from_secret_jwks_json(doc.as_bytes())
    } else {
        KeySet::from_jwks_json(doc.as_bytes())
    };
    set.expect("the key set document parses")
}

/// A token as a string: JSON-serialized tokens are given to the verifier as their text.
pub(crate) fn token_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn run_jws_file(file: &'static str) -> [usize; 3] {
    let doc = load(file);
    let verifier = any_alg_verifier();
    let mut run = Run::new(file);
    for (group, test) in cases(&doc) {
        let tc_id = test["tcId"].as_u64().expect("tcId");
        if let Some(jwe) = test.get("jwe") {
            // JWE groups of the combined file: never parsed as a JWS.
            let token = token_text(jwe);
            let got = verifier.verify_signature(&token, &KeySet::new());
            assert!(
                Jws::parse(&token, DEFAULT_MAX_TOKEN_LEN).is_err(),
                "{file} {tc_id}"
            );
            run.check(test, outcome(got.is_ok()), "");
            continue;
        }
        let keys = group_keys(group, quirks::key_alg(file, tc_id));
        let token = token_text(&test["jws"]);
        let got = verifier.verify_signature(&token, &keys);
        let detail = format!("{:?}", got.as_ref().map(|(_, kid)| kid));
        run.check(test, outcome(got.is_ok()), &detail);
    }
    run.finish(&doc)
}

pub(crate) fn outcome(ok: bool) -> Outcome {
    if ok { Outcome::Accept } else { Outcome::Reject }
}

#[test]
fn json_web_signature() {
    let [valid, invalid, acceptable] = run_jws_file(JWS);
    assert_eq!((valid, invalid, acceptable), (46, 355, 0));
}

#[test]
fn json_web_crypto() {
    let [valid, invalid, acceptable] = run_jws_file(JWC);
    assert_eq!((valid, invalid, acceptable), (6, 77, 0));
}

fn case(file: &str, tc_id: u64) -> (Value, Value) {
    let doc = load(file);
    cases(&doc)
        .find(|(_, t)| t["tcId"] == tc_id)
        .map(|(g, t)| (g.clone(), t.clone()))
        .unwrap_or_else(|| panic!("{file}: no tcId {tc_id}"))
}

/// RFC 7520 groups: without the `alg` fix from the quirk table, the keys as published in
/// the vectors refuse their own tokens, which is why the fix is needed at all.
#[test]
fn rfc7520_keys_with_the_published_alg_are_refused() {
    let verifier = any_alg_verifier();
    // PS256-pinned key, PS384 token: the key is never a candidate.
    for tc_id in [346, 350] {
        let (group, test) = case(JWS, tc_id);
        let keys = group_keys(&group, None);
        assert_eq!(keys.len(), 1);
        let err = verifier
            .verify_signature(s(&test, "jws"), &keys)
            .unwrap_err();
        assert_eq!(err, portcullis_jwt::VerifyError::UnknownKey, "tcId {tc_id}");
    }
    // "ES521" is no algorithm name: the key itself is refused.
    for tc_id in [347, 351] {
        let (group, _) = case(JWS, tc_id);
        let keys = group_keys(&group, None);
        assert!(keys.is_empty(), "tcId {tc_id}");
        assert_eq!(keys.rejected()[0].1, KeyError::AlgorithmMismatch);
    }
}

/// tcId 349: the private JWK's `key_ops` is the single string "sign, verify"; with the
/// private members removed it would still not say `verify`, so it is refused.
#[test]
fn tc349_private_key_ops_is_one_string() {
    let (group, _) = case(JWS, 349);
    let mut private = group["private"].clone();
    assert_eq!(private["key_ops"], json!(["sign, verify"]));
    let obj = private.as_object_mut().expect("object");
    for member in ["d", "p", "q", "dp", "dq", "qi"] {
        obj.remove(member);
    }
    obj.insert("alg".into(), json!("RS256"));
    let jwk = Jwk::from_json(&private.to_string()).expect("JWK");
    assert_eq!(
        VerifyingKey::from_jwk(&jwk).unwrap_err(),
        KeyError::WrongUse
    );
}

/// The empty-payload cases refused by our parser (quirk table) carry good signatures: the
/// group's key verifies them over the received signing input.
#[test]
fn empty_payload_signatures_verify_with_the_key() {
    for tc_id in [259, 264, 268, 272, 320, 325] {
        let (group, test) = case(JWS, tc_id);
        let token = s(&test, "jws");
        let (signing_input, sig) = token.rsplit_once('.').expect("three segments");
        assert!(
            signing_input.ends_with('.'),
            "tcId {tc_id}: payload is empty"
        );
        let header: Value =
            serde_json::from_slice(&crate::common::b64u(signing_input.trim_end_matches('.')))
                .expect("header JSON");
        let alg = Algorithm::from_name(s(&header, "alg")).expect("alg");
        let jwk = Jwk::from_json(&jwk_text(&group["public"], None)).expect("JWK");
        let key = VerifyingKey::from_jwk(&jwk).expect("key");
        key.verify(alg, signing_input.as_bytes(), &crate::common::b64u(sig))
            .unwrap_or_else(|e| panic!("tcId {tc_id}: {e}"));
        assert!(
            Jws::parse(token, DEFAULT_MAX_TOKEN_LEN).is_err(),
            "tcId {tc_id}"
        );
    }
}
