//! Every hosted form refuses a post whose CSRF field does not match its cookie, and the
//! refused post changes nothing; every cookie the pages set is HttpOnly and SameSite,
//! and Secure when the issuer is https.

use portcullis_server::{Clock, ServerConfig};
use reqwest::header::HeaderMap;

use super::links::{is_member, mailed_path};
use super::*;
use crate::helpers::{login_status, servers_with};

const PW: &str = "correct horse battery";
/// The servers' (manual) time.
const NOW: i64 = 1_800_000_000;

/// Posts the form of `page` to `post` (with `fields` added) in four forged ways: from a
/// browser that never loaded the page (a cross-site post carries no SameSite cookie),
/// with the token of another browser's form, without the token, and with an empty
/// cookie and token.
async fn forgeries(
    s: &TestServer,
    page: &str,
    post: &str,
    fields: &[(&str, &str)],
) -> Vec<(&'static str, Answer)> {
    let load = async |b: &mut Browser| {
        let (status, _, html) = b.get(&s.url(page)).await;
        assert_eq!(status, 200, "{page}: {html}");
        let form = form_with(&html, fields);
        assert!(form.iter().any(|(k, _)| k == "csrf"), "{page}: {html}");
        form
    };
    let with_csrf = |form: &[(String, String)], csrf: Option<&str>| {
        let mut f: Vec<(String, String)> =
            form.iter().filter(|(k, _)| k != "csrf").cloned().collect();
        if let Some(c) = csrf {
            f.push(("csrf".into(), c.into()));
        }
        f
    };
    let csrf_of = |form: &[(String, String)]| {
        form.iter()
            .find(|(k, _)| k == "csrf")
            .map(|(_, v)| v.clone())
            .unwrap()
    };
    let url = s.url(post);
    let mut victim = Browser::new();
    let form = load(&mut victim).await;
    let theirs = csrf_of(&load(&mut Browser::new()).await);
    let mut out = Vec::new();
    out.push(("no cookie", Browser::new().post_form(&url, &form).await));
    out.push((
        "another form's token",
        victim
            .post_form(&url, &with_csrf(&form, Some(&theirs)))
            .await,
    ));
    out.push((
        "no token",
        victim.post_form(&url, &with_csrf(&form, None)).await,
    ));
    let mut empty = Browser::new();
    empty
        .cookies
        .push(("portcullis_csrf".into(), String::new()));
    out.push((
        "empty cookie and token",
        empty.post_form(&url, &with_csrf(&form, Some(""))).await,
    ));
    out
}

