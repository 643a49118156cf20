//! RP-initiated logout: the browser session ends only with a valid `id_token_hint` for
//! the signed-in user or through the confirmation form (CSRF-protected POST); a plain
//! cross-site request ends nothing.

use portcullis_server::Clock;

use super::*;
use crate::helpers::{API, servers_at};

const POST_LOGOUT: &str = "http://localhost:4040/";

/// Signs `email` in through the hosted page; returns the ID token of the exchange.
async fn signed_in(s: &TestServer, b: &mut Browser, email: &str) -> String {
    let (status, headers, body) = sign_in(s, b, email, "correct horse battery").await;
    assert_eq!(status, 302, "{body}");
    let code = param(&location_params(&headers).1, "code")
        .unwrap()
        .to_owned();
    let t = exchange(s, &code, VERIFIER, REDIRECT, CLIENT).await;
    assert_eq!(t.status, 200, "{}", t.text);
    t.body["id_token"].as_str().unwrap().to_owned()
}

/// Whether the browser's session still signs in without a password.
async fn still_signed_in(s: &TestServer, b: &mut Browser) -> bool {
    let (status, _, _) = b.get(&authorize_url(s, "")).await;
    status == 302
}

fn logout_url(s: &TestServer, extra: &str) -> String {
    format!(
        "{}/logout?client_id={CLIENT}&post_logout_redirect_uri={}&state=st-1{extra}",
        s.base,
        urlencode(POST_LOGOUT)
    )
}

fn clears_session(headers: &reqwest::header::HeaderMap) -> bool {
    headers
        .get_all("set-cookie")
        .iter()
        .any(|v| v.to_str().unwrap().starts_with("portcullis_session=;"))
}

/// The same token with one character of its signature changed.
fn tampered(token: &str) -> String {
    let mut t = token.to_owned();
    let last = t.pop().unwrap();
    t.push(if last == 'A' { 'B' } else { 'A' });
    t
}

#[tokio::test]
async fn a_plain_request_shows_a_confirmation_and_ends_nothing() {
    let clock = Clock::manual(1_800_000_000);
    for (backend, s) in servers_at(clock.clone()).await {
        setup(&s).await;
        s.signup("bob@example.com").await;
        let mut b = Browser::new();
        let id_token = signed_in(&s, &mut b, "ada@example.com").await;
        let mut other = Browser::new();
        let bobs = signed_in(&s, &mut other, "bob@example.com").await;
        let access = crate::helpers::token_for(&s, "ada@example.com", API).await;
        // What another site can make a browser send: a GET without proof, or hints
        // that are not Ada's ID token for this client.
        for (what, extra) in [
            ("no hint", String::new()),
            ("another user's ID token", format!("&id_token_hint={bobs}")),
            ("an access token", format!("&id_token_hint={access}")),
            (
                "a tampered ID token",
                format!("&id_token_hint={}", tampered(&id_token)),
            ),
            ("garbage", "&id_token_hint=not.a.jwt".to_owned()),
        ] {
            let (status, headers, page) = b.get(&logout_url(&s, &extra)).await;
            assert_eq!(status, 200, "{backend}: {what}: {page}");
            assert!(!headers.contains_key("location"), "{backend}: {what}");
            assert!(page.contains("Sign out?"), "{backend}: {what}: {page}");
            assert!(!clears_session(&headers), "{backend}: {what}");
            assert!(still_signed_in(&s, &mut b).await, "{backend}: {what}");
        }
        // An access token names Ada too, but is no ID token, even without client_id.
        let bare = format!("{}/logout?id_token_hint={access}", s.base);
        assert_eq!(b.get(&bare).await.0, 200, "{backend}");
        assert!(still_signed_in(&s, &mut b).await, "{backend}: access token");
        // The hint names another client than client_id: it proves nothing.
        let other_client = format!(
            "{}/logout?client_id=someone_else&id_token_hint={id_token}",
            s.base
        );
        assert_eq!(b.get(&other_client).await.0, 200, "{backend}");
        assert!(still_signed_in(&s, &mut b).await, "{backend}");
        // A cross-site POST carries no CSRF cookie (SameSite=Strict): nothing ends,
        // with or without a made-up token.
        let mut attacker = Browser::new();
        attacker.cookies = b
            .cookies
            .iter()
            .filter(|(k, _)| k == "portcullis_session")
            .cloned()
            .collect();
        for form in [
            vec![("client_id".to_owned(), CLIENT.to_owned())],
            vec![("csrf".to_owned(), "guessed".to_owned())],
        ] {
            let (status, headers, _) = attacker
                .post_form(&format!("{}/logout", s.base), &form)
                .await;
            assert_eq!(status, 200, "{backend}");
            assert!(!clears_session(&headers), "{backend}");
            assert!(still_signed_in(&s, &mut b).await, "{backend}");
        }
        // The user confirms on the page: the form posts back with its CSRF token, the
        // session ends and the browser returns to the registered URI with the state.
        let (_, _, page) = b.get(&logout_url(&s, "")).await;
        let form = hidden_fields(&page);
        assert!(form.iter().any(|(k, _)| k == "csrf"), "{backend}: {page}");
        let (status, headers, _) = b.post_form(&format!("{}/logout", s.base), &form).await;
        assert_eq!(
            (status, headers["location"].to_str().unwrap()),
            (302, "http://localhost:4040/?state=st-1"),
            "{backend}"
        );
        assert!(!still_signed_in(&s, &mut b).await, "{backend}");
        // Bob was never touched.
        assert!(still_signed_in(&s, &mut other).await, "{backend}");
    }
}

