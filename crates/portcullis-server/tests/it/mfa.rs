//! The second factor through the JSON API: an authenticator app set up and confirmed by
//! a first code, sign-in in two steps (`mfa_required`, then a code), replayed codes and
//! reused challenges refused, recovery codes good once, removal with a code, an
//! administrator's reset, throttled guesses checked one at a time, and hostile input.
//! Time moves on the servers' manual clock; codes are computed here, independently of
//! the issuer's implementation (RFC 6238 over HMAC-SHA-1).

use std::collections::HashSet;

use aws_lc_rs::hmac;
use portcullis_server::{Clock, ServerConfig};
use serde_json::{Value, json};

use crate::browser::claims;
use crate::helpers::{API, Reply, TestServer, refresh, reply, root_token, send, servers_with};

pub(crate) const T0: i64 = 1_800_000_000;
const PW: &str = "correct horse battery";

/// Guessers use many addresses; the per-IP limit (a separate defence) is lifted so that
/// every guess reaches the per-account throttle.
pub(crate) fn many_addresses(c: ServerConfig) -> ServerConfig {
    ServerConfig {
        rate_limit_per_minute: 1_000_000,
        ..c
    }
}

/// RFC 4648 base32 (uppercase, unpadded), decoded.
fn base32(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let (mut bits, mut value, mut out) = (0u32, 0u64, Vec::new());
    for c in text.bytes() {
        let index = ALPHABET.iter().position(|a| *a == c).unwrap();
        value = (value << 5) | index as u64;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((value >> bits) as u8);
        }
    }
    out
}

/// The RFC 6238 code (HMAC-SHA-1, 6 digits, 30 s) of a base32 secret at `time`.
pub(crate) fn totp(secret: &str, time: i64) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, &base32(secret));
    let mac = hmac::sign(&key, &((time / 30) as u64).to_be_bytes());
    let m = mac.as_ref();
    let offset = usize::from(m[19] & 0x0f);
    let value = u32::from_be_bytes([
        m[offset] & 0x7f,
        m[offset + 1],
        m[offset + 2],
        m[offset + 3],
    ]);
    format!("{:06}", value % 1_000_000)
}

/// A six-digit code that is none of the codes accepted at `time` (the step and its
/// neighbours).
pub(crate) fn wrong_code(secret: &str, time: i64) -> String {
    let taken = [
        totp(secret, time - 30),
        totp(secret, time),
        totp(secret, time + 30),
    ];
    (0..4u32)
        .map(|i| format!("{:06}", 100_000 + i))
        .find(|c| !taken.contains(c))
        .unwrap()
}

/// Distinct wrong codes at `time`.
fn wrong_codes(secret: &str, time: i64, count: usize) -> Vec<String> {
    let taken = [
        totp(secret, time - 30),
        totp(secret, time),
        totp(secret, time + 30),
    ];
    (0..)
        .map(|i: u32| format!("{:06}", 200_000 + i))
        .filter(|c| !taken.contains(c))
        .take(count)
        .collect()
}

#[test]
fn the_code_helper_matches_rfc_6238() {
    // Appendix B: the ASCII seed "12345678901234567890" in base32; 8 digits printed.
    let seed = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    assert_eq!(totp(seed, 59), "287082");
    assert_eq!(totp(seed, 1_111_111_109), "081804");
    assert_eq!(totp(seed, 2_000_000_000), "279037");
}

pub(crate) async fn servers(clock: &Clock) -> Vec<(&'static str, TestServer)> {
    servers_with(clock.clone(), many_addresses).await
}

/// A JSON body posted with a bearer token.
async fn post(s: &TestServer, path: &str, token: &str, body: Value) -> Reply {
    reply(
        s.http
            .post(s.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap(),
    )
    .await
}

/// The password step of a JSON login.
async fn password_step(s: &TestServer, email: &str, audience: Option<&str>) -> Reply {
    let mut body = json!({"email": email, "password": PW});
    if let Some(a) = audience {
        body["audience"] = json!(a);
    }
    s.post_json("/api/auth/login", &body).await
}

/// The `mfa_token` of a login that owes a code.
async fn challenge(s: &TestServer, email: &str, audience: Option<&str>) -> String {
    let r = password_step(s, email, audience).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["mfa_required"], true, "{}", r.text);
    r.body["mfa_token"].as_str().unwrap().to_owned()
}

