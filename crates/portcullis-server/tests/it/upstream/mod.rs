//! Signing in through another identity provider: a fake one whose answers each test
//! chooses (every rule of the protocol broken once), and a second Portcullis as a real
//! provider. On SQLite and PostgreSQL.

mod admin;
mod fake;
mod linking;
mod organizations;
mod portcullis_upstream;

use std::time::Duration;

use portcullis_idp::{ConnectionSpec, Secret};
use portcullis_server::{Clock, ServerConfig};
use serde_json::json;

use crate::browser::mfa::amr_at_redirect;
use crate::browser::{Browser, authorize_url, form_with, setup};
use crate::helpers::{TestServer, servers_with};
use crate::mfa::{T0, enroll, many_addresses, totp};
use fake::{FakeProvider, Mode};

type Answer = (u16, reqwest::header::HeaderMap, String);

/// Providers on loopback over plain HTTP (tests only), and a short wait for them.
fn with_providers(c: ServerConfig) -> ServerConfig {
    ServerConfig {
        allow_insecure_outbound_loopback: true,
        upstream_timeout: Duration::from_secs(2),
        ..many_addresses(c)
    }
}

pub(crate) async fn servers(clock: &Clock) -> Vec<(&'static str, TestServer)> {
    servers_with(clock.clone(), with_providers).await
}

/// A connection named `name` to `issuer`, client `portcullis` with a secret.
pub(crate) async fn connect(s: &TestServer, name: &str, issuer: &str, clock: &Clock) {
    s.server
        .idp()
        .create_connection(
            ConnectionSpec {
                name: name.into(),
                display_name: format!("{name} SSO"),
                issuer: issuer.into(),
                client_id: "portcullis".into(),
                client_secret: Some(Secret::new("s3cret:with/odd&chars".into())),
                scopes: None,
                organization: None,
            },
            clock.now(),
        )
        .await
        .unwrap();
}

/// The callback's answer read as the browser goes on: a sign-in that reached the client
/// is a page going on to the redirect URI at once (a redirect there would be refused
/// under the provider's `form-action`); this returns it as that redirect (302 and
/// `Location`), anything else as it is.
pub(crate) fn as_redirect(answer: Answer) -> Answer {
    let (status, mut headers, body) = answer;
    let url = body
        .split("http-equiv=\"refresh\" content=\"0;url=")
        .nth(1)
        .and_then(|rest| rest.split('"').next());
    match url {
        Some(url) if status == 200 => {
            let url = url
                .replace("&#x2f;", "/")
                .replace("&#47;", "/")
                .replace("&#38;", "&")
                .replace("&amp;", "&")
                .replace("&#x3d;", "=")
                .replace("&#61;", "=");
            headers.insert("location", url.parse().unwrap());
            (302, headers, body)
        }
        _ => (status, headers, body),
    }
}

/// Follows `connection=` through the fake provider (which approves at once) back to the
/// callback: the callback's answer.
pub(crate) async fn through_fake(s: &TestServer, b: &mut Browser, connection: &str) -> Answer {
    let (status, headers, body) = b
        .get(&authorize_url(s, &format!("&connection={connection}")))
        .await;
    assert_eq!(status, 303, "{body}");
    let to_provider = headers["location"].to_str().unwrap().to_owned();
    let (status, headers, body) = b.get(&to_provider).await;
    assert_eq!(status, 303, "{body}");
    let back = headers["location"].to_str().unwrap().to_owned();
    assert!(
        back.starts_with(&format!("{}/upstream/callback?", s.base)),
        "{back}"
    );
    as_redirect(b.get(&back).await)
}

pub(crate) fn fake_clock(clock: &Clock) -> impl Fn() -> i64 + Send + Sync + 'static {
    let clock = clock.clone();
    move || clock.now()
}

