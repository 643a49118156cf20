//! Who may get which token, tried as an attacker would: every grant (authorization
//! code, refresh, client credentials) goes through the issuer's one decision. A scope
//! the user does not hold is dropped and stays dropped; a client gets only the
//! audiences it may request, silently or not; a third-party client gets a user's tokens
//! only after consent, which the user and the administrator can withdraw.

mod clients;
mod consent;
mod offline;

use reqwest::Method;
use serde_json::{Value, json};

use crate::browser::{
    Browser, CLIENT, REDIRECT, VERIFIER, challenge, claims, exchange, hidden_fields,
    location_params, param, setup, urlencode,
};
use crate::helpers::{API, Reply, TestServer, admin_audience, refresh, root_token, send, servers};

const T: i64 = 1_800_000_000;
const PASSWORD: &str = "correct horse battery";
const ADA: &str = "ada@example.com";
const THIRD_REDIRECT: &str = "http://localhost:5050/cb";
const ADA_CONSENTS: &str = "/api/admin/users/ada@example.com/consents";

/// An authorization request of `client` for `scope` (and `audience`), plus `extra`.
fn request(
    s: &TestServer,
    client: &str,
    redirect: &str,
    scope: &str,
    audience: Option<&str>,
    extra: &str,
) -> String {
    let audience = audience
        .map(|a| format!("&audience={}", urlencode(a)))
        .unwrap_or_default();
    format!(
        "{}/authorize?client_id={client}&redirect_uri={}&response_type=code&code_challenge={}&code_challenge_method=S256&state=xyz&scope={}{audience}{extra}",
        s.base,
        urlencode(redirect),
        challenge(VERIFIER),
        urlencode(scope),
    )
}