/// The second step of a JSON login.
async fn code_step(s: &TestServer, mfa_token: &str, code: &str) -> Reply {
    s.post_json(
        "/api/auth/login/mfa",
        &json!({"mfa_token": mfa_token, "code": code}),
    )
    .await
}

/// An access token of `email` for the issuer itself (a password-only login).
async fn issuer_token(s: &TestServer, email: &str) -> String {
    let r = password_step(s, email, Some(s.server.issuer())).await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.body["access_token"].as_str().unwrap().to_owned()
}

/// What confirming an authenticator app gave.
pub(crate) struct Enrolled {
    pub secret: String,
    pub recovery_codes: Vec<String>,
}

/// Signs `email` up and sets up and confirms an authenticator app at the clock's time.
pub(crate) async fn enrolled(s: &TestServer, clock: &Clock, email: &str) -> Enrolled {
    s.signup(email).await;
    enroll(s, clock, email).await
}

/// Sets up and confirms an authenticator app for the account `email` at the clock's
/// time.
pub(crate) async fn enroll(s: &TestServer, clock: &Clock, email: &str) -> Enrolled {
    let token = issuer_token(s, email).await;
    let started = post(s, "/api/auth/mfa/totp", &token, json!({})).await;
    assert_eq!(started.status, 200, "{}", started.text);
    let secret = started.body["secret"].as_str().unwrap().to_owned();
    let code = totp(&secret, clock.now());
    let confirmed = post(
        s,
        "/api/auth/mfa/totp/confirm",
        &token,
        json!({ "code": code }),
    )
    .await;
    assert_eq!(confirmed.status, 200, "{}", confirmed.text);
    let recovery_codes = confirmed.body["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    Enrolled {
        secret,
        recovery_codes,
    }
}

fn amr(token: &str) -> Value {
    claims(token)["amr"].clone()
}