#[tokio::test]
async fn a_provider_signs_a_new_user_up_just_in_time_and_finds_them_by_subject_later() {
    let clock = Clock::manual(T0);
    let fake = FakeProvider::start(fake_clock(&clock)).await;
    for (backend, s) in servers(&clock).await {
        setup(&s).await;
        connect(&s, "fake", &fake.issuer(), &clock).await;
        let mut b = Browser::new();
        let (_, _, page) = b.get(&authorize_url(&s, "")).await;
        assert!(
            page.contains("id=\"connection-fake\"") && page.contains("Continue with fake SSO"),
            "{backend}: the sign-in page offers it: {page}"
        );
        let signup = authorize_url(&s, "").replace("/authorize?", "/authorize/signup?");
        let (_, _, page) = b.get(&signup).await;
        assert!(
            page.contains("id=\"connection-fake\""),
            "{backend}: so does the sign-up page: {page}"
        );
        fake.set_user(&format!("sub-{backend}"), "fed@example.com");
        let (status, headers, body) = through_fake(&s, &mut b, "fake").await;
        assert_eq!(status, 302, "{backend}: {body}");
        assert!(b.has_session(), "{backend}");
        assert_eq!(
            amr_at_redirect(&s, &headers).await,
            json!(["fed"]),
            "{backend}"
        );
        // The code went back with PKCE and the client secret (HTTP Basic, form-encoded).
        let seen = fake.seen();
        let verifier = &seen.form["code_verifier"];
        assert_eq!(
            seen.challenge.as_deref(),
            Some(
                base64::Engine::encode(
                    &base64::engine::general_purpose::URL_SAFE_NO_PAD,
                    portcullis_jwt::jwt_sha256(verifier.as_bytes())
                )
                .as_str()
            ),
            "{backend}"
        );
        let basic = base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            "portcullis:s3cret%3Awith%2Fodd%26chars",
        );
        assert_eq!(
            seen.authorization,
            Some(format!("Basic {basic}")),
            "{backend}"
        );
        assert_eq!(
            seen.form["redirect_uri"],
            format!("{}upstream/callback", s.server.issuer()),
            "{backend}"
        );
        let idp = s.server.idp();
        let user = idp.user_by_email("fed@example.com").await.unwrap().unwrap();
        assert!(user.email_verified, "{backend}");
        assert_eq!(user.name.as_deref(), Some("Fed User"), "{backend}");
        // Later, with another email at the provider: the subject finds the same user.
        fake.set_user(&format!("sub-{backend}"), "renamed@example.com");
        let mut again = Browser::new();
        let (status, _, _) = through_fake(&s, &mut again, "fake").await;
        assert_eq!(status, 302, "{backend}");
        assert!(
            idp.user_by_email("renamed@example.com")
                .await
                .unwrap()
                .is_none()
        );
        let identities = idp.identities_of(&user.id).await.unwrap();
        assert_eq!(identities.len(), 1, "{backend}");
        assert_eq!(identities[0].email.as_deref(), Some("renamed@example.com"));
        // The account has no password: the password form refuses every guess.
        let mut fresh = Browser::new();
        let mut form = crate::browser::login_fields(&fresh.get(&authorize_url(&s, "")).await.2);
        form.push(("email".into(), "fed@example.com".into()));
        form.push(("password".into(), String::new()));
        let (status, _, _) = fresh.post_form(&s.url("/authorize/login"), &form).await;
        assert!(status == 401 || status == 403, "{backend}: {status}");
    }
}

#[tokio::test]
async fn every_broken_answer_is_refused_with_a_plain_page_and_signs_nobody_in() {
    let clock = Clock::manual(T0);
    let fake = FakeProvider::start(fake_clock(&clock)).await;
    for (backend, s) in servers(&clock).await {
        setup(&s).await;
        connect(&s, "fake", &fake.issuer(), &clock).await;
        for (i, (mode, status, says)) in [
            (Mode::WrongNonce, 502, "could not be trusted"),
            (Mode::WrongIssuerInToken, 400, "another provider"),
            (Mode::WrongAudience, 502, "could not be trusted"),
            (Mode::UnknownKey, 502, "could not be trusted"),
            (Mode::AlgNone, 502, "could not be trusted"),
            (Mode::Expired, 502, "could not be trusted"),
            (Mode::NoAzp, 502, "could not be trusted"),
            (Mode::MixUpIss, 400, "another provider"),
            (Mode::Denied, 400, "did not sign you in (access_denied)"),
            (Mode::TokenRefused, 502, "could not be trusted"),
            (Mode::UserInfoOtherSubject, 502, "could not be trusted"),
        ]
        .into_iter()
        .enumerate()
        {
            fake.set_mode(mode);
            fake.set_user(
                &format!("broken-{backend}-{i}"),
                &format!("broken{i}@example.com"),
            );
            let mut b = Browser::new();
            let (got, _, body) = through_fake(&s, &mut b, "fake").await;
            assert_eq!(got, status, "{backend}: {mode:?}: {body}");
            assert!(body.contains(says), "{backend}: {mode:?}: {body}");
            assert!(
                !body.contains("<b>"),
                "{backend}: the provider's prose is not shown"
            );
            assert!(
                body.contains("Back to sign in"),
                "{backend}: {mode:?}: a way back: {body}"
            );
            assert!(!b.has_session(), "{backend}: {mode:?}");
            assert!(
                s.server
                    .idp()
                    .user_by_email(&format!("broken{i}@example.com"))
                    .await
                    .unwrap()
                    .is_none(),
                "{backend}: {mode:?}"
            );
        }
        fake.set_mode(Mode::Good);
    }
}

