//! Step-up at `/authorize` (OpenID Connect `acr_values`, RFC 9470): a sign-in weaker
//! than the request asks is not reused; the user signs in again with every factor they
//! have, and a user without a second factor is refused with
//! `unmet_authentication_requirements`. Tokens state `amr`, `acr` and `auth_time`, and
//! a refresh keeps the time of the sign-in behind it.

use portcullis_server::Clock;
use serde_json::json;

use super::*;
use crate::helpers::refresh;
use crate::mfa::{T0, enroll, servers, totp};

const PW: &str = "correct horse battery";
const MFA: &str = "http://schemas.openid.net/pape/policies/2007/06/multi-factor";
const ONE: &str = "urn:portcullis:acr:single-factor";
const PHISHING_RESISTANT: &str =
    "http://schemas.openid.net/pape/policies/2007/06/phishing-resistant";

/// Signs in on the page `url` shows: the password, and a code when one is asked for.
async fn sign_in_on(
    s: &TestServer,
    b: &mut Browser,
    url: &str,
    email: &str,
    code: Option<String>,
) -> (u16, reqwest::header::HeaderMap, String) {
    let (status, _, page) = b.get(url).await;
    assert_eq!(status, 200, "the sign-in page: {page}");
    let form = form_with(&page, &[("email", email), ("password", PW)]);
    let (status, headers, page) = b.post_form(&s.url("/authorize/login"), &form).await;
    match code {
        None => (status, headers, page),
        Some(code) => {
            assert!(page.contains("action=\"/authorize/mfa\""), "{page}");
            let form = form_with(&page, &[("code", &code)]);
            b.post_form(&s.url("/authorize/mfa"), &form).await
        }
    }
}

/// The tokens the redirect's code is exchanged for.
async fn tokens_at(s: &TestServer, headers: &reqwest::header::HeaderMap) -> crate::helpers::Reply {
    let (_, pairs) = location_params(headers);
    let code = param(&pairs, "code").unwrap_or_else(|| panic!("no code: {pairs:?}"));
    let t = exchange(s, code, VERIFIER, REDIRECT, CLIENT).await;
    assert_eq!(t.status, 200, "{}", t.text);
    t
}

fn error_at(headers: &reqwest::header::HeaderMap) -> Option<String> {
    let (_, pairs) = location_params(headers);
    param(&pairs, "error").map(str::to_owned)
}