#[tokio::test]
async fn enrolling_needs_a_first_code_and_shows_secrets_once() {
    let clock = Clock::manual(T0);
    for (backend, s) in servers(&clock).await {
        s.signup("ada@example.com").await;
        let token = issuer_token(&s, "ada@example.com").await;
        let (status, factors) = send(&s, reqwest::Method::GET, "/api/auth/mfa", &token, None).await;
        assert_eq!(status, 200, "{backend}");
        assert_eq!(factors, json!({"totp": false, "recovery_codes_left": 0}));
        // The setup: a base32 secret, its otpauth URI, the URI's QR code drawn here.
        let started = post(&s, "/api/auth/mfa/totp", &token, json!({})).await;
        assert_eq!(started.status, 200, "{backend}: {}", started.text);
        assert_eq!(started.headers["cache-control"], "no-store");
        let secret = started.body["secret"].as_str().unwrap();
        assert_eq!(base32(secret).len(), 20, "{backend}: 160 bits");
        let uri = started.body["otpauth_uri"].as_str().unwrap();
        assert!(
            uri.starts_with("otpauth://totp/127.0.0.1:ada%40example.com?")
                && uri.contains(&format!("secret={secret}")),
            "{backend}: {uri}"
        );
        let svg = started.body["qr_svg"].as_str().unwrap();
        assert!(
            svg.starts_with("<svg") && svg.ends_with("</svg>"),
            "{backend}"
        );
        // Not confirmed yet: sign-in is unchanged.
        let r = password_step(&s, "ada@example.com", None).await;
        assert!(r.body["access_token"].is_string(), "{backend}: {}", r.text);
        // Starting again replaces the unconfirmed secret.
        let again = post(&s, "/api/auth/mfa/totp", &token, json!({})).await;
        let secret = again.body["secret"].as_str().unwrap().to_owned();
        let stale = totp(started.body["secret"].as_str().unwrap(), clock.now());
        let confirm = async |code: &str| {
            post(
                &s,
                "/api/auth/mfa/totp/confirm",
                &token,
                json!({ "code": code }),
            )
            .await
        };
        if stale != totp(&secret, clock.now()) {
            let r = confirm(&stale).await;
            assert_eq!(
                (r.status, r.text.as_str()),
                (401, r#"{"message":"Invalid code"}"#)
            );
        }
        let r = confirm("12345").await;
        assert_eq!(r.status, 401, "{backend}: malformed");
        // The first code confirms, and the recovery codes come once.
        let r = confirm(&totp(&secret, clock.now())).await;
        assert_eq!(r.status, 200, "{backend}: {}", r.text);
        assert_eq!(r.headers["cache-control"], "no-store");
        let codes: HashSet<&str> = r.body["recovery_codes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        assert_eq!(codes.len(), 10, "{backend}: ten distinct codes");
        assert!(
            codes
                .iter()
                .all(|c| c.len() == 19 && c.matches('-').count() == 3)
        );
        let r = confirm(&totp(&secret, clock.now())).await;
        assert_eq!(r.status, 404, "{backend}: nothing left to confirm");
        let (_, factors) = send(&s, reqwest::Method::GET, "/api/auth/mfa", &token, None).await;
        assert_eq!(factors, json!({"totp": true, "recovery_codes_left": 10}));
        // A second app needs the first removed.
        let r = post(&s, "/api/auth/mfa/totp", &token, json!({})).await;
        assert_eq!(r.status, 409, "{backend}: {}", r.text);
        // The secret is stored sealed, never as itself.
        let idp = s.server.idp();
        let ada = idp.find_user("ada@example.com").await.unwrap();
        let row = idp.store().totp_factor(&ada.id).await.unwrap().unwrap();
        let raw = base32(&secret);
        assert!(
            !row.sealed_secret
                .windows(raw.len())
                .any(|w| w == raw.as_slice())
        );
        // Sealed for Ada: it opens with her id only (copied to another row, it is useless).
        let opened = idp
            .keys()
            .open(&row.sealed_secret, ada.id.as_bytes())
            .unwrap();
        assert_eq!(opened.as_slice(), raw.as_slice(), "{backend}");
        assert!(idp.keys().open(&row.sealed_secret, b"usr_other").is_err());
        // Only a token for the issuer itself sets up a second factor.
        s.signup("bob@example.com").await;
        let api_token = crate::helpers::token_for(&s, "bob@example.com", API).await;
        let r = post(&s, "/api/auth/mfa/totp", &api_token, json!({})).await;
        assert_eq!(r.status, 401, "{backend}: {}", r.text);
    }
}

#[tokio::test]
async fn sign_in_asks_for_a_code_and_no_code_works_twice() {
    let clock = Clock::manual(T0);
    for (backend, s) in servers(&clock).await {
        let ada = enrolled(&s, &clock, "ada@example.com").await;
        // The password alone gets a challenge, not tokens.
        let first = password_step(&s, "ada@example.com", Some(API)).await;
        assert_eq!(first.status, 200, "{backend}: {}", first.text);
        assert_eq!(first.headers["cache-control"], "no-store");
        assert_eq!(first.body["mfa_required"], true);
        assert_eq!(first.body["expires_in"], 300);
        assert!(
            first.body.get("access_token").is_none() && first.body.get("refresh_token").is_none()
        );
        let mfa_token = first.body["mfa_token"].as_str().unwrap();
        // A wrong code, and the code that confirmed the app (its step is spent): refused.
        let wrong = wrong_code(&ada.secret, clock.now());
        for code in [wrong.as_str(), &totp(&ada.secret, clock.now())] {
            let r = code_step(&s, mfa_token, code).await;
            assert_eq!(
                (r.status, r.text.as_str()),
                (401, r#"{"message":"Invalid code"}"#),
                "{backend}"
            );
        }
        // The next step's code signs in, for the audience the login asked for.
        clock.advance(30);
        let code = totp(&ada.secret, clock.now());
        let done = code_step(&s, mfa_token, &code).await;
        assert_eq!(done.status, 200, "{backend}: {}", done.text);
        assert_eq!(done.headers["cache-control"], "no-store");
        let access = done.body["access_token"].as_str().unwrap();
        assert_eq!(claims(access)["aud"], API);
        assert_eq!(amr(access), json!(["pwd", "otp", "mfa"]), "{backend}");
        // The challenge is spent, and the code is spent for every other challenge.
        clock.advance(30);
        let r = code_step(&s, mfa_token, &totp(&ada.secret, clock.now())).await;
        assert_eq!(r.status, 401, "{backend}: {}", r.text);
        assert!(r.text.contains("sign in again"), "{backend}: {}", r.text);
        clock.advance(-30);
        let other = challenge(&s, "ada@example.com", None).await;
        let r = code_step(&s, &other, &code).await;
        assert_eq!(
            (r.status, r.text.as_str()),
            (401, r#"{"message":"Invalid code"}"#),
            "{backend}: replay"
        );
        // Refreshing keeps saying how the user signed in.
        let refreshed = refresh(&s, done.body["refresh_token"].as_str().unwrap()).await;
        assert_eq!(refreshed.status, 200, "{backend}: {}", refreshed.text);
        assert_eq!(
            amr(refreshed.body["access_token"].as_str().unwrap()),
            json!(["pwd", "otp", "mfa"])
        );
        // A user without a second factor signs in with the password alone: `pwd`.
        s.signup("bob@example.com").await;
        let bob = password_step(&s, "bob@example.com", None).await;
        assert_eq!(
            amr(bob.body["access_token"].as_str().unwrap()),
            json!(["pwd"]),
            "{backend}"
        );
        // The wrong password still gets no challenge.
        let r = s
            .post_json(
                "/api/auth/login",
                &json!({"email": "ada@example.com", "password": "wrong password"}),
            )
            .await;
        assert_eq!(r.status, 401, "{backend}");
    }
}

#[tokio::test]
async fn recovery_codes_sign_in_once_each() {
    let clock = Clock::manual(T0);
    for (backend, s) in servers(&clock).await {
        let ada = enrolled(&s, &clock, "ada@example.com").await;
        let code = &ada.recovery_codes[0];
        let r = code_step(&s, &challenge(&s, "ada@example.com", None).await, code).await;
        assert_eq!(r.status, 200, "{backend}: {}", r.text);
        assert_eq!(
            amr(r.body["access_token"].as_str().unwrap()),
            json!(["pwd", "mfa"]),
            "{backend}"
        );
        // Used: refused, also typed differently.
        for typed in [code.clone(), code.to_uppercase(), code.replace('-', " ")] {
            let r = code_step(&s, &challenge(&s, "ada@example.com", None).await, &typed).await;
            assert_eq!(r.status, 401, "{backend}: {typed}");
        }
        // Another one works, typed loosely.
        let loose = ada.recovery_codes[1].to_uppercase().replace('-', "");
        let r = code_step(&s, &challenge(&s, "ada@example.com", None).await, &loose).await;
        assert_eq!(r.status, 200, "{backend}: {}", r.text);
        let r = code_step(
            &s,
            &challenge(&s, "ada@example.com", Some(s.server.issuer())).await,
            &ada.recovery_codes[2],
        )
        .await;
        let issuer_token = r.body["access_token"].as_str().unwrap();
        let (_, factors) = send(
            &s,
            reqwest::Method::GET,
            "/api/auth/mfa",
            issuer_token,
            None,
        )
        .await;
        assert_eq!(
            factors,
            json!({"totp": true, "recovery_codes_left": 7}),
            "{backend}"
        );
        // Another user's code proves nothing for Ada.
        let eve = enrolled(&s, &clock, "eve@example.com").await;
        let r = code_step(
            &s,
            &challenge(&s, "ada@example.com", None).await,
            &eve.recovery_codes[0],
        )
        .await;
        assert_eq!(r.status, 401, "{backend}");
    }
}

#[tokio::test]
async fn removing_the_authenticator_needs_a_code() {
    let clock = Clock::manual(T0);
    for (backend, s) in servers(&clock).await {
        let ada = enrolled(&s, &clock, "ada@example.com").await;
        clock.advance(30);
        let r = code_step(
            &s,
            &challenge(&s, "ada@example.com", Some(s.server.issuer())).await,
            &totp(&ada.secret, clock.now()),
        )
        .await;
        let token = r.body["access_token"].as_str().unwrap().to_owned();
        let remove = async |body: Value| post(&s, "/api/auth/mfa/totp/remove", &token, body).await;
        let r = remove(json!({})).await;
        assert_eq!(
            (r.status, r.body["message"].as_str()),
            (400, Some("code is required")),
            "{backend}"
        );
        // The code just used, and a wrong one: refused, and nothing changes.
        for code in [
            totp(&ada.secret, clock.now()),
            wrong_code(&ada.secret, clock.now()),
        ] {
            let r = remove(json!({ "code": code })).await;
            assert_eq!(r.status, 401, "{backend}: {}", r.text);
        }
        assert!(
            challenge(&s, "ada@example.com", None)
                .await
                .starts_with("pmc_")
        );
        clock.advance(30);
        let r = remove(json!({ "code": totp(&ada.secret, clock.now()) })).await;
        assert_eq!(r.status, 204, "{backend}: {}", r.text);
        // The password alone signs in again; the recovery codes are gone with the app.
        let r = password_step(&s, "ada@example.com", None).await;
        assert_eq!(
            amr(r.body["access_token"].as_str().unwrap()),
            json!(["pwd"]),
            "{backend}"
        );
        let r = remove(json!({ "code": ada.recovery_codes[0] })).await;
        assert_eq!(r.status, 404, "{backend}: {}", r.text);
        // A recovery code removes an app too.
        let (_, factors) = send(&s, reqwest::Method::GET, "/api/auth/mfa", &token, None).await;
        assert_eq!(factors, json!({"totp": false, "recovery_codes_left": 0}));
        let started = post(&s, "/api/auth/mfa/totp", &token, json!({})).await;
        let secret = started.body["secret"].as_str().unwrap();
        let confirmed = post(
            &s,
            "/api/auth/mfa/totp/confirm",
            &token,
            json!({"code": totp(secret, clock.now())}),
        )
        .await;
        let recovery = confirmed.body["recovery_codes"][0].as_str().unwrap();
        assert_eq!(
            remove(json!({ "code": recovery })).await.status,
            204,
            "{backend}"
        );
    }
}

#[tokio::test]
async fn an_administrator_resets_the_factors_and_it_is_audited() {
    // The admin API's guard reads the system clock: each scenario starts this clock
    // there, and mints its admin tokens before it moves.
    let clock = Clock::manual(Clock::system().now());
    for (backend, s) in servers(&clock).await {
        clock.advance(Clock::system().now() - clock.now());
        let ada = enrolled(&s, &clock, "ada@example.com").await;
        let root = root_token(&s).await;
        let reader = crate::helpers::reader_token(&s).await;
        // A challenge opened before the reset dies with it.
        let pending = challenge(&s, "ada@example.com", None).await;
        let bad = code_step(&s, &pending, &wrong_code(&ada.secret, clock.now())).await;
        assert_eq!(bad.status, 401);
        let path = "/api/admin/users/ada@example.com/factors";
        let (status, _) = send(&s, reqwest::Method::DELETE, path, &root, None).await;
        assert_eq!(status, 204, "{backend}");
        let (status, _) = send(
            &s,
            reqwest::Method::DELETE,
            "/api/admin/users/nobody@example.com/factors",
            &root,
            None,
        )
        .await;
        assert_eq!(status, 404, "{backend}");
        clock.advance(30);
        let r = code_step(&s, &pending, &totp(&ada.secret, clock.now())).await;
        assert_eq!(r.status, 401, "{backend}: {}", r.text);
        let r = password_step(&s, "ada@example.com", None).await;
        assert_eq!(
            amr(r.body["access_token"].as_str().unwrap()),
            json!(["pwd"]),
            "{backend}: {}",
            r.text
        );
        // A token without `admin:write` cannot reset.
        let (status, _) = send(&s, reqwest::Method::DELETE, path, &reader, None).await;
        assert_eq!(status, 403, "{backend}");
        // The trail: enrolled, failure, reset by the administrator; no secret in it.
        let (_, page) = send(
            &s,
            reqwest::Method::GET,
            "/api/admin/audit?action=factor.",
            &root,
            None,
        )
        .await;
        let events = page["items"].as_array().unwrap();
        // (Events of one second are in no particular order.)
        let mut actions: Vec<&str> = events
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        actions.sort_unstable();
        assert_eq!(
            actions,
            ["factor.enrolled", "factor.failure", "factor.reset"],
            "{backend}"
        );
        let reset = events
            .iter()
            .find(|e| e["action"] == "factor.reset")
            .unwrap();
        let root_id = s
            .server
            .idp()
            .find_user("root@example.com")
            .await
            .unwrap()
            .id;
        let ada_id = s
            .server
            .idp()
            .find_user("ada@example.com")
            .await
            .unwrap()
            .id;
        assert_eq!(
            (reset["actor"].as_str(), reset["target"].as_str()),
            (Some(root_id.as_str()), Some(ada_id.as_str())),
            "{backend}"
        );
        let text = page.to_string();
        assert!(
            !text.contains(&ada.secret) && !text.contains(&ada.recovery_codes[0]),
            "{backend}"
        );
    }
}

/// Sends `codes` for one challenge at once.
async fn burst(s: &TestServer, mfa_token: &str, codes: Vec<String>) -> Vec<Reply> {
    let mut tasks = Vec::new();
    for code in codes {
        let (http, url) = (s.http.clone(), s.url("/api/auth/login/mfa"));
        let body = json!({"mfa_token": mfa_token, "code": code});
        tasks.push(tokio::spawn(async move {
            reply(http.post(url).json(&body).send().await.unwrap()).await
        }));
    }
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

fn retry_after(r: &Reply) -> i64 {
    r.headers["retry-after"].to_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn concurrent_guesses_are_evaluated_one_at_a_time() {
    let clock = Clock::manual(T0);
    for (backend, s) in servers(&clock).await {
        let ada = enrolled(&s, &clock, "ada@example.com").await;
        clock.advance(30);
        let right = totp(&ada.secret, clock.now());
        let guesses = wrong_codes(&ada.secret, clock.now(), 40);
        let mfa_token = challenge(&s, "ada@example.com", None).await;
        let answers = burst(&s, &mfa_token, guesses[..30].to_vec()).await;
        let wrong = answers.iter().filter(|r| r.status == 401).count();
        let throttled: Vec<&Reply> = answers.iter().filter(|r| r.status == 429).collect();
        assert_eq!(
            wrong + throttled.len(),
            answers.len(),
            "{backend}: only 401 and 429"
        );
        // Checked one at a time with the clock standing still: at most the three free
        // failures and the one that starts the delay.
        assert!(
            (1..=4).contains(&wrong),
            "{backend}: {wrong} guesses checked"
        );
        for r in &throttled {
            assert!(r.text.contains("wrong codes"), "{backend}: {}", r.text);
            assert!((1..=900).contains(&retry_after(r)), "{backend}");
        }
        // Guessing on until the delay starts: then even the right code waits, and a
        // right password does not lift the delay.
        let mut waiting = None;
        for guess in &guesses[30..] {
            let r = code_step(&s, &mfa_token, guess).await;
            if r.status == 429 && retry_after(&r) > 1 {
                waiting = Some(r);
                break;
            }
        }
        let waiting = waiting.expect("the delay starts after four wrong codes");
        let r = code_step(&s, &mfa_token, &right).await;
        assert_eq!(r.status, 429, "{backend}: {}", r.text);
        let fresh = challenge(&s, "ada@example.com", None).await;
        assert_eq!(code_step(&s, &fresh, &right).await.status, 429, "{backend}");
        // Once the delay passed, the real user gets in.
        clock.advance(retry_after(&waiting));
        let code = totp(&ada.secret, clock.now());
        let r = code_step(&s, &fresh, &code).await;
        assert_eq!(r.status, 200, "{backend}: {}", r.text);
        // Of concurrent right answers to one challenge, one signs in.
        clock.advance(30);
        let mfa_token = challenge(&s, "ada@example.com", None).await;
        let code = totp(&ada.secret, clock.now());
        let answers = burst(&s, &mfa_token, vec![code; 8]).await;
        let signed_in = answers.iter().filter(|r| r.status == 200).count();
        assert_eq!(
            signed_in,
            1,
            "{backend}: {:?}",
            answers.iter().map(|r| r.status).collect::<Vec<_>>()
        );
    }
}

#[tokio::test]
async fn hostile_codes_and_challenges_are_refused() {
    let clock = Clock::manual(T0);
    for (backend, s) in servers(&clock).await {
        let ada = enrolled(&s, &clock, "ada@example.com").await;
        let idp = s.server.idp();
        // Malformed bodies: 400 naming the field.
        for (body, why) in [
            (json!({"code": "123456"}), "mfa_token is required"),
            (json!({"mfa_token": "pmc_x"}), "code is required"),
            (
                json!({"mfa_token": "pmc_x", "code": 123456}),
                "code must be a string",
            ),
        ] {
            let r = s.post_json("/api/auth/login/mfa", &body).await;
            assert_eq!(
                (r.status, r.body["message"].as_str()),
                (400, Some(why)),
                "{backend}"
            );
        }
        // Forged, oversized and foreign challenges: the sign-in starts again.
        let browser = idp
            .browser_login("ada@example.com", PW.into(), clock.now())
            .await
            .unwrap();
        let portcullis_idp::AfterPassword::SecondFactor(browser) = browser else {
            panic!("{backend}: the hosted sign-in owes a code too");
        };
        clock.advance(30);
        let code = totp(&ada.secret, clock.now());
        for forged in [
            "pmc_forged".to_owned(),
            "x".repeat(10_000),
            browser.token.expose().to_owned(),
        ] {
            let r = code_step(&s, &forged, &code).await;
            assert_eq!(r.status, 401, "{backend}: {}", r.text);
            assert!(r.text.contains("sign in again"), "{backend}: {}", r.text);
        }
        // Malformed and oversized codes are wrong codes (and count as such).
        let mfa_token = challenge(&s, "ada@example.com", None).await;
        for bad in [
            "",
            "12345",
            "1234567",
            "abcdef",
            "１２３４５６",
            &"9".repeat(10_000),
        ] {
            let r = code_step(&s, &mfa_token, bad).await;
            match r.status {
                400 | 401 => {}
                429 => clock.advance(retry_after(&r)),
                other => panic!("{backend}: {other} for {bad:.10}: {}", r.text),
            }
        }
        // The right code of the next step still signs in (and the count starts again).
        clock.advance(30);
        let r = code_step(
            &s,
            &challenge(&s, "ada@example.com", None).await,
            &totp(&ada.secret, clock.now()),
        )
        .await;
        assert_eq!(r.status, 200, "{backend}: {}", r.text);
        // Expired after five minutes.
        let late = challenge(&s, "ada@example.com", None).await;
        clock.advance(301);
        let r = code_step(&s, &late, &totp(&ada.secret, clock.now())).await;
        assert_eq!(r.status, 401, "{backend}: {}", r.text);
        assert!(r.text.contains("sign in again"));
        // Given up after five wrong codes, even with waiting out the delays.
        let doomed = challenge(&s, "ada@example.com", None).await;
        let mut wrong = 0;
        while wrong < 5 {
            let r = code_step(&s, &doomed, &wrong_code(&ada.secret, clock.now())).await;
            match r.status {
                401 => wrong += 1,
                429 => clock.advance(retry_after(&r)),
                other => panic!("{backend}: {other} {}", r.text),
            }
        }
        clock.advance(900);
        let r = code_step(&s, &doomed, &totp(&ada.secret, clock.now())).await;
        assert_eq!(r.status, 401, "{backend}: {}", r.text);
        assert!(r.text.contains("sign in again"), "{backend}: {}", r.text);
        let fresh = challenge(&s, "ada@example.com", None).await;
        assert_eq!(
            code_step(&s, &fresh, &totp(&ada.secret, clock.now()))
                .await
                .status,
            200
        );
    }
}
