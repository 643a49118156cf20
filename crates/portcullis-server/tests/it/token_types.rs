//! Token types (issue 12, M1): a refresh token is no bearer token at an API, is active
//! only to its own client, and only that client revokes it; an API key works at the one
//! API it was made for.

use portcullis::{Guard, Introspection, IssuerConfig};
use portcullis_idp::model::SessionRow;
use portcullis_idp::{KeyOwner, NewClient};
use serde_json::json;

use crate::helpers::{API, Reply, TestServer, servers};

/// A second registered API.
pub const OTHER_API: &str = "https://other.example.com";

/// Seconds since the epoch (the servers read the system clock).
pub fn now() -> i64 {
    i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs(),
    )
    .unwrap()
}

/// A confidential client (a resource server, or an app).
pub async fn client(s: &TestServer, name: &str) -> NewClient {
    s.server
        .idp()
        .create_client(name, None, now())
        .await
        .unwrap()
}

/// `token` introspected by `client`.
pub async fn introspect(s: &TestServer, client: &NewClient, token: &str) -> Reply {
    s.post_form(
        "/oauth/introspect",
        &[
            ("token", token),
            ("client_id", &client.client_id),
            ("client_secret", client.client_secret.expose()),
        ],
    )
    .await
}

/// A guard for `audience` that checks opaque tokens by introspection as `client`,
/// sending only tokens with `prefixes` (`None`: the default, Portcullis API keys).
pub fn api_guard(
    s: &TestServer,
    audience: &str,
    client: &NewClient,
    prefixes: Option<&[&str]>,
) -> Guard {
    let mut introspection = Introspection::new(
        format!("{}oauth/introspect", s.server.issuer()),
        &client.client_id,
        client.client_secret.expose(),
    );
    if let Some(p) = prefixes {
        introspection = introspection.token_prefixes(p.iter().copied());
    }
    Guard::builder()
        .issuer(IssuerConfig::portcullis(s.server.issuer()).audience(audience))
        .introspection(introspection)
        .build()
        .unwrap()
}