#[tokio::test]
async fn acr_values_make_the_user_sign_in_again_with_a_second_factor() {
    let clock = Clock::manual(T0);
    for (backend, s) in servers(&clock).await {
        setup(&s).await;
        let started = clock.now();
        let wants_mfa = authorize_url(&s, &format!("&acr_values={}", urlencode(MFA)));
        // Ada signs in with her password while she has no second factor.
        let mut b = Browser::new();
        let (status, headers, page) =
            sign_in_on(&s, &mut b, &authorize_url(&s, ""), "ada@example.com", None).await;
        assert_eq!(status, 302, "{backend}: {page}");
        let t = tokens_at(&s, &headers).await;
        for token in ["access_token", "id_token"] {
            let c = claims(t.body[token].as_str().unwrap());
            assert_eq!(
                (&c["amr"], &c["acr"], &c["auth_time"]),
                (&json!(["pwd"]), &json!(ONE), &json!(started)),
                "{backend}: {token} {c}"
            );
        }
        // Asked for two factors she does not have: the session is not reused, and after
        // the password she is asked to set one up (`browser/enrol.rs`), never given a
        // weaker code.
        let (status, _, page) = b.get(&wants_mfa).await;
        assert_eq!(status, 200, "{backend}: the session is not reused: {page}");
        let (status, headers, page) =
            sign_in_on(&s, &mut b, &wants_mfa, "ada@example.com", None).await;
        assert_eq!(status, 200, "{backend}: {page}");
        assert!(headers.get("location").is_none(), "{backend}");
        assert!(page.contains("Set up two-step verification"), "{backend}");
        // She sets up an authenticator app; her password-only session still does not
        // count, not even silently.
        clock.advance(60);
        let ada = enroll(&s, &clock, "ada@example.com").await;
        let silent = format!("{wants_mfa}&prompt=none");
        let (_, headers, _) = b.get(&silent).await;
        assert_eq!(
            error_at(&headers).as_deref(),
            Some("login_required"),
            "{backend}"
        );
        // Signing in again with the code satisfies it, and the tokens say so.
        clock.advance(30);
        let signed_in_at = clock.now();
        let code = totp(&ada.secret, signed_in_at);
        let (status, headers, page) =
            sign_in_on(&s, &mut b, &wants_mfa, "ada@example.com", Some(code)).await;
        assert_eq!(status, 302, "{backend}: {page}");
        let t = tokens_at(&s, &headers).await;
        let access = claims(t.body["access_token"].as_str().unwrap());
        let id = claims(t.body["id_token"].as_str().unwrap());
        for c in [&access, &id] {
            assert_eq!(c["acr"], MFA, "{backend}: {c}");
            assert_eq!(c["amr"], json!(["pwd", "otp", "mfa"]), "{backend}");
            assert_eq!(c["auth_time"], signed_in_at, "{backend}");
        }
        // Now single sign-on satisfies the same request without a page.
        let (status, headers, _) = b.get(&wants_mfa).await;
        assert_eq!(status, 302, "{backend}");
        assert!(error_at(&headers).is_none(), "{backend}");
        // A refresh later still states the sign-in it comes from.
        clock.advance(600);
        let r = refresh(&s, t.body["refresh_token"].as_str().unwrap()).await;
        assert_eq!(r.status, 200, "{backend}: {}", r.text);
        let refreshed = claims(r.body["access_token"].as_str().unwrap());
        assert_eq!(
            (&refreshed["acr"], &refreshed["auth_time"]),
            (&json!(MFA), &json!(signed_in_at)),
            "{backend}: {refreshed}"
        );
        assert_eq!(refreshed["iat"], clock.now(), "{backend}");
        // A class her factors cannot reach (a passkey's): refused after she signed in
        // with all she has, not downgraded.
        let wants_passkey = authorize_url(
            &s,
            &format!("&acr_values={}", urlencode(PHISHING_RESISTANT)),
        );
        let (status, _, _) = b.get(&wants_passkey).await;
        assert_eq!(status, 200, "{backend}");
        clock.advance(30);
        let code = totp(&ada.secret, clock.now());
        let (status, headers, page) =
            sign_in_on(&s, &mut b, &wants_passkey, "ada@example.com", Some(code)).await;
        assert_eq!(status, 302, "{backend}: {page}");
        assert_eq!(
            error_at(&headers).as_deref(),
            Some("unmet_authentication_requirements"),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn acr_values_are_checked_and_json_logins_state_the_sign_in() {
    let clock = Clock::manual(T0);
    for (backend, s) in servers(&clock).await {
        setup(&s).await;
        let mut b = Browser::new();
        // Only classes the issuer does not know: refused at the redirect URI.
        for bad in ["urn:example:gold", "urn:portcullis:acr:single-factor:x"] {
            let (_, headers, _) = b
                .get(&authorize_url(
                    &s,
                    &format!("&acr_values={}", urlencode(bad)),
                ))
                .await;
            assert_eq!(
                error_at(&headers).as_deref(),
                Some("invalid_request"),
                "{backend}: {bad}"
            );
        }
        let huge = "a".repeat(2000);
        let (_, headers, _) = b
            .get(&authorize_url(&s, &format!("&acr_values={huge}")))
            .await;
        assert_eq!(
            error_at(&headers).as_deref(),
            Some("invalid_request"),
            "{backend}"
        );
        // An unknown class beside a known one is passed over.
        let mixed = authorize_url(
            &s,
            &format!(
                "&acr_values={}",
                urlencode(&format!("urn:example:gold {ONE}"))
            ),
        );
        let (status, headers, page) = sign_in_on(&s, &mut b, &mixed, "ada@example.com", None).await;
        assert_eq!(status, 302, "{backend}: {page}");
        assert!(error_at(&headers).is_none(), "{backend}");
        // The JSON login states the sign-in too.
        let r = s
            .post_json(
                "/api/auth/login",
                &json!({"email": "ada@example.com", "password": PW}),
            )
            .await;
        let c = claims(r.body["access_token"].as_str().unwrap());
        assert_eq!(
            (&c["amr"], &c["acr"], &c["auth_time"]),
            (&json!(["pwd"]), &json!(ONE), &json!(clock.now())),
            "{backend}: {c}"
        );
        // Discovery lists the classes, weakest first.
        let d = s.get("/.well-known/openid-configuration", None).await;
        assert_eq!(
            d.body["acr_values_supported"],
            json!([
                ONE,
                MFA,
                "http://schemas.openid.net/pape/policies/2007/06/phishing-resistant"
            ]),
            "{backend}"
        );
        assert!(
            d.body["claims_supported"]
                .as_array()
                .unwrap()
                .contains(&json!("acr")),
            "{backend}"
        );
    }
}