#[tokio::test]
async fn the_answer_counts_once_and_only_in_the_browser_that_asked() {
    let clock = Clock::manual(T0);
    let fake = FakeProvider::start(fake_clock(&clock)).await;
    for (backend, s) in servers(&clock).await {
        setup(&s).await;
        connect(&s, "fake", &fake.issuer(), &clock).await;
        fake.set_user(&format!("once-{backend}"), "once@example.com");
        let mut b = Browser::new();
        let (_, headers, _) = b.get(&authorize_url(&s, "&connection=fake")).await;
        let (_, headers2, _) = b.get(headers["location"].to_str().unwrap()).await;
        let back = headers2["location"].to_str().unwrap().to_owned();
        // Another browser (an attacker handing their answer to a victim): refused.
        let mut other = Browser::new();
        let (status, _, body) = other.get(&back).await;
        assert_eq!(status, 400, "{backend}: {body}");
        assert!(body.contains("another browser"), "{backend}: {body}");
        assert!(!other.has_session(), "{backend}");
        // A forged state in the right browser: refused.
        let forged = back.replace("state=pus_", "state=pus_x");
        let (status, _, _) = b.get(&forged).await;
        assert_eq!(status, 400, "{backend}");
        // The real one works, once.
        let (status, _, body) = as_redirect(b.get(&back).await);
        assert_eq!(status, 302, "{backend}: {body}");
        let (status, _, body) = b.get(&back).await;
        assert_eq!(status, 400, "{backend}: {body}");
        // A sign-in left longer than ten minutes expires.
        let mut late = Browser::new();
        let (_, headers, _) = late.get(&authorize_url(&s, "&connection=fake")).await;
        let (_, headers2, _) = late.get(headers["location"].to_str().unwrap()).await;
        clock.advance(601);
        let (status, _, body) = late.get(headers2["location"].to_str().unwrap()).await;
        assert_eq!(status, 400, "{backend}: {body}");
        assert!(body.contains("expired"), "{backend}: {body}");
    }
}

#[tokio::test]
async fn a_provider_that_hangs_gets_a_clear_page_in_bounded_time() {
    let clock = Clock::manual(T0);
    let fake = FakeProvider::start(fake_clock(&clock)).await;
    for (backend, s) in servers(&clock).await {
        setup(&s).await;
        connect(&s, "fake", &fake.issuer(), &clock).await;
        fake.set_mode(Mode::Hang);
        let mut b = Browser::new();
        // The guard against a hang here is the test's own, generous; the issuer gives
        // up after its `upstream_timeout` (2 s in these tests).
        let (status, _, body) =
            tokio::time::timeout(Duration::from_secs(60), through_fake(&s, &mut b, "fake"))
                .await
                .expect("the issuer answers while the provider hangs");
        assert_eq!(status, 502, "{backend}: {body}");
        assert!(body.contains("could not be reached"), "{backend}: {body}");
        fake.set_mode(Mode::Good);
    }
}