#[tokio::test]
async fn an_id_token_hint_for_the_signed_in_user_ends_the_session_even_when_expired() {
    let clock = Clock::manual(1_800_000_000);
    for (backend, s) in servers_at(clock.clone()).await {
        setup(&s).await;
        let mut b = Browser::new();
        let id_token = signed_in(&s, &mut b, "ada@example.com").await;
        // The ID token has expired (15 minutes), the browser session has not.
        clock.advance(3600);
        assert!(still_signed_in(&s, &mut b).await, "{backend}");
        let session = session_of(&b);
        // No client_id: the hint's audience names the client whose URIs apply.
        let (status, headers, _) = b
            .get(&format!(
                "{}/logout?post_logout_redirect_uri={}&id_token_hint={id_token}",
                s.base,
                urlencode(POST_LOGOUT)
            ))
            .await;
        assert_eq!(
            (status, headers["location"].to_str().unwrap()),
            (302, POST_LOGOUT),
            "{backend}"
        );
        assert!(clears_session(&headers), "{backend}");
        assert!(!still_signed_in(&s, &mut b).await, "{backend}");
        // The server side is gone too, not only the cookie.
        let mut replay = Browser::new();
        replay.cookies = vec![("portcullis_session".to_owned(), session)];
        assert!(!still_signed_in(&s, &mut replay).await, "{backend}");
        // POST works the same (the specification allows both methods).
        let id_token = signed_in(&s, &mut b, "ada@example.com").await;
        let session = session_of(&b);
        let (status, _, _) = b
            .post_form(
                &format!("{}/logout", s.base),
                &[
                    ("id_token_hint".to_owned(), id_token),
                    ("client_id".to_owned(), CLIENT.to_owned()),
                ],
            )
            .await;
        assert_eq!(status, 200, "{backend}: nowhere to return to: the page");
        let mut replay = Browser::new();
        replay.cookies = vec![("portcullis_session".to_owned(), session)];
        assert!(
            !still_signed_in(&s, &mut replay).await,
            "{backend}: the session is revoked on the server"
        );
    }
}

fn session_of(b: &Browser) -> String {
    b.cookies
        .iter()
        .find(|(k, _)| k == "portcullis_session")
        .map(|(_, v)| v.clone())
        .expect("a session cookie")
}