/// Every forgery was refused with 403 and started no session.
fn all_refused(backend: &str, form: &str, answers: &[(&'static str, Answer)]) {
    for (how, (status, headers, body)) in answers {
        assert_eq!(*status, 403, "{backend}: {form}, {how}: {body}");
        assert!(
            !headers
                .get_all("set-cookie")
                .iter()
                .any(|c| c.to_str().unwrap().starts_with("portcullis_session=")),
            "{backend}: {form}, {how}: no session"
        );
        assert!(
            !headers.contains_key("location"),
            "{backend}: {form}, {how}"
        );
    }
}

/// Servers at [`NOW`] whose per-IP limit leaves room for the many posts of one test.
async fn roomy_servers(
    tweak: impl Fn(ServerConfig) -> ServerConfig,
) -> Vec<(&'static str, TestServer)> {
    servers_with(Clock::manual(NOW), move |c| {
        tweak(ServerConfig {
            rate_limit_per_minute: 6000,
            ..c
        })
    })
    .await
}

#[tokio::test]
async fn every_hosted_form_refuses_forged_posts_and_changes_nothing() {
    for (backend, s) in roomy_servers(|c| c).await {
        setup(&s).await;
        let idp = s.server.idp();
        let mail_count = async |to: &str| idp.outbox(Some(to), 50).await.unwrap().len();
        // Sign-in: no session, and the browser is still asked to sign in.
        let authorize = authorize_url(&s, "").trim_start_matches(&s.base).to_owned();
        let answers = forgeries(
            &s,
            &authorize,
            "/authorize/login",
            &[("email", "ada@example.com"), ("password", PW)],
        )
        .await;
        all_refused(backend, "sign-in", &answers);
        // Sign-up: no account, no mail.
        let signup = authorize.replace("/authorize?", "/authorize/signup?");
        let answers = forgeries(
            &s,
            &signup,
            "/authorize/signup",
            &[("email", "forged@example.com"), ("password", PW)],
        )
        .await;
        all_refused(backend, "sign-up", &answers);
        assert!(
            idp.find_user("forged@example.com").await.is_err(),
            "{backend}: no account"
        );
        assert_eq!(mail_count("forged@example.com").await, 0, "{backend}");
        // Forgot password: no reset mail.
        let before = mail_count("ada@example.com").await;
        let answers = forgeries(
            &s,
            "/forgot-password",
            "/forgot-password",
            &[("email", "ada@example.com")],
        )
        .await;
        all_refused(backend, "forgot-password", &answers);
        assert_eq!(mail_count("ada@example.com").await, before, "{backend}");
        // Reset password: the password stays, and the link is not spent.
        idp.request_password_reset("ada@example.com", NOW)
            .await
            .unwrap();
        let reset = mailed_path(&s, "ada@example.com", "/reset-password").await;
        let answers = forgeries(
            &s,
            &reset,
            "/reset-password",
            &[("password", "a forged new passphrase")],
        )
        .await;
        all_refused(backend, "reset-password", &answers);
        let login = async |password: &str| login_status(&s, "ada@example.com", password).await;
        assert_eq!(login(PW).await, 200, "{backend}: unchanged");
        assert_eq!(login("a forged new passphrase").await, 401);
        let fields = [("password", "the owner's new passphrase")];
        let (_, (status, _, _)) = Browser::new()
            .submit(&s, &reset, "/reset-password", &fields)
            .await;
        assert_eq!(status, 200, "{backend}: the link still works for its owner");
        // Join: no membership, and the invitation stays usable.
        idp.create_org("Acme Inc.", "acme", None, None, NOW)
            .await
            .unwrap();
        s.signup("bob@example.com").await;
        idp.invite("acme", "bob@example.com", "member", NOW)
            .await
            .unwrap();
        let join = mailed_path(&s, "bob@example.com", "/join").await;
        let answers = forgeries(
            &s,
            &join,
            "/join",
            &[("email", "bob@example.com"), ("password", PW)],
        )
        .await;
        all_refused(backend, "join", &answers);
        assert!(!is_member(&s, "acme", "bob@example.com").await, "{backend}");
        let fields = [("email", "bob@example.com"), ("password", PW)];
        let ((opened, _, _), (joined, _, _)) =
            Browser::new().submit(&s, &join, "/join", &fields).await;
        assert_eq!(
            (opened, joined),
            (200, 200),
            "{backend}: the invitation is still open"
        );
    }
}

/// The `Set-Cookie` values of an answer.
fn set_cookies(headers: &HeaderMap) -> Vec<String> {
    headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

/// Walks every page that sets a cookie (each form, a failed and a successful sign-in,
/// sign-up, a refused reset, joining, sign-out); returns every `Set-Cookie` seen.
async fn cookies_of_every_page(s: &TestServer, expected_names: [&str; 2]) -> Vec<String> {
    setup(s).await;
    let idp = s.server.idp();
    let mut seen = Vec::new();
    let mut b = Browser::new();
    let (_, h, _) = sign_in(s, &mut b, "ada@example.com", "not the password").await;
    seen.extend(set_cookies(&h));
    let (status, h, _) = sign_in(s, &mut b, "ada@example.com", PW).await;
    assert_eq!(status, 302);
    seen.extend(set_cookies(&h));
    let (_, h, _) = b.get(&s.url(&format!("/logout?client_id={CLIENT}"))).await;
    seen.extend(set_cookies(&h));
    let signup = authorize_url(s, "")
        .trim_start_matches(&s.base)
        .replace("/authorize?", "/authorize/signup?");
    let fields = [("email", "cy@example.com"), ("password", PW)];
    let ((_, opened, _), (status, posted, _)) =
        b.submit(s, &signup, "/authorize/signup", &fields).await;
    assert_eq!(status, 302);
    seen.extend(set_cookies(&opened));
    seen.extend(set_cookies(&posted));
    let (_, h, _) = b.get(&s.url("/forgot-password")).await;
    seen.extend(set_cookies(&h));
    idp.request_password_reset("ada@example.com", NOW)
        .await
        .unwrap();
    let reset = mailed_path(s, "ada@example.com", "/reset-password").await;
    let fields = [("password", "short")];
    let ((_, opened, _), (status, posted, _)) =
        b.submit(s, &reset, "/reset-password", &fields).await;
    assert_eq!(status, 400, "a weak password: the form again");
    seen.extend(set_cookies(&opened));
    seen.extend(set_cookies(&posted));
    idp.create_org("Acme Inc.", "acme", None, None, NOW)
        .await
        .unwrap();
    idp.invite("acme", "ada@example.com", "member", NOW)
        .await
        .unwrap();
    let join = mailed_path(s, "ada@example.com", "/join").await;
    let fields = [("email", "ada@example.com"), ("password", PW)];
    let ((_, opened, _), (status, posted, _)) =
        Browser::new().submit(s, &join, "/join", &fields).await;
    assert_eq!(status, 200);
    seen.extend(set_cookies(&opened));
    seen.extend(set_cookies(&posted));
    let mut names: Vec<&str> = seen.iter().map(|c| c.split('=').next().unwrap()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names, expected_names);
    seen
}

fn attributes(cookie: &str) -> Vec<String> {
    cookie
        .split(';')
        .skip(1)
        .map(|a| a.trim().to_ascii_lowercase())
        .collect()
}

#[tokio::test]
async fn every_cookie_is_http_only_same_site_and_secure_on_an_https_issuer() {
    // The issuer's public URL is https (as behind a TLS-terminating proxy); the test
    // talks to the listener on loopback.
    let servers = roomy_servers(|c| ServerConfig {
        issuer: Some("https://id.example.test/".into()),
        ..c
    })
    .await;
    for (backend, s) in servers {
        // Behind https the names carry the `__Host-` prefix (RFC 6265bis §4.1.3.2): the
        // browser then refuses them unless Secure, Path=/ and without Domain, so a
        // sibling subdomain cannot plant one.
        let names = ["__Host-portcullis_csrf", "__Host-portcullis_session"];
        for cookie in cookies_of_every_page(&s, names).await {
            let attrs = attributes(&cookie);
            assert!(
                attrs.iter().any(|a| a == "httponly")
                    && attrs
                        .iter()
                        .any(|a| a == "samesite=lax" || a == "samesite=strict")
                    && attrs.iter().any(|a| a == "secure")
                    && attrs.iter().any(|a| a == "path=/")
                    && !attrs.iter().any(|a| a.starts_with("domain=")),
                "{backend}: {cookie}"
            );
        }
    }
    // A plain-HTTP issuer (loopback development): HttpOnly and SameSite still.
    for (backend, s) in roomy_servers(|c| c).await {
        let names = ["portcullis_csrf", "portcullis_session"];
        for cookie in cookies_of_every_page(&s, names).await {
            let attrs = attributes(&cookie);
            assert!(
                attrs.iter().any(|a| a == "httponly")
                    && attrs.iter().any(|a| a.starts_with("samesite=")),
                "{backend}: {cookie}"
            );
        }
    }
}
