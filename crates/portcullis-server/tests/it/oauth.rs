//! `/oauth/token`, `/oauth/revoke`, `/oauth/introspect`, `/userinfo`.

use base64::Engine as _;
use serde_json::json;

use crate::helpers::{API, TestServer, servers};

/// A form, the expected status, the expected OAuth error code.
type Case<'a> = (Vec<(&'a str, &'a str)>, u16, &'a str);

async fn machine_client(s: &TestServer) -> (String, String) {
    let idp = s.server.idp();
    let client = idp
        .create_client("worker", Some(API), 1_800_000_000)
        .await
        .unwrap();
    idp.grant_client(&client.client_id, API, &["read:messages"])
        .await
        .unwrap();
    (client.client_id, client.client_secret.expose().to_owned())
}

#[tokio::test]
async fn refresh_grant_rotates_and_detects_reuse() {
    for (backend, s) in servers().await {
        let up = s.signup("ada@example.com").await;
        let first = up.body["refresh_token"].as_str().unwrap().to_owned();
        let r = s
            .post_form(
                "/oauth/token",
                &[("grant_type", "refresh_token"), ("refresh_token", &first)],
            )
            .await;
        assert_eq!(r.status, 200, "{backend}: {}", r.text);
        assert_eq!(r.headers["cache-control"], "no-store");
        let second = r.body["refresh_token"].as_str().unwrap().to_owned();
        assert_ne!(first, second);
        let reuse = s
            .post_form(
                "/oauth/token",
                &[("grant_type", "refresh_token"), ("refresh_token", &first)],
            )
            .await;
        assert_eq!(
            (reuse.status, reuse.body["error"].as_str()),
            (400, Some("invalid_grant")),
            "{backend}"
        );
        let dead = s
            .post_form(
                "/oauth/token",
                &[("grant_type", "refresh_token"), ("refresh_token", &second)],
            )
            .await;
        assert_eq!(dead.status, 400, "{backend}: the family is revoked");
    }
}

#[tokio::test]
async fn token_endpoint_refuses_malformed_requests() {
    for (backend, s) in servers().await {
        let (id, secret) = machine_client(&s).await;
        let cases: Vec<Case<'_>> = vec![
            (vec![], 400, "invalid_request"),
            (
                vec![("grant_type", "password")],
                400,
                "unsupported_grant_type",
            ),
            (
                vec![("grant_type", "refresh_token")],
                400,
                "invalid_request",
            ),
            (
                vec![
                    ("grant_type", "refresh_token"),
                    ("refresh_token", "prt_forged"),
                ],
                400,
                "invalid_grant",
            ),
            (
                vec![("grant_type", "client_credentials")],
                401,
                "invalid_client",
            ),
            (
                vec![
                    ("grant_type", "client_credentials"),
                    ("client_id", &id),
                    ("client_secret", "wrong"),
                ],
                401,
                "invalid_client",
            ),
            // A scope beyond the client's grants is narrowed, not refused: see
            // grants::client_credentials_need_an_allowed_audience_and_narrow_to_grants.
            (
                vec![
                    ("grant_type", "client_credentials"),
                    ("client_id", &id),
                    ("client_secret", &secret),
                    ("audience", "https://nope"),
                ],
                400,
                "invalid_target",
            ),
            (
                vec![
                    ("grant_type", "client_credentials"),
                    ("client_id", &id),
                    ("client_secret", &secret),
                    ("resource", "https://nope"),
                ],
                400,
                "invalid_target",
            ),
            (
                vec![
                    ("grant_type", "client_credentials"),
                    ("client_id", &id),
                    ("client_secret", &secret),
                    ("audience", API),
                    ("resource", "https://other.example.com"),
                ],
                400,
                "invalid_target",
            ),
        ];
        for (form, status, error) in cases {
            let r = s.post_form("/oauth/token", &form).await;
            assert_eq!(
                (r.status, r.body["error"].as_str().unwrap_or_default()),
                (status, error),
                "{backend}: {form:?}: {}",
                r.text
            );
            if status == 401 {
                assert!(r.headers.contains_key("www-authenticate"), "{backend}");
            }
        }
        let repeated = s
            .post_raw(
                "/oauth/token",
                "application/x-www-form-urlencoded",
                "grant_type=refresh_token&grant_type=client_credentials",
            )
            .await;
        assert_eq!(
            (repeated.status, repeated.body["error"].as_str()),
            (400, Some("invalid_request")),
            "{backend}"
        );
        let json_body = s
            .post_raw(
                "/oauth/token",
                "application/json",
                "{\"grant_type\":\"refresh_token\"}",
            )
            .await;
        assert_eq!(json_body.status, 400, "{backend}");
        // Basic and post at once is ambiguous.
        let basic = base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"));
        let both = s
            .http
            .post(s.url("/oauth/token"))
            .header("authorization", format!("Basic {basic}"))
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", id.as_str()),
                ("client_secret", secret.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(both.status(), 400, "{backend}");
    }
}

