//! API keys end to end: created through the admin API, introspected by the guard.

use std::time::Duration;

use axum::Router;
use axum::routing::get;
use portcullis::{Guard, Introspection, IssuerConfig, OrgScoped, TokenKind};
use serde_json::{Value, json};

use crate::helpers::{API, TestServer, servers};

async fn admin_token(s: &TestServer) -> String {
    s.signup("root@example.com").await;
    s.server
        .idp()
        .assign_role("root@example.com", "portcullis-admin", 1_800_000_000)
        .await
        .unwrap();
    let aud = format!("{}api/admin", s.server.issuer());
    let r = s.post_json("/api/auth/login", &json!({"email": "root@example.com", "password": "correct horse battery", "audience": aud})).await;
    r.body["access_token"].as_str().unwrap().to_owned()
}

async fn post(s: &TestServer, path: &str, token: &str, body: Value) -> (u16, Value) {
    let res = s
        .http
        .post(s.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    (
        res.status().as_u16(),
        res.json().await.unwrap_or(Value::Null),
    )
}

fn guard(s: &TestServer, client_id: &str, secret: &str, ttl: Duration) -> Guard {
    Guard::builder()
        .issuer(IssuerConfig::discover(s.server.issuer()).audience(API))
        .introspection(
            Introspection::new(
                format!("{}oauth/introspect", s.server.issuer()),
                client_id,
                secret,
            )
            .positive_ttl(ttl)
            .negative_ttl(ttl),
        )
        .build()
        .unwrap()
}

async fn call(app: &Router, path: &str, token: &str) -> u16 {
    use tower::ServiceExt as _;
    let req = axum::http::Request::get(path)
        .header("authorization", format!("Bearer {token}"))
        .body(axum::body::Body::empty())
        .unwrap();
    app.clone().oneshot(req).await.unwrap().status().as_u16()
}

#[tokio::test]
async fn an_org_key_opens_its_org_scoped_routes_until_revoked() {
    for (backend, s) in servers().await {
        let root = admin_token(&s).await;
        let idp = s.server.idp();
        idp.create_org(
            "Acme",
            "acme",
            None,
            Some("root@example.com"),
            1_800_000_000,
        )
        .await
        .unwrap();
        idp.create_org("Globex", "globex", None, None, 1_800_000_000)
            .await
            .unwrap();
        // An organization holds what its roles grant: nothing yet.
        let body =
            json!({"name": "ci", "org": "acme", "audience": API, "permissions": ["read:reports"]});
        let (status, refused) = post(&s, "/api/admin/api-keys", &root, body.clone()).await;
        assert_eq!(status, 400, "{backend}: {refused}");
        assert!(
            refused["message"]
                .as_str()
                .unwrap()
                .contains("read:reports"),
            "{backend}: the error names the permission: {refused}"
        );
        idp.grant_org_role("member", API, &["read:reports"])
            .await
            .unwrap();
        let (status, created) = key_for(&s, &root, ("org", "acme"), &["read:reports"]).await;
        assert_eq!(status, 201, "{backend}: {created}");
        let key = created["key"].as_str().unwrap().to_owned();
        assert!(key.starts_with("pcl_"));
        for bad in [
            json!({"name": "x"}),
            json!({"name": "x", "org": "acme", "user": "root@example.com"}),
            json!({"name": "x", "org": "acme", "permissions": "read"}),
            json!({"name": "x", "org": "acme", "expires_in": -1}),
            json!({"name": "x", "org": "acme", "audience": "https://unregistered.example.com"}),
            json!({"name": "x", "org": "acme", "audience": 7}),
        ] {
            assert_eq!(
                post(&s, "/api/admin/api-keys", &root, bad.clone()).await.0,
                400,
                "{backend}: {bad}"
            );
        }
        // The resource server's own client for introspection.
        let rs = idp
            .create_client("reports-api", None, 1_800_000_000)
            .await
            .unwrap();
        // No cached answers: every request asks the issuer, so a revocation shows at
        // the next one (how long a cached answer lives is the guard's own matter).
        let guard = guard(&s, &rs.client_id, rs.client_secret.expose(), Duration::ZERO);
        let auth = guard.authenticate(&key).await.unwrap();
        assert_eq!(auth.token_kind(), TokenKind::Introspected, "{backend}");
        // An organization's grant: inside the organization only, never platform-wide.
        assert_eq!(
            (
                auth.org_slug(),
                auth.org_permissions(),
                auth.has_permission("read:reports")
            ),
            (Some("acme"), &["read:reports".to_owned()][..], false),
            "{backend}"
        );
        let app = Router::new()
            .route(
                "/orgs/{org_id}/reports",
                get(|c: OrgScoped| async move { c.org_slug().unwrap_or_default().to_owned() }),
            )
            .route_layer(guard.layer());
        assert_eq!(
            call(&app, "/orgs/acme/reports", &key).await,
            200,
            "{backend}"
        );
        assert_eq!(
            call(&app, "/orgs/globex/reports", &key).await,
            403,
            "{backend}"
        );
        assert_eq!(
            call(&app, "/orgs/acme/reports", "pcl_forged").await,
            401,
            "{backend}"
        );
        // Revoked: refused at the next request.
        let id = created["id"].as_str().unwrap();
        let res = s
            .http
            .delete(s.url(&format!("/api/admin/api-keys/{id}")))
            .bearer_auth(&root)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 204);
        assert_eq!(
            call(&app, "/orgs/acme/reports", &key).await,
            401,
            "{backend}"
        );
        let listed = s.get("/api/admin/api-keys?org=acme", Some(&root)).await;
        assert!(
            listed.body[0]["revoked_at"].is_i64(),
            "{backend}: {}",
            listed.text
        );
        assert!(!listed.text.contains(&key), "the key is never shown again");
        // JWTs keep working through the same guard.
        s.signup("ada@example.com").await;
        let login = s.post_json("/api/auth/login", &json!({"email": "ada@example.com", "password": "correct horse battery", "audience": API})).await;
        let jwt = guard
            .authenticate(login.body["access_token"].as_str().unwrap())
            .await
            .unwrap();
        assert_eq!(jwt.token_kind(), TokenKind::Jwt);
    }
}