/// Fills in the form of the page at `url` with `fields` and posts it to `action`.
async fn fill_in(
    s: &TestServer,
    b: &mut Browser,
    url: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> (u16, reqwest::header::HeaderMap, String) {
    let (status, _, html) = b.get(url).await;
    assert_eq!(status, 200, "{html}");
    let mut form = hidden_fields(&html);
    form.extend(
        fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    b.post_form(&format!("{}{action}", s.base), &form).await
}

/// Signs `email` in on the page `url` shows; the answer to the form.
async fn sign_in_at(
    s: &TestServer,
    b: &mut Browser,
    url: &str,
    email: &str,
) -> (u16, reqwest::header::HeaderMap, String) {
    let fields = [("email", email), ("password", PASSWORD)];
    fill_in(s, b, url, "/authorize/login", &fields).await
}

/// `(error, code)` of a redirect to `redirect`.
fn outcome(
    headers: &reqwest::header::HeaderMap,
    redirect: &str,
) -> (Option<String>, Option<String>) {
    let (to, pairs) = location_params(headers);
    assert_eq!(to, redirect, "{pairs:?}");
    assert_eq!(param(&pairs, "state"), Some("xyz"));
    (
        param(&pairs, "error").map(str::to_owned),
        param(&pairs, "code").map(str::to_owned),
    )
}

/// The code of a redirect to `redirect`.
fn code(headers: &reqwest::header::HeaderMap, redirect: &str) -> String {
    match outcome(headers, redirect) {
        (None, Some(code)) => code,
        other => panic!("no code: {other:?}"),
    }
}

/// Follows `url` silently (single sign-on) and exchanges the code.
async fn silent_tokens(
    s: &TestServer,
    b: &mut Browser,
    url: &str,
    client: &str,
    redirect: &str,
) -> Reply {
    let (status, headers, html) = b.get(url).await;
    assert_eq!(status, 302, "{html}");
    let r = exchange(s, &code(&headers, redirect), VERIFIER, redirect, client).await;
    assert_eq!(r.status, 200, "{}", r.text);
    r
}

/// The access token's `(scope, permissions)`.
fn granted(r: &Reply) -> (String, Value) {
    let at = claims(r.body["access_token"].as_str().unwrap());
    (
        at["scope"].as_str().unwrap().to_owned(),
        at["permissions"].clone(),
    )
}

fn refresh_token(r: &Reply) -> &str {
    r.body["refresh_token"].as_str().unwrap()
}

#[tokio::test]
async fn a_scope_the_user_does_not_hold_is_dropped_and_refresh_never_widens() {
    for (backend, s) in servers().await {
        setup(&s).await;
        let idp = s.server.idp();
        let asked = "openid read:admin-messages admin:write read:messages";
        let url = request(&s, CLIENT, REDIRECT, asked, Some(API), "");
        let mut b = Browser::new();
        let (status, headers, html) = sign_in_at(&s, &mut b, &url, ADA).await;
        assert_eq!(status, 302, "{backend}: {html}");
        let r = exchange(&s, &code(&headers, REDIRECT), VERIFIER, REDIRECT, CLIENT).await;
        assert_eq!(r.status, 200, "{backend}: {}", r.text);
        // The token response states the granted scope (RFC 6749 §3.3), and so does the token.
        assert_eq!(r.body["scope"], "openid", "{backend}");
        assert_eq!(granted(&r), ("openid".into(), json!([])), "{backend}");
        let again = refresh(&s, refresh_token(&r)).await;
        assert_eq!(again.status, 200, "{backend}: {}", again.text);
        assert_eq!(
            again.body["scope"], "openid",
            "{backend}: refresh keeps it dropped"
        );
        assert_eq!(granted(&again), ("openid".into(), json!([])), "{backend}");

        // A user who holds a permission gets it, until the role is taken away.
        idp.assign_role(ADA, "admin", T).await.unwrap();
        let r = silent_tokens(&s, &mut b, &url, CLIENT, REDIRECT).await;
        assert_eq!(r.body["scope"], "openid read:admin-messages", "{backend}");
        assert_eq!(
            granted(&r),
            (
                "openid read:admin-messages".into(),
                json!(["read:admin-messages"])
            ),
            "{backend}"
        );
        idp.unassign_role(ADA, "admin", T).await.unwrap();
        let narrowed = refresh(&s, refresh_token(&r)).await;
        assert_eq!(narrowed.status, 200, "{backend}: {}", narrowed.text);
        assert_eq!(
            narrowed.body["scope"], "openid",
            "{backend}: refresh narrows"
        );
        assert_eq!(
            granted(&narrowed),
            ("openid".into(), json!([])),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn an_organization_role_grants_its_scope_only_inside_the_organization() {
    for (backend, s) in servers().await {
        setup(&s).await;
        let idp = s.server.idp();
        idp.create_org("Acme Inc.", "acme", None, Some(ADA), T)
            .await
            .unwrap();
        idp.grant_org_role("owner", API, &["read:messages"])
            .await
            .unwrap();
        let asked = "openid read:messages";
        let url = request(&s, CLIENT, REDIRECT, asked, Some(API), "&organization=acme");
        let mut b = Browser::new();
        let (status, headers, html) = sign_in_at(&s, &mut b, &url, ADA).await;
        assert_eq!(status, 302, "{backend}: {html}");
        let r = exchange(&s, &code(&headers, REDIRECT), VERIFIER, REDIRECT, CLIENT).await;
        assert_eq!(r.body["scope"], asked, "{backend}: {}", r.text);
        let at = claims(r.body["access_token"].as_str().unwrap());
        // Still an organization grant: not a platform permission.
        assert_eq!(at["permissions"], json!([]), "{backend}");
        assert_eq!(at["org_permissions"], json!(["read:messages"]), "{backend}");
        let outside = request(&s, CLIENT, REDIRECT, asked, Some(API), "");
        let r = silent_tokens(&s, &mut b, &outside, CLIENT, REDIRECT).await;
        assert_eq!(
            r.body["scope"], "openid",
            "{backend}: outside the organization"
        );
    }
}

#[tokio::test]
async fn a_client_gets_only_the_audiences_it_may_request() {
    for (backend, s) in servers().await {
        setup(&s).await;
        let admin_api = admin_audience(&s);
        let root = root_token(&s).await;
        // The administrator is signed in at the app (a live single sign-on session).
        let mut b = Browser::new();
        let url = request(&s, CLIENT, REDIRECT, "openid", Some(API), "");
        let (status, headers, _) = sign_in_at(&s, &mut b, &url, "root@example.com").await;
        assert_eq!(status, 302, "{backend}");
        code(&headers, REDIRECT);
        let resource = format!("&resource={}", urlencode(&admin_api));
        let admin_scope = "openid admin:read admin:write";
        for (how, url) in [
            (
                "audience",
                request(&s, CLIENT, REDIRECT, admin_scope, Some(&admin_api), ""),
            ),
            (
                "audience, prompt=none",
                request(
                    &s,
                    CLIENT,
                    REDIRECT,
                    admin_scope,
                    Some(&admin_api),
                    "&prompt=none",
                ),
            ),
            (
                "resource",
                request(&s, CLIENT, REDIRECT, admin_scope, None, &resource),
            ),
            (
                "resource, prompt=none",
                request(
                    &s,
                    CLIENT,
                    REDIRECT,
                    admin_scope,
                    None,
                    &format!("{resource}&prompt=none"),
                ),
            ),
            (
                "audience and resource disagree",
                request(&s, CLIENT, REDIRECT, admin_scope, Some(API), &resource),
            ),
        ] {
            let (status, headers, _) = b.get(&url).await;
            assert_eq!(status, 302, "{backend}: {how}");
            assert_eq!(
                outcome(&headers, REDIRECT),
                (Some("invalid_target".into()), None),
                "{backend}: {how}"
            );
        }

        // A code for one audience is not exchanged for another (RFC 8707 `resource`).
        let (_, headers, _) = b.get(&url).await;
        let wrong = s
            .post_form(
                "/oauth/token",
                &[
                    ("grant_type", "authorization_code"),
                    ("code", &code(&headers, REDIRECT)),
                    ("code_verifier", VERIFIER),
                    ("redirect_uri", REDIRECT),
                    ("client_id", CLIENT),
                    ("resource", &admin_api),
                ],
            )
            .await;
        assert_eq!(
            (wrong.status, wrong.body["error"].as_str()),
            (400, Some("invalid_target")),
            "{backend}: {}",
            wrong.text
        );

        // Only an administrator's explicit choice lets the client ask for it.
        let path = format!("/api/admin/clients/{CLIENT}");
        let (status, view) = send(
            &s,
            Method::PATCH,
            &path,
            &root,
            Some(json!({"audiences": [API, admin_api]})),
        )
        .await;
        assert_eq!(status, 200, "{backend}: {view}");
        let silent = request(
            &s,
            CLIENT,
            REDIRECT,
            admin_scope,
            Some(&admin_api),
            "&prompt=none",
        );
        let r = silent_tokens(&s, &mut b, &silent, CLIENT, REDIRECT).await;
        assert_eq!(r.body["scope"], admin_scope, "{backend}");
        let at = claims(r.body["access_token"].as_str().unwrap());
        assert_eq!(at["aud"], admin_api.as_str(), "{backend}");
        // Taken away again: the session's next refresh is refused.
        let (status, _) = send(
            &s,
            Method::PATCH,
            &path,
            &root,
            Some(json!({"audiences": [API]})),
        )
        .await;
        assert_eq!(status, 200, "{backend}");
        let refused = refresh(&s, refresh_token(&r)).await;
        assert_eq!(
            (refused.status, refused.body["error"].as_str()),
            (400, Some("invalid_grant")),
            "{backend}: {}",
            refused.text
        );
    }
}