#[tokio::test]
async fn client_credentials_by_basic_and_post() {
    for (backend, s) in servers().await {
        let (id, secret) = machine_client(&s).await;
        let post = s
            .post_form(
                "/oauth/token",
                &[
                    ("grant_type", "client_credentials"),
                    ("client_id", &id),
                    ("client_secret", &secret),
                ],
            )
            .await;
        assert_eq!(post.status, 200, "{backend}: {}", post.text);
        assert_eq!(post.body["scope"], "read:messages");
        assert!(
            post.body.get("refresh_token").is_none(),
            "{backend}: no refresh token for machines"
        );
        let basic = base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"));
        let r = s
            .http
            .post(s.url("/oauth/token"))
            .header("authorization", format!("Basic {basic}"))
            .form(&[("grant_type", "client_credentials")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{backend}");
    }
}

#[tokio::test]
async fn userinfo_introspection_and_revocation() {
    for (backend, s) in servers().await {
        let up = s.signup("ada@example.com").await;
        let access = up.body["access_token"].as_str().unwrap().to_owned();
        let refresh = up.body["refresh_token"].as_str().unwrap().to_owned();
        let me = s.get("/userinfo", Some(&access)).await;
        assert_eq!(
            (me.status, me.body["email"].as_str()),
            (200, Some("ada@example.com")),
            "{backend}: {}",
            me.text
        );
        assert_eq!(s.get("/userinfo", None).await.status, 401);
        assert_eq!(s.get("/userinfo", Some("x.y.z")).await.status, 401);
        let (id, secret) = machine_client(&s).await;
        let introspect = |token: String| {
            let (id, secret) = (id.clone(), secret.clone());
            let s = &s;
            async move {
                s.post_form(
                    "/oauth/introspect",
                    &[
                        ("token", &token),
                        ("client_id", &id),
                        ("client_secret", &secret),
                    ],
                )
                .await
            }
        };
        let a = introspect(access.clone()).await;
        assert_eq!(
            (
                a.body["active"].as_bool(),
                a.body["token_type"].as_str(),
                a.body["token_use"].as_str()
            ),
            (Some(true), Some("Bearer"), Some("access_token")),
            "{backend}: {}",
            a.text
        );
        // Another client's refresh token (here the first-party login's) is nothing to it.
        let r = introspect(refresh.clone()).await;
        assert_eq!(r.text, r#"{"active":false}"#, "{backend}");
        assert_eq!(
            introspect("garbage".into()).await.text,
            r#"{"active":false}"#
        );
        let anonymous = s
            .post_form("/oauth/introspect", &[("token", &access)])
            .await;
        assert_eq!(
            anonymous.status, 401,
            "{backend}: introspection needs client authentication"
        );
        // Revoke the refresh token: the session ends, so its access token is no longer active either.
        assert_eq!(
            s.post_form("/oauth/revoke", &[("token", &refresh)])
                .await
                .status,
            200
        );
        assert_eq!(
            s.post_form("/oauth/revoke", &[("token", "unknown")])
                .await
                .status,
            200,
            "{backend}: RFC 7009 §2.2"
        );
        assert_eq!(
            introspect(refresh.clone()).await.body["active"],
            json!(false),
            "{backend}"
        );
        assert_eq!(
            introspect(access.clone()).await.body["active"],
            json!(false),
            "{backend}"
        );
        assert_eq!(
            s.get("/userinfo", Some(&access)).await.status,
            401,
            "{backend}"
        );
    }
}