#[tokio::test]
async fn introspection_needs_the_right_client_and_a_reachable_issuer() {
    for (backend, s) in servers().await {
        s.signup("ada@example.com").await;
        let idp = s.server.idp();
        let key = idp
            .create_api_key(
                "k",
                portcullis_idp::KeyOwner::User("ada@example.com"),
                Some(API),
                &[],
                None,
                1_800_000_000,
            )
            .await
            .unwrap();
        let wrong = guard(&s, "cli_nope", "pcs_nope", Duration::from_secs(5));
        let err = wrong.authenticate(key.key.expose()).await.unwrap_err();
        assert_eq!(
            err.status(),
            503,
            "{backend}: the issuer refused our client: unavailable, not the caller's fault"
        );
        let unreachable = Guard::builder()
            .issuer(IssuerConfig::discover(s.server.issuer()).audience(API))
            .introspection(Introspection::new(
                "http://127.0.0.1:9/oauth/introspect",
                "a",
                "b",
            ))
            .build()
            .unwrap();
        assert_eq!(
            unreachable
                .authenticate(key.key.expose())
                .await
                .unwrap_err()
                .status(),
            503
        );
        // Without introspection configured, an opaque token is simply not a JWT.
        let plain = Guard::builder()
            .issuer(IssuerConfig::discover(s.server.issuer()).audience(API))
            .build()
            .unwrap();
        assert_eq!(
            plain
                .authenticate(key.key.expose())
                .await
                .unwrap_err()
                .reason(),
            "not_a_jwt"
        );
    }
}

