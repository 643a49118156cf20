//! Setting up a second factor during the hosted sign-in: a user who must use one (an
//! organization, role or client requires it, or the request's `acr_values` asks for two
//! factors) and has none gets the authenticator app's setup after the right password,
//! no session until its first code, then the recovery codes once, then the sign-in goes
//! on. The step is single use, throttled, and answers only its own form.

use portcullis_idp::MfaTarget;
use portcullis_server::Clock;
use serde_json::json;

use super::mfa::{amr_at_redirect, has_session_cookie};
use super::*;
use crate::mfa::{T0, servers, totp, wrong_code};

const PW: &str = "correct horse battery";
const MFA: &str = "http://schemas.openid.net/pape/policies/2007/06/multi-factor";

/// The text of the element with this id in a page.
fn text_of(page: &str, id: &str) -> String {
    let start = page
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}: {page}"));
    let rest = &page[start..];
    let open = rest.find('>').unwrap() + 1;
    let close = rest.find('<').unwrap_or(rest.len());
    let close = if close < open {
        rest[open..].find('<').unwrap() + open
    } else {
        close
    };
    rest[open..close].trim().to_owned()
}

/// Signs in with the password on the page of `url`: the answer.
async fn password(
    s: &TestServer,
    b: &mut Browser,
    url: &str,
    email: &str,
) -> (u16, reqwest::header::HeaderMap, String) {
    let (status, _, page) = b.get(url).await;
    assert_eq!(status, 200, "{page}");
    let form = form_with(&page, &[("email", email), ("password", PW)]);
    b.post_form(&s.url("/authorize/login"), &form).await
}

#[tokio::test]
async fn an_organization_that_requires_it_has_its_members_set_up_an_app_while_signing_in() {
    let clock = Clock::manual(T0);
    for (backend, s) in servers(&clock).await {
        setup(&s).await;
        let idp = s.server.idp();
        idp.create_org(
            "Acme Inc.",
            "acme",
            None,
            Some("ada@example.com"),
            clock.now(),
        )
        .await
        .unwrap();
        idp.require_mfa(MfaTarget::Organization, "acme", true, clock.now())
            .await
            .unwrap();
        let mut b = Browser::new();
        let (status, _, page) =
            password(&s, &mut b, &authorize_url(&s, ""), "ada@example.com").await;
        assert_eq!(status, 200, "{backend}: {page}");
        assert!(
            page.contains("Set up two-step verification"),
            "{backend}: {page}"
        );
        assert_eq!(
            text_of(&page, "reason"),
            "Acme Inc. requires two-step verification of its members.",
            "{backend}"
        );
        assert!(
            page.contains("<svg"),
            "{backend}: the QR code is drawn in the page"
        );
        assert!(
            !has_session_cookie(&b),
            "{backend}: no session before the first code"
        );
        let secret = text_of(&page, "secret");
        // A forged post (no CSRF field) turns nothing on.
        let forged: Vec<(String, String)> =
            form_with(&page, &[("code", &totp(&secret, clock.now()))])
                .into_iter()
                .filter(|(k, _)| k != "csrf")
                .collect();
        let (status, _, _) = b.post_form(&s.url("/authorize/mfa/enrol"), &forged).await;
        assert_eq!(status, 403, "{backend}");
        assert!(!has_session_cookie(&b), "{backend}");
        // A wrong code: the same setup again, still no session.
        let (status, _, again) = b
            .post_form(
                &s.url("/authorize/mfa/enrol"),
                &form_with(&page, &[("code", &wrong_code(&secret, clock.now()))]),
            )
            .await;
        assert_eq!(status, 401, "{backend}: {again}");
        assert_eq!(
            text_of(&again, "secret"),
            secret,
            "{backend}: the same setup"
        );
        assert!(!has_session_cookie(&b), "{backend}");
        // The right code: the app is on, the browser signed in, the codes shown once.
        let (status, _, codes) = b
            .post_form(
                &s.url("/authorize/mfa/enrol"),
                &form_with(&again, &[("code", &totp(&secret, clock.now()))]),
            )
            .await;
        assert_eq!(status, 200, "{backend}: {codes}");
        assert!(has_session_cookie(&b), "{backend}: signed in now");
        assert_eq!(
            codes.matches("<li><code>").count(),
            10,
            "{backend}: {codes}"
        );
        // Replaying the step (with the newest form's CSRF value) changes nothing.
        let token = hidden_fields(&again)
            .into_iter()
            .find(|(k, _)| k == "mfa_token")
            .unwrap()
            .1;
        let replay = form_with(
            &codes,
            &[("mfa_token", &token), ("code", &totp(&secret, clock.now()))],
        );
        let (status, _, answer) = b.post_form(&s.url("/authorize/mfa/enrol"), &replay).await;
        assert_eq!(status, 401, "{backend}: {answer}");
        assert!(answer.contains("name=\"password\""), "{backend}: {answer}");
        // Going on (from the newest form): the code, with tokens that say two factors.
        let (status, headers, _) = b
            .post_form(&s.url("/authorize/continue"), &form_with(&answer, &[]))
            .await;
        assert_eq!(status, 302, "{backend}");
        assert_eq!(
            amr_at_redirect(&s, &headers).await,
            json!(["pwd", "otp", "mfa"]),
            "{backend}"
        );
        // The next sign-in asks for a code from the app, as for anyone who has one.
        let mut later = Browser::new();
        clock.advance(30);
        let (status, _, page) =
            password(&s, &mut later, &authorize_url(&s, ""), "ada@example.com").await;
        assert_eq!(status, 200, "{backend}");
        assert!(
            page.contains("action=\"/authorize/mfa\""),
            "{backend}: {page}"
        );
        // A member of no such organization signs in with the password alone.
        s.signup("bob@example.com").await;
        let mut bob = Browser::new();
        let (status, _, _) =
            password(&s, &mut bob, &authorize_url(&s, ""), "bob@example.com").await;
        assert_eq!(status, 302, "{backend}");
    }
}

