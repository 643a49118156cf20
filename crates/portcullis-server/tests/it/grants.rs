//! Who may get which token, tried as an attacker would: every grant (authorization
//! code, refresh, client credentials) goes through the issuer's one decision. A scope
//! the user does not hold is dropped and stays dropped; a client gets only the
//! audiences it may request, silently or not; a third-party client gets a user's tokens
//! only after consent, which the user and the administrator can withdraw.

use portcullis_idp::ClientSpec;
use reqwest::Method;
use serde_json::{Value, json};

use crate::browser::{
    Browser, CLIENT, REDIRECT, VERIFIER, challenge, claims, exchange, hidden_fields,
    location_params, param, setup, urlencode,
};
use crate::helpers::{
    API, Reply, TestServer, admin_audience, refresh, root_token, send, servers, token_for,
};

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

/// A third-party browser client "Elsewhere" that may request [`API`]; its id.
async fn third_party_client(s: &TestServer) -> String {
    let redirects = [THIRD_REDIRECT.to_owned()];
    let spec = ClientSpec {
        name: "Elsewhere",
        confidential: false,
        audience: Some(API),
        third_party: true,
        redirect_uris: &redirects,
        ..ClientSpec::default()
    };
    let (client, _) = s.server.idp().register_client(&spec, T).await.unwrap();
    client.info.id
}

/// `b` signs in at the first-party app as ada: single sign-on from then on.
async fn signed_in(s: &TestServer) -> Browser {
    let mut b = Browser::new();
    let url = request(s, CLIENT, REDIRECT, "openid", Some(API), "");
    let (status, headers, _) = sign_in_at(s, &mut b, &url, ADA).await;
    assert_eq!(status, 302);
    code(&headers, REDIRECT);
    b
}

/// The consent page `url` shows, answered with `decision`.
async fn answer_consent(
    s: &TestServer,
    b: &mut Browser,
    url: &str,
    decision: &str,
) -> (u16, reqwest::header::HeaderMap, String) {
    fill_in(s, b, url, "/authorize/consent", &[("decision", decision)]).await
}

