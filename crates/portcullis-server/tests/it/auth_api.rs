//! `/api/auth/*`: sign-up, login with email and password (the tokens in the answer), logout,
//! and their hostile inputs.

use serde_json::json;

use crate::helpers::{API, servers, servers_at};

#[tokio::test]
async fn signup_login_logout() {
    for (backend, s) in servers().await {
        let up = s.signup("Ada@Example.com").await;
        assert_eq!(up.body["user"]["email"], "ada@example.com", "{backend}");
        assert_eq!(up.body["token_type"], "Bearer");
        assert_eq!(up.body["expires_in"], 900);
        assert!(
            up.body["user"].get("password_hash").is_none(),
            "{backend}: no hash in the body"
        );
        assert_eq!(up.headers["cache-control"], "no-store");
        let login = s
            .post_json(
                "/api/auth/login",
                &json!({"email": "ada@example.com", "password": "correct horse battery"}),
            )
            .await;
        assert_eq!(login.status, 200, "{backend}: {}", login.text);
        let refresh = login.body["refresh_token"].as_str().unwrap();
        let out = s
            .post_json("/api/auth/logout", &json!({"refresh_token": refresh}))
            .await;
        assert_eq!(out.status, 204, "{backend}");
        let again = s
            .post_form(
                "/oauth/token",
                &[("grant_type", "refresh_token"), ("refresh_token", refresh)],
            )
            .await;
        assert_eq!(
            (again.status, again.body["error"].as_str()),
            (400, Some("invalid_grant")),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn wrong_password_and_unknown_email_get_the_same_answer() {
    for (backend, s) in servers().await {
        s.signup("ada@example.com").await;
        let wrong = s
            .post_json(
                "/api/auth/login",
                &json!({"email": "ada@example.com", "password": "not the password"}),
            )
            .await;
        let unknown = s
            .post_json(
                "/api/auth/login",
                &json!({"email": "bob@example.com", "password": "not the password"}),
            )
            .await;
        for r in [&wrong, &unknown] {
            assert_eq!(
                (r.status, r.text.as_str()),
                (401, r#"{"message":"Invalid email or password"}"#),
                "{backend}"
            );
        }
    }
}

#[tokio::test]
async fn malformed_missing_and_hostile_bodies_are_400_and_change_nothing() {
    for (backend, s) in servers().await {
        let cases: Vec<(&str, &str, String, &str)> = vec![
            ("/api/auth/signup", "application/json", json!({"password": "correct horse battery"}).to_string(), "email is required"),
            ("/api/auth/signup", "application/json", json!({"email": "a@example.com"}).to_string(), "password is required"),
            ("/api/auth/signup", "application/json", json!({"email": 5, "password": "x"}).to_string(), "email must be a string"),
            ("/api/auth/signup", "application/json", json!({"email": "a@example.com", "password": "short"}).to_string(), "at least 8"),
            ("/api/auth/signup", "application/json", json!({"email": "a@example.com", "password": "password123"}).to_string(), "too common"),
            ("/api/auth/signup", "application/json", json!({"email": "a@example.com", "password": "correct horse battery", "audience": "https://nope"}).to_string(), "audience"),
            ("/api/auth/signup", "application/json", "[1,2]".into(), "JSON object"),
            ("/api/auth/signup", "application/json", "{\"email\":".into(), "not valid JSON"),
            ("/api/auth/signup", "text/plain", "{}".into(), "Content-Type"),
            ("/api/auth/login", "application/json", json!({"email": "a@example.com"}).to_string(), "password is required"),
            ("/api/auth/login", "application/json", json!({"password": "x"}).to_string(), "email is required"),
            ("/api/auth/logout", "application/json", "{}".into(), "refresh_token is required"),
        ];
        for (path, ct, body, needle) in cases {
            let r = s.post_raw(path, ct, body.clone()).await;
            let message = r.body["message"].as_str().unwrap_or_default();
            assert_eq!(r.status, 400, "{backend}: {path} {body}: {}", r.text);
            assert!(
                message.contains(needle),
                "{backend}: {path} {body}: {message}"
            );
        }
        let huge = json!({"email": "a@example.com", "password": "x".repeat(100_000)}).to_string();
        assert_eq!(
            s.post_raw("/api/auth/signup", "application/json", huge)
                .await
                .status,
            413,
            "{backend}"
        );
        assert!(
            s.server
                .idp()
                .user_by_email("a@example.com")
                .await
                .unwrap()
                .is_none(),
            "{backend}"
        );
        let dup = s.signup("b@example.com").await;
        assert_eq!(dup.status, 201);
        let again = s
            .post_json(
                "/api/auth/signup",
                &json!({"email": "B@example.com", "password": "correct horse battery"}),
            )
            .await;
        assert_eq!(again.status, 409, "{backend}");
    }
}

#[tokio::test]
async fn role_permissions_reach_the_guard() {
    for (backend, s) in servers().await {
        s.signup("admin@example.com").await;
        s.server
            .idp()
            .assign_role("admin@example.com", "admin", 1_800_000_000)
            .await
            .unwrap();
        let login = s
            .post_json("/api/auth/login", &json!({"email": "admin@example.com", "password": "correct horse battery", "audience": API}))
            .await;
        let token = login.body["access_token"].as_str().unwrap();
        let guard = portcullis::Guard::builder()
            .issuer(portcullis::IssuerConfig::discover(s.server.issuer()).audience(API))
            .build()
            .unwrap();
        let auth = guard.authenticate(token).await.unwrap();
        assert!(auth.has_permission("read:admin-messages"), "{backend}");
        assert_eq!(auth.issuer(), s.server.issuer());
    }
}

#[tokio::test]
async fn login_into_an_organization() {
    for (backend, s) in servers().await {
        s.signup("ada@example.com").await;
        s.signup("eve@example.com").await;
        let idp = s.server.idp();
        idp.create_org("Acme", "acme", None, Some("ada@example.com"), 1_800_000_000)
            .await
            .unwrap();
        let ok = s
            .post_json("/api/auth/login", &json!({"email": "ada@example.com", "password": "correct horse battery", "audience": API, "organization": "acme"}))
            .await;
        assert_eq!(ok.status, 200, "{backend}: {}", ok.text);
        let guard = portcullis::Guard::builder()
            .issuer(portcullis::IssuerConfig::discover(s.server.issuer()).audience(API))
            .build()
            .unwrap();
        let auth = guard
            .authenticate(ok.body["access_token"].as_str().unwrap())
            .await
            .unwrap();
        assert_eq!(
            (auth.org_slug(), auth.org_role()),
            (Some("acme"), Some("owner")),
            "{backend}"
        );
        for org in ["acme", "nope"] {
            let r = s
                .post_json("/api/auth/login", &json!({"email": "eve@example.com", "password": "correct horse battery", "organization": org}))
                .await;
            assert_eq!(
                (r.status, r.text.as_str()),
                (404, r#"{"message":"organization not found"}"#),
                "{backend}: {org}"
            );
        }
        let typed = s
            .post_json(
                "/api/auth/login",
                &json!({"email": "ada@example.com", "password": "x", "organization": 7}),
            )
            .await;
        assert_eq!(typed.status, 400, "{backend}");
    }
}

#[tokio::test]
async fn repeated_failures_get_429_with_retry_after() {
    // A still clock: the fourth failure's 2 s delay cannot pass while the test runs.
    for (backend, s) in servers_at(portcullis_server::Clock::manual(1_800_000_000)).await {
        s.signup("ada@example.com").await;
        let mut last = None;
        for _ in 0..5 {
            last = Some(
                s.post_json(
                    "/api/auth/login",
                    &json!({"email": "ada@example.com", "password": "wrong password"}),
                )
                .await,
            );
        }
        let r = last.unwrap();
        assert_eq!(r.status, 429, "{backend}: {}", r.text);
        assert!(
            r.headers["retry-after"]
                .to_str()
                .unwrap()
                .parse::<u64>()
                .unwrap()
                >= 1
        );
        assert!(
            r.body["message"]
                .as_str()
                .unwrap()
                .starts_with("Too many sign-in attempts")
        );
        // Another account is unaffected.
        let other = s
            .post_json(
                "/api/auth/login",
                &json!({"email": "bob@example.com", "password": "wrong password"}),
            )
            .await;
        assert_eq!(other.status, 401, "{backend}");
    }
}

#[tokio::test]
async fn one_client_address_is_rate_limited() {
    let dir = std::env::temp_dir().join(format!("portcullis-ratelimit-{}", std::process::id()));
    let config = portcullis_server::ServerConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        data_dir: dir,
        rate_limit_per_minute: 20,
        ..portcullis_server::ServerConfig::default()
    };
    let s = crate::helpers::start(config).await;
    let mut statuses = Vec::new();
    for _ in 0..12 {
        // Malformed bodies: cheap for the server, still counted.
        statuses.push(
            s.post_raw("/api/auth/login", "application/json", "{}")
                .await,
        );
    }
    assert_eq!(statuses[0].status, 400);
    let limited = statuses
        .iter()
        .find(|r| r.status == 429)
        .expect("a 429 within the burst of 5");
    assert!(limited.headers.contains_key("retry-after"));
    assert_eq!(limited.text, r#"{"message":"Too many requests"}"#);
    // Reading keys and discovery is never limited.
    assert_eq!(s.get("/.well-known/jwks.json", None).await.status, 200);
}

#[tokio::test]
async fn passwords_are_stored_with_the_production_argon2id_parameters() {
    // OWASP's password storage figures for argon2id: 19 MiB of memory, two passes, one
    // lane; the PHC string records them (version 19 is argon2 1.3).
    const M_KIB: u32 = 19 * 1024;
    const T: u32 = 2;
    const P: u32 = 1;
    let expected = format!("$argon2id$v=19$m={M_KIB},t={T},p={P}$");
    for (backend, s) in servers().await {
        s.signup("ada@example.com").await;
        let user = s.server.idp().find_user("ada@example.com").await.unwrap();
        assert!(
            user.password_hash.starts_with(&expected),
            "{backend}: {}",
            user.password_hash
                .split('$')
                .take(4)
                .collect::<Vec<_>>()
                .join("$")
        );
    }
}

#[tokio::test]
async fn an_ipv6_network_is_rate_limited_as_one_client() {
    let dir = std::env::temp_dir().join(format!("portcullis-ratelimit6-{}", std::process::id()));
    let config = portcullis_server::ServerConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        data_dir: dir,
        rate_limit_per_minute: 20,
        // The test speaks for its clients through X-Forwarded-For, as a proxy would.
        trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
        ..portcullis_server::ServerConfig::default()
    };
    let s = crate::helpers::start(config).await;
    let from = |client: String| {
        let s = &s;
        async move {
            s.http
                .post(s.url("/api/auth/login"))
                .header("x-forwarded-for", client)
                .header("content-type", "application/json")
                .body("{}")
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    // A new address of one /64 for every request: still one client (burst of 5).
    let mut statuses = Vec::new();
    for i in 1..=12 {
        statuses.push(from(format!("2001:db8:7:7::{i:x}")).await);
    }
    assert_eq!(statuses[0], 400);
    assert!(statuses.contains(&429), "{statuses:?}");
    // Another network is another client.
    assert_eq!(from("2001:db8:7:8::1".to_owned()).await, 400);
}