/// The SHA-256 of a token, hex: what the issuer stores for it.
fn stored_hash(token: &str) -> String {
    portcullis_jwt::jwt_sha256(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A live session of `email` for `client_id` (as a code exchange would leave it); returns
/// its refresh token.
pub async fn session_of(
    s: &TestServer,
    email: &str,
    client_id: &str,
    audience: &str,
    scope: &str,
) -> String {
    let idp = s.server.idp();
    let refresh = format!("prt_{}", portcullis_idp::random_token().unwrap());
    let session = SessionRow {
        id: format!("ses_{}", portcullis_idp::random_token().unwrap()),
        user_id: idp.find_user(email).await.unwrap().id,
        client_id: client_id.to_owned(),
        audience: audience.to_owned(),
        scope: scope.to_owned(),
        created_at: now(),
        expires_at: now() + 3600,
        revoked_at: None,
        org_id: None,
        amr: portcullis_idp::AuthMethods::PASSWORD,
        auth_time: now(),
    };
    idp.store()
        .insert_session(&session, &stored_hash(&refresh), now() + 3600)
        .await
        .unwrap();
    refresh
}

#[tokio::test]
async fn a_refresh_token_is_not_a_bearer_token_at_an_introspecting_api() {
    for (backend, s) in servers().await {
        let up = s.signup("ada@example.com").await;
        let refresh = up.body["refresh_token"].as_str().unwrap();
        let access = up.body["access_token"].as_str().unwrap();
        let rs = client(&s, "hello-world-api").await;
        // The default guard does not even ask: `prt_` is not an API key.
        let guard = api_guard(&s, API, &rs, None);
        assert!(guard.authenticate(access).await.is_ok(), "{backend}");
        let refused = guard.authenticate(refresh).await.unwrap_err();
        assert_eq!(refused.reason(), "not_a_jwt", "{backend}");
        // A guard that sends everything: the issuer tells the API it is nothing.
        let asking = api_guard(&s, API, &rs, Some(&[""]));
        let refused = asking.authenticate(refresh).await.unwrap_err();
        assert_eq!(
            (refused.status().as_u16(), refused.reason()),
            (401, "inactive_token"),
            "{backend}"
        );
        assert_eq!(
            introspect(&s, &rs, refresh).await.text,
            r#"{"active":false}"#,
            "{backend}"
        );
    }
}

#[tokio::test]
async fn a_refresh_token_is_active_only_to_its_own_client() {
    for (backend, s) in servers().await {
        s.signup("ada@example.com").await;
        let (app, other) = (client(&s, "app").await, client(&s, "other").await);
        let refresh = session_of(&s, "ada@example.com", &app.client_id, API, "openid").await;
        let own = introspect(&s, &app, &refresh).await;
        assert_eq!(
            (
                own.body["active"].as_bool(),
                own.body["token_use"].as_str(),
                own.body["client_id"].as_str(),
                own.body["aud"].as_str(),
            ),
            (
                Some(true),
                Some("refresh_token"),
                Some(app.client_id.as_str()),
                Some(API)
            ),
            "{backend}: {}",
            own.text
        );
        assert!(
            own.body.get("token_type").is_none(),
            "{backend}: a refresh token is not a Bearer token: {}",
            own.text
        );
        let theirs = introspect(&s, &other, &refresh).await;
        assert_eq!(
            (theirs.status, theirs.text.as_str()),
            (200, r#"{"active":false}"#),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn revocation_by_another_client_changes_nothing() {
    for (backend, s) in servers().await {
        s.signup("ada@example.com").await;
        let (app, other) = (client(&s, "app").await, client(&s, "other").await);
        let refresh = session_of(&s, "ada@example.com", &app.client_id, API, "openid").await;
        let attempts: [&[(&str, &str)]; 3] = [
            &[
                ("token", &refresh),
                ("client_id", &other.client_id),
                ("client_secret", other.client_secret.expose()),
            ],
            // Naming the owner without its secret, or naming no one.
            &[("token", &refresh), ("client_id", &app.client_id)],
            &[("token", &refresh)],
        ];
        for form in attempts {
            let r = s.post_form("/oauth/revoke", form).await;
            assert_eq!(r.status, 200, "{backend}: RFC 7009 §2.2: {}", r.text);
            assert_eq!(
                introspect(&s, &app, &refresh).await.body["active"],
                json!(true),
                "{backend}: {form:?}"
            );
        }
        let own = s
            .post_form(
                "/oauth/revoke",
                &[
                    ("token", &refresh),
                    ("client_id", &app.client_id),
                    ("client_secret", app.client_secret.expose()),
                ],
            )
            .await;
        assert_eq!(own.status, 200, "{backend}");
        assert_eq!(
            introspect(&s, &app, &refresh).await.body["active"],
            json!(false),
            "{backend}: its own client revoked it"
        );
    }
}

#[tokio::test]
async fn an_api_key_works_only_at_the_api_it_was_made_for() {
    for (backend, s) in servers().await {
        let idp = s.server.idp();
        idp.create_api(OTHER_API, "Other", &[], now())
            .await
            .unwrap();
        s.signup("ada@example.com").await;
        let owner = KeyOwner::User("ada@example.com");
        let for_other = idp
            .create_api_key("b", owner, Some(OTHER_API), &[], None, now())
            .await
            .unwrap();
        // No audience: the issuer's default audience, here the issuer itself.
        let for_default = idp
            .create_api_key("d", owner, None, &[], None, now())
            .await
            .unwrap();
        let rs = client(&s, "rs").await;
        let here = api_guard(&s, API, &rs, None);
        let there = api_guard(&s, OTHER_API, &rs, None);
        let key = for_other.key.expose();
        assert!(there.authenticate(key).await.is_ok(), "{backend}");
        let refused = here.authenticate(key).await.unwrap_err();
        assert_eq!(
            (refused.status().as_u16(), refused.reason()),
            (401, "wrong_audience"),
            "{backend}"
        );
        for guard in [&here, &there] {
            assert_eq!(
                guard
                    .authenticate(for_default.key.expose())
                    .await
                    .unwrap_err()
                    .reason(),
                "wrong_audience",
                "{backend}"
            );
        }
        let answer = introspect(&s, &rs, key).await;
        assert_eq!(
            (
                answer.body["token_type"].as_str(),
                answer.body["token_use"].as_str(),
                answer.body["aud"].as_str(),
            ),
            (Some("Bearer"), Some("api_key"), Some(OTHER_API)),
            "{backend}: {}",
            answer.text
        );
        let issuer = s.server.issuer().to_owned();
        assert_eq!(
            introspect(&s, &rs, for_default.key.expose()).await.body["aud"].as_str(),
            Some(issuer.as_str()),
            "{backend}"
        );
        // An access token's answer names its audience and type too.
        let up = s
            .post_json(
                "/api/auth/login",
                &json!({"email": "ada@example.com", "password": "correct horse battery", "audience": API}),
            )
            .await;
        let access = introspect(&s, &rs, up.body["access_token"].as_str().unwrap()).await;
        assert_eq!(
            (
                access.body["token_type"].as_str(),
                access.body["token_use"].as_str(),
                access.body["aud"].as_str(),
            ),
            (Some("Bearer"), Some("access_token"), Some(API)),
            "{backend}: {}",
            access.text
        );
    }
}

#[tokio::test]
async fn keys_without_an_audience_follow_the_configured_default() {
    let with_default = |c: portcullis_server::ServerConfig| portcullis_server::ServerConfig {
        default_audience: Some(API.to_owned()),
        ..c
    };
    let clock = portcullis_server::Clock::system();
    for (backend, s) in crate::helpers::servers_with(clock, with_default).await {
        s.signup("ada@example.com").await;
        let key = s
            .server
            .idp()
            .create_api_key(
                "k",
                KeyOwner::User("ada@example.com"),
                None,
                &[],
                None,
                now(),
            )
            .await
            .unwrap();
        let rs = client(&s, "rs").await;
        let auth = api_guard(&s, API, &rs, None)
            .authenticate(key.key.expose())
            .await;
        assert!(auth.is_ok(), "{backend}: {auth:?}");
    }
}