/// Consents to `third` for `scope` and returns the tokens.
async fn consent_and_exchange(s: &TestServer, b: &mut Browser, third: &str, scope: &str) -> Reply {
    let url = request(s, third, THIRD_REDIRECT, scope, Some(API), "");
    let (status, headers, html) = answer_consent(s, b, &url, "allow").await;
    assert_eq!(status, 302, "{html}");
    let r = exchange(
        s,
        &code(&headers, THIRD_REDIRECT),
        VERIFIER,
        THIRD_REDIRECT,
        third,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
    r
}

#[tokio::test]
async fn silent_authorization_never_grants_what_the_user_did_not_consent_to() {
    for (backend, s) in servers().await {
        setup(&s).await;
        s.server.idp().assign_role(ADA, "admin", T).await.unwrap();
        let third = third_party_client(&s).await;
        let mut b = signed_in(&s).await;
        let asked = "openid profile read:admin-messages read:messages";
        let silent = request(&s, &third, THIRD_REDIRECT, asked, Some(API), "&prompt=none");
        let interactive = request(&s, &third, THIRD_REDIRECT, asked, Some(API), "");
        let consent_required = |headers: &reqwest::header::HeaderMap| {
            outcome(headers, THIRD_REDIRECT) == (Some("consent_required".into()), None)
        };
        let (status, headers, _) = b.get(&silent).await;
        assert_eq!(status, 302, "{backend}");
        assert!(consent_required(&headers), "{backend}: no consent yet");

        // Interactively: the consent page names the client, the audience and what is
        // asked that the user holds (not `read:messages`).
        let (status, headers, html) = b.get(&interactive).await;
        assert_eq!(status, 200, "{backend}: {html}");
        for shown in [
            "Elsewhere",
            API,
            "<code>openid</code>",
            "<code>profile</code>",
            "<code>read:admin-messages</code>",
        ] {
            assert!(html.contains(shown), "{backend}: {shown} in {html}");
        }
        assert!(!html.contains("<code>read:messages</code>"), "{backend}");
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{backend}: {csp}");

        // A forged form (its CSRF value not the cookie's) consents to nothing.
        let mut forged: Vec<(String, String)> = hidden_fields(&html)
            .into_iter()
            .filter(|(k, _)| k != "csrf")
            .collect();
        forged.push(("csrf".into(), "forged".into()));
        forged.push(("decision".into(), "allow".into()));
        let (status, _, _) = b
            .post_form(&format!("{}/authorize/consent", s.base), &forged)
            .await;
        assert_eq!(status, 403, "{backend}");
        let (_, headers, _) = b.get(&silent).await;
        assert!(
            consent_required(&headers),
            "{backend}: a forged form consents to nothing"
        );

        // Denied: the client hears access_denied, and nothing is remembered.
        let (status, headers, _) = answer_consent(&s, &mut b, &interactive, "deny").await;
        assert_eq!(status, 302, "{backend}");
        assert_eq!(
            outcome(&headers, THIRD_REDIRECT),
            (Some("access_denied".into()), None)
        );
        let (_, headers, _) = b.get(&silent).await;
        assert!(
            consent_required(&headers),
            "{backend}: a denial consents to nothing"
        );

        // Allowed: the tokens carry what was shown and the user holds.
        let r = consent_and_exchange(&s, &mut b, &third, asked).await;
        let expected = "openid profile read:admin-messages";
        assert_eq!(r.body["scope"], expected, "{backend}");
        assert_eq!(
            granted(&r),
            (expected.into(), json!(["read:admin-messages"])),
            "{backend}"
        );

        // Remembered: silently, the same or less.
        let r = silent_tokens(&s, &mut b, &silent, &third, THIRD_REDIRECT).await;
        assert_eq!(r.body["scope"], expected, "{backend}");
        let less = request(
            &s,
            &third,
            THIRD_REDIRECT,
            "openid",
            Some(API),
            "&prompt=none",
        );
        let r = silent_tokens(&s, &mut b, &less, &third, THIRD_REDIRECT).await;
        // A third-party client's token carries only granted permissions.
        assert_eq!(granted(&r), ("openid".into(), json!([])), "{backend}");
        // More than was consented to is asked for again.
        let more = request(
            &s,
            &third,
            THIRD_REDIRECT,
            &format!("{asked} email"),
            Some(API),
            "&prompt=none",
        );
        let (_, headers, _) = b.get(&more).await;
        assert!(
            consent_required(&headers),
            "{backend}: email was never allowed"
        );
    }
}

#[tokio::test]
async fn the_user_and_the_administrator_withdraw_a_consent() {
    for (backend, s) in servers().await {
        setup(&s).await;
        let third = third_party_client(&s).await;
        let mut b = signed_in(&s).await;
        let r = consent_and_exchange(&s, &mut b, &third, "openid profile").await;

        // The user's own list, with a token minted for the issuer itself.
        let own = token_for(&s, ADA, s.server.issuer()).await;
        let listed = s.get("/api/auth/consents", Some(&own)).await;
        assert_eq!(listed.status, 200, "{backend}: {}", listed.text);
        assert_eq!(listed.body[0]["client_id"], third.as_str(), "{backend}");
        assert_eq!(listed.body[0]["client_name"], "Elsewhere", "{backend}");
        assert_eq!(listed.body[0]["audience"], API, "{backend}");
        assert_eq!(
            listed.body[0]["scopes"],
            json!(["openid", "profile"]),
            "{backend}"
        );
        // A token for another API is not the user's own key to this.
        let other = token_for(&s, ADA, API).await;
        assert_eq!(
            s.get("/api/auth/consents", Some(&other)).await.status,
            401,
            "{backend}"
        );
        let path = format!("/api/auth/consents/{third}");
        let (status, _) = send(&s, Method::DELETE, &path, &other, None).await;
        assert_eq!(status, 401, "{backend}");

        let root = root_token(&s).await;
        let sessions = "/api/admin/users/ada@example.com/sessions";
        let of_third = |list: &Value| {
            list["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|s| s["client_id"] == third.as_str())
                .count()
        };
        let (_, list) = send(&s, Method::GET, sessions, &root, None).await;
        assert_eq!(of_third(&list), 1, "{backend}: {list}");
        let (status, _) = send(&s, Method::DELETE, &path, &own, None).await;
        assert_eq!(status, 204, "{backend}");
        let (_, list) = send(&s, Method::GET, sessions, &root, None).await;
        assert_eq!(
            of_third(&list),
            0,
            "{backend}: the client's sessions are revoked"
        );
        let ended = refresh(&s, refresh_token(&r)).await;
        assert_eq!(
            ended.body["error"], "invalid_grant",
            "{backend}: the client's session ended"
        );
        let silent = request(
            &s,
            &third,
            THIRD_REDIRECT,
            "openid profile",
            Some(API),
            "&prompt=none",
        );
        let (_, headers, _) = b.get(&silent).await;
        assert_eq!(
            outcome(&headers, THIRD_REDIRECT),
            (Some("consent_required".into()), None),
            "{backend}"
        );
        let (status, _) = send(&s, Method::DELETE, &path, &own, None).await;
        assert_eq!(status, 404, "{backend}: nothing left to withdraw");

        // The administrator sees and withdraws it too.
        let r = consent_and_exchange(&s, &mut b, &third, "openid profile").await;
        let (status, list) = send(&s, Method::GET, ADA_CONSENTS, &root, None).await;
        assert_eq!(status, 200, "{backend}: {list}");
        assert_eq!(list[0]["client_id"], third.as_str(), "{backend}");
        let admin_path = format!("{ADA_CONSENTS}/{third}");
        let (status, _) = send(&s, Method::DELETE, &admin_path, &root, None).await;
        assert_eq!(status, 204, "{backend}");
        let ended = refresh(&s, refresh_token(&r)).await;
        assert_eq!(ended.body["error"], "invalid_grant", "{backend}");
        let (status, list) = send(&s, Method::GET, ADA_CONSENTS, &root, None).await;
        assert_eq!((status, list), (200, json!([])), "{backend}");
    }
}

/// A client credentials grant.
async fn client_token(s: &TestServer, id: &str, secret: &str, extra: &[(&str, &str)]) -> Reply {
    let mut form = vec![
        ("grant_type", "client_credentials"),
        ("client_id", id),
        ("client_secret", secret),
    ];
    form.extend_from_slice(extra);
    s.post_form("/oauth/token", &form).await
}

#[tokio::test]
async fn client_credentials_need_an_allowed_audience_and_narrow_to_grants() {
    for (backend, s) in servers().await {
        let idp = s.server.idp();
        let admin_api = admin_audience(&s);
        // A client with no audience of its own gets no token for an API.
        let bare = idp.create_client("bare", None, T).await.unwrap();
        let bare_secret = bare.client_secret.expose().to_owned();
        for extra in [vec![("audience", API)], vec![]] {
            let r = client_token(&s, &bare.client_id, &bare_secret, &extra).await;
            assert_eq!(
                (r.status, r.body["error"].as_str()),
                (400, Some("invalid_target")),
                "{backend}: {extra:?}: {}",
                r.text
            );
        }
        let worker = idp.create_client("worker", Some(API), T).await.unwrap();
        idp.grant_client(&worker.client_id, API, &["read:messages"])
            .await
            .unwrap();
        let secret = worker.client_secret.expose().to_owned();
        let asked = "read:messages delete:everything read:admin-messages";
        let r = client_token(&s, &worker.client_id, &secret, &[("scope", asked)]).await;
        assert_eq!(r.status, 200, "{backend}: {}", r.text);
        assert_eq!(
            r.body["scope"], "read:messages",
            "{backend}: narrowed to the grants"
        );
        assert_eq!(
            granted(&r),
            ("read:messages".into(), json!(["read:messages"])),
            "{backend}"
        );
        let all = client_token(&s, &worker.client_id, &secret, &[]).await;
        assert_eq!(all.body["scope"], "read:messages", "{backend}: every grant");
        for key in ["audience", "resource"] {
            let r = client_token(&s, &worker.client_id, &secret, &[(key, &admin_api)]).await;
            assert_eq!(
                (r.status, r.body["error"].as_str()),
                (400, Some("invalid_target")),
                "{backend}: {key}: {}",
                r.text
            );
        }
    }
}

#[tokio::test]
async fn the_admin_api_sets_a_clients_audiences_and_party() {
    for (backend, s) in servers().await {
        let root = root_token(&s).await;
        let admin_api = admin_audience(&s);
        let (status, created) = send(
            &s,
            Method::POST,
            "/api/admin/clients",
            &root,
            Some(json!({
                "name": "Partner",
                "type": "public",
                "audience": API,
                "third_party": true,
                "redirect_uris": [THIRD_REDIRECT],
            })),
        )
        .await;
        assert_eq!(status, 201, "{backend}: {created}");
        assert_eq!(
            (&created["audiences"], &created["third_party"]),
            (&json!([API]), &json!(true)),
            "{backend}: the default audience, and not the admin API"
        );
        let id = created["id"].as_str().unwrap();
        let path = format!("/api/admin/clients/{id}");
        let (status, changed) = send(
            &s,
            Method::PATCH,
            &path,
            &root,
            Some(json!({"audiences": [admin_api], "third_party": false})),
        )
        .await;
        assert_eq!(status, 200, "{backend}: {changed}");
        let mut both = vec![API.to_owned(), admin_api.clone()];
        both.sort();
        assert_eq!(
            changed["audiences"],
            json!(both),
            "{backend}: the default stays"
        );
        assert_eq!(changed["third_party"], false, "{backend}");
        let (_, shown) = send(&s, Method::GET, &path, &root, None).await;
        assert_eq!(shown, changed, "{backend}");
        for body in [
            json!({"audiences": ["https://nope.example.com"]}),
            json!({"third_party": "yes"}),
        ] {
            let (status, answer) = send(&s, Method::PATCH, &path, &root, Some(body.clone())).await;
            assert_eq!(status, 400, "{backend}: {body}: {answer}");
        }
        let (status, plain) = send(
            &s,
            Method::POST,
            "/api/admin/clients",
            &root,
            Some(json!({"name": "Job"})),
        )
        .await;
        assert_eq!(status, 201, "{backend}: {plain}");
        assert_eq!(
            (&plain["audiences"], &plain["third_party"]),
            (&json!([]), &json!(false)),
            "{backend}"
        );
    }
}