#[tokio::test]
async fn acr_values_asking_for_two_factors_set_one_up_and_wrong_codes_end_the_step() {
    let clock = Clock::manual(T0);
    for (backend, s) in servers(&clock).await {
        setup(&s).await;
        let wants_mfa = authorize_url(&s, &format!("&acr_values={}", urlencode(MFA)));
        let mut b = Browser::new();
        let (status, _, page) = password(&s, &mut b, &wants_mfa, "ada@example.com").await;
        assert_eq!(status, 200, "{backend}: {page}");
        assert_eq!(
            text_of(&page, "reason"),
            "Test SPA asks for a sign-in with two steps.",
            "{backend}"
        );
        let secret = text_of(&page, "secret");
        // The step answers only its own form: the code page does not take it.
        let at_code_page = form_with(&page, &[("code", &totp(&secret, clock.now()))]);
        let (status, _, other) = b.post_form(&s.url("/authorize/mfa"), &at_code_page).await;
        assert_eq!(status, 401, "{backend}: {other}");
        assert!(other.contains("name=\"password\""), "{backend}: {other}");
        assert!(!has_session_cookie(&b), "{backend}");
        // Wrong codes are throttled as every code (per account: 429 with Retry-After),
        // and the step ends with its five minutes: the password again.
        let (_, _, mut page) = password(&s, &mut b, &wants_mfa, "ada@example.com").await;
        let secret = text_of(&page, "secret");
        let mut statuses = Vec::new();
        for _ in 0..5 {
            let (status, headers, answer) = b
                .post_form(
                    &s.url("/authorize/mfa/enrol"),
                    &form_with(&page, &[("code", &wrong_code(&secret, clock.now()))]),
                )
                .await;
            assert!(answer.contains("id=\"secret\""), "{backend}: {answer}");
            if status == 429 {
                assert!(headers.contains_key("retry-after"), "{backend}");
            }
            statuses.push(status);
            page = answer;
        }
        assert_eq!(statuses[..3], [401, 401, 401], "{backend}: {statuses:?}");
        assert_eq!(statuses[4], 429, "{backend}: {statuses:?}");
        clock.advance(301);
        let (status, _, answer) = b
            .post_form(
                &s.url("/authorize/mfa/enrol"),
                &form_with(&page, &[("code", &totp(&secret, clock.now()))]),
            )
            .await;
        assert_eq!(status, 401, "{backend}: {answer}");
        assert!(answer.contains("name=\"password\""), "{backend}: {answer}");
        assert!(!has_session_cookie(&b), "{backend}");
        clock.advance(1000);
        // A new sign-in sets it up, and the code meets the request.
        let (_, _, page) = password(&s, &mut b, &wants_mfa, "ada@example.com").await;
        let secret = text_of(&page, "secret");
        let (status, _, codes) = b
            .post_form(
                &s.url("/authorize/mfa/enrol"),
                &form_with(&page, &[("code", &totp(&secret, clock.now()))]),
            )
            .await;
        assert_eq!(status, 200, "{backend}: {codes}");
        let (status, headers, _) = b
            .post_form(&s.url("/authorize/continue"), &form_with(&codes, &[]))
            .await;
        assert_eq!(status, 302, "{backend}");
        let (_, pairs) = location_params(&headers);
        let code = param(&pairs, "code").unwrap();
        let t = exchange(&s, code, VERIFIER, REDIRECT, CLIENT).await;
        assert_eq!(
            claims(t.body["access_token"].as_str().unwrap())["acr"],
            MFA,
            "{backend}"
        );
        // Continuing without a session shows the sign-in page and issues nothing.
        let mut stranger = Browser::new();
        let (_, _, page) = stranger.get(&authorize_url(&s, "")).await;
        let (status, headers, page) = stranger
            .post_form(&s.url("/authorize/continue"), &form_with(&page, &[]))
            .await;
        assert_eq!(status, 200, "{backend}");
        assert!(
            page.contains("name=\"password\"") && headers.get("location").is_none(),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn a_single_factor_session_is_not_reused_where_a_policy_asks_for_two() {
    let clock = Clock::manual(T0);
    for (backend, s) in servers(&clock).await {
        setup(&s).await;
        let mut b = Browser::new();
        // Signed in with the password alone while nothing required more.
        let (status, headers, body) =
            password(&s, &mut b, &authorize_url(&s, ""), "ada@example.com").await;
        assert_eq!(status, 302, "{backend}: {body}");
        assert_eq!(
            amr_at_redirect(&s, &headers).await,
            json!(["pwd"]),
            "{backend}"
        );
        assert!(has_session_cookie(&b), "{backend}");
        // Now the client requires a second factor: the session no longer gets a code.
        s.server
            .idp()
            .require_mfa(MfaTarget::Client, CLIENT, true, clock.now())
            .await
            .unwrap();
        let (status, _, page) = b.get(&authorize_url(&s, "")).await;
        assert_eq!(status, 200, "{backend}: {page}");
        assert!(
            page.contains("action=\"/authorize/login\""),
            "{backend}: {page}"
        );
        let (status, headers, _) = b.get(&authorize_url(&s, "&prompt=none")).await;
        assert_eq!(status, 302, "{backend}");
        let (_, pairs) = location_params(&headers);
        assert_eq!(param(&pairs, "error"), Some("login_required"), "{backend}");
        // A step after sign-in posted with that session (the consent form, say) is
        // sent to sign in again too, not given a code.
        let (status, _, continued) = b
            .post_form(&s.url("/authorize/continue"), &login_fields(&page))
            .await;
        assert_eq!(status, 401, "{backend}: {continued}");
        assert!(
            continued.contains("This application requires two-step verification."),
            "{backend}: {continued}"
        );
        // Signing in again sets the factor up.
        let (status, _, page) =
            password(&s, &mut b, &authorize_url(&s, ""), "ada@example.com").await;
        assert_eq!(status, 200, "{backend}: {page}");
        assert!(
            page.contains("Set up two-step verification"),
            "{backend}: {page}"
        );
    }
}