/// A key of `owner` (`("user", email)` or `("org", slug)`) for [`API`] with
/// `permissions`, through the admin API: `(status, body)`.
async fn key_for(
    s: &TestServer,
    root: &str,
    (kind, owner): (&str, &str),
    permissions: &[&str],
) -> (u16, Value) {
    let mut body = json!({"name": "ci", "audience": API, "permissions": permissions});
    body[kind] = json!(owner);
    post(s, "/api/admin/api-keys", root, body).await
}

async fn user_key(s: &TestServer, root: &str, user: &str, permissions: &[&str]) -> (u16, Value) {
    key_for(s, root, ("user", user), permissions).await
}

#[tokio::test]
async fn a_key_carries_only_what_its_owner_holds_when_it_is_used() {
    for (backend, s) in servers().await {
        let root = admin_token(&s).await;
        let idp = s.server.idp();
        s.signup("ada@example.com").await;
        // Not held: refused at creation, naming what is missing.
        let (status, body) = user_key(&s, &root, "ada@example.com", &["read:admin-messages"]).await;
        assert_eq!(status, 400, "{backend}: {body}");
        assert!(
            body["message"]
                .as_str()
                .unwrap()
                .contains("read:admin-messages"),
            "{backend}: {body}"
        );
        // Nor OpenID Connect scopes dressed as permissions.
        let (status, _) = user_key(&s, &root, "ada@example.com", &["openid"]).await;
        assert_eq!(status, 400, "{backend}");
        idp.assign_role("ada@example.com", "admin", 1_800_000_000)
            .await
            .unwrap();
        let (status, created) =
            user_key(&s, &root, "ada@example.com", &["read:admin-messages"]).await;
        assert_eq!(status, 201, "{backend}: {created}");
        let key = created["key"].as_str().unwrap().to_owned();
        let rs = idp
            .create_client("reports-api", None, 1_800_000_000)
            .await
            .unwrap();
        let guard = guard(&s, &rs.client_id, rs.client_secret.expose(), Duration::ZERO);
        let app = Router::new()
            .route("/admin", get(|| async { "secret" }))
            .route_layer(portcullis::Policy::permission("read:admin-messages").layer())
            .route_layer(guard.layer());
        assert_eq!(call(&app, "/admin", &key).await, 200, "{backend}");
        // The role is taken away: the key keeps working, with nothing in it.
        idp.unassign_role("ada@example.com", "admin", 1_800_000_000)
            .await
            .unwrap();
        assert_eq!(call(&app, "/admin", &key).await, 403, "{backend}");
        let auth = guard.authenticate(&key).await.unwrap();
        assert!(
            auth.permissions().is_empty(),
            "{backend}: {:?}",
            auth.permissions()
        );

        // An organization's key with the same permission, granted by its roles, is no
        // platform-wide grant: the platform's admin route refuses it.
        idp.create_org("Acme", "acme", None, Some("ada@example.com"), 1_800_000_000)
            .await
            .unwrap();
        idp.grant_org_role("owner", API, &["read:admin-messages"])
            .await
            .unwrap();
        let (status, created) = key_for(&s, &root, ("org", "acme"), &["read:admin-messages"]).await;
        assert_eq!(status, 201, "{backend}: {created}");
        let org_key = created["key"].as_str().unwrap();
        assert_eq!(call(&app, "/admin", org_key).await, 403, "{backend}");
        let auth = guard.authenticate(org_key).await.unwrap();
        assert_eq!(auth.org_permissions(), ["read:admin-messages"], "{backend}");
        // What the issuer answers, as any resource server sees it.
        let answer = s
            .http
            .post(s.url("/oauth/introspect"))
            .basic_auth(&rs.client_id, Some(rs.client_secret.expose()))
            .form(&[("token", org_key)])
            .send()
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap();
        assert_eq!(answer["permissions"], json!([]), "{backend}: {answer}");
        assert_eq!(
            answer["org_permissions"],
            json!(["read:admin-messages"]),
            "{backend}: {answer}"
        );
        assert_eq!(answer["org_slug"], "acme", "{backend}: {answer}");
    }
}