#[tokio::test]
async fn an_existing_account_is_linked_only_through_an_email_the_provider_verified() {
    let clock = Clock::manual(T0);
    let fake = FakeProvider::start(fake_clock(&clock)).await;
    // The default: accounts need a confirmed address.
    let verified_only = |c| ServerConfig {
        allow_unverified_email: false,
        ..with_providers(c)
    };
    for (backend, s) in servers_with(clock.clone(), verified_only).await {
        let idp = s.server.idp();
        idp.ensure_public_client(
            crate::browser::CLIENT,
            "Test SPA",
            &[crate::helpers::API],
            &[crate::browser::REDIRECT],
            &[],
            clock.now(),
        )
        .await
        .unwrap();
        let ada = idp
            .create_user(
                "ada@example.com",
                "correct horse battery".into(),
                None,
                clock.now(),
            )
            .await
            .unwrap();
        connect(&s, "fake", &fake.issuer(), &clock).await;
        // Unverified at the provider: no link, no new account.
        fake.set_user(&format!("ada-{backend}"), "ada@example.com");
        fake.set_mode(Mode::Unverified);
        let (status, _, body) = through_fake(&s, &mut Browser::new(), "fake").await;
        assert_eq!(status, 403, "{backend}: {body}");
        assert!(body.contains("already exists"), "{backend}: {body}");
        assert!(
            idp.identities_of(&ada.id).await.unwrap().is_empty(),
            "{backend}"
        );
        fake.set_user(&format!("new-{backend}"), "newcomer@example.com");
        let (status, _, body) = through_fake(&s, &mut Browser::new(), "fake").await;
        assert_eq!(status, 403, "{backend}: {body}");
        assert!(
            body.contains("has not confirmed your email"),
            "{backend}: {body}"
        );
        assert!(
            idp.user_by_email("newcomer@example.com")
                .await
                .unwrap()
                .is_none()
        );
        // Verified: linked to the existing account, which then signs in through it.
        fake.set_mode(Mode::Good);
        fake.set_user(&format!("ada-{backend}"), "ada@example.com");
        let mut b = Browser::new();
        let (status, headers, body) = through_fake(&s, &mut b, "fake").await;
        assert_eq!(status, 302, "{backend}: {body}");
        assert_eq!(
            amr_at_redirect(&s, &headers).await,
            json!(["fed"]),
            "{backend}"
        );
        let linked = idp.identities_of(&ada.id).await.unwrap();
        assert_eq!(linked.len(), 1, "{backend}");
        assert_eq!(linked[0].subject, format!("ada-{backend}"));
        let events = idp
            .audit_events(None, Some("identity.linked"), 10)
            .await
            .unwrap();
        assert!(!events.is_empty(), "{backend}");
        // Its last way to sign in cannot be unlinked; with a password it can.
        idp.unlink_identity(
            &ada.id,
            &linked[0].connection_id,
            &linked[0].subject,
            clock.now(),
        )
        .await
        .unwrap();
        // The user info fills in an email the ID token lacks.
        fake.set_mode(Mode::EmailInUserInfo);
        fake.set_user(&format!("info-{backend}"), "info@example.com");
        let (status, _, body) = through_fake(&s, &mut Browser::new(), "fake").await;
        assert_eq!(status, 302, "{backend}: {body}");
        let info = idp
            .user_by_email("info@example.com")
            .await
            .unwrap()
            .unwrap();
        let only = idp.identities_of(&info.id).await.unwrap();
        let refused = idp
            .unlink_identity(
                &info.id,
                &only[0].connection_id,
                &only[0].subject,
                clock.now(),
            )
            .await;
        assert!(refused.is_err(), "{backend}: the last way to sign in stays");
        fake.set_mode(Mode::Good);
    }
}

#[tokio::test]
async fn a_user_with_a_second_factor_still_gives_it_after_the_provider() {
    let clock = Clock::manual(T0);
    let fake = FakeProvider::start(fake_clock(&clock)).await;
    for (backend, s) in servers(&clock).await {
        setup(&s).await;
        connect(&s, "fake", &fake.issuer(), &clock).await;
        let ada = enroll(&s, &clock, "ada@example.com").await;
        clock.advance(30);
        fake.set_user(&format!("ada2-{backend}"), "ada@example.com");
        let mut b = Browser::new();
        let (status, _, step) = through_fake(&s, &mut b, "fake").await;
        assert_eq!(status, 200, "{backend}: {step}");
        assert!(
            step.contains("action=\"/authorize/mfa\""),
            "{backend}: {step}"
        );
        assert!(!b.has_session(), "{backend}");
        let form = form_with(&step, &[("code", &totp(&ada.secret, clock.now()))]);
        let (status, headers, body) = b.post_form(&s.url("/authorize/mfa"), &form).await;
        assert_eq!(status, 302, "{backend}: {body}");
        assert_eq!(
            amr_at_redirect(&s, &headers).await,
            json!(["fed", "otp", "mfa"]),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn unknown_and_disabled_connections_send_nobody_anywhere() {
    let clock = Clock::manual(T0);
    let fake = FakeProvider::start(fake_clock(&clock)).await;
    for (backend, s) in servers(&clock).await {
        setup(&s).await;
        connect(&s, "fake", &fake.issuer(), &clock).await;
        let mut b = Browser::new();
        let (status, _, body) = b.get(&authorize_url(&s, "&connection=nope")).await;
        assert_eq!(status, 400, "{backend}: {body}");
        assert!(
            body.contains("no sign-in provider named nope"),
            "{backend}: {body}"
        );
        s.server
            .idp()
            .set_connection_enabled("fake", false, clock.now())
            .await
            .unwrap();
        let (status, _, _) = b.get(&authorize_url(&s, "&kc_idp_hint=fake")).await;
        assert_eq!(status, 400, "{backend}");
        let (_, _, page) = b.get(&authorize_url(&s, "")).await;
        assert!(!page.contains("connection-fake"), "{backend}: {page}");
        // A connection's issuer must pass the outbound policy.
        let refused = s
            .server
            .idp()
            .create_connection(
                ConnectionSpec {
                    name: "meta".into(),
                    display_name: "Metadata".into(),
                    issuer: "http://169.254.169.254/".into(),
                    client_id: "x".into(),
                    client_secret: None,
                    scopes: None,
                    organization: None,
                },
                clock.now(),
            )
            .await;
        assert!(refused.is_err(), "{backend}");
    }
}
