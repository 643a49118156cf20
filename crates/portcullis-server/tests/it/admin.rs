//! The admin API, protected by the guard with the issuer's own tokens.

use serde_json::json;

use crate::helpers::{API, admin_audience, refresh, send, servers, token_for};

#[tokio::test]
async fn only_admins_get_in() {
    for (backend, s) in servers().await {
        s.signup("root@example.com").await;
        s.signup("user@example.com").await;
        s.server
            .idp()
            .assign_role("root@example.com", "portcullis-admin", 1_800_000_000)
            .await
            .unwrap();
        let aud = admin_audience(&s);
        assert_eq!(
            s.get("/api/admin/users", None).await.status,
            401,
            "{backend}"
        );
        let user = token_for(&s, "user@example.com", &aud).await;
        let denied = s.get("/api/admin/users", Some(&user)).await;
        assert_eq!(
            (denied.status, denied.text.as_str()),
            (403, r#"{"message":"Permission denied"}"#),
            "{backend}"
        );
        // A token for another audience is not an admin token, even for an admin.
        let elsewhere = token_for(&s, "root@example.com", crate::helpers::API).await;
        assert_eq!(
            s.get("/api/admin/users", Some(&elsewhere)).await.status,
            401,
            "{backend}"
        );
        let root = token_for(&s, "root@example.com", &aud).await;
        assert_eq!(
            s.get("/api/admin/users", Some(&root)).await.status,
            200,
            "{backend}"
        );
        // A machine client with read only can read, not write.
        let idp = s.server.idp();
        let client = idp
            .create_client("auditor", Some(&aud), 1_800_000_000)
            .await
            .unwrap();
        idp.grant_client(&client.client_id, &aud, &["admin:read"])
            .await
            .unwrap();
        let cc = s
            .post_form(
                "/oauth/token",
                &[
                    ("grant_type", "client_credentials"),
                    ("client_id", &client.client_id),
                    ("client_secret", client.client_secret.expose()),
                ],
            )
            .await;
        let reader = cc.body["access_token"].as_str().unwrap();
        assert_eq!(
            s.get("/api/admin/keys", Some(reader)).await.status,
            200,
            "{backend}"
        );
        let (status, _) = send(
            &s,
            reqwest::Method::POST,
            "/api/admin/keys/rotate",
            reader,
            None,
        )
        .await;
        assert_eq!(status, 403, "{backend}");
    }
}

#[tokio::test]
async fn users_orgs_members_and_keys() {
    for (backend, s) in servers().await {
        s.signup("root@example.com").await;
        s.server
            .idp()
            .assign_role("root@example.com", "portcullis-admin", 1_800_000_000)
            .await
            .unwrap();
        let root = token_for(&s, "root@example.com", &admin_audience(&s)).await;
        use reqwest::Method as M;
        let (status, ada) = send(
            &s,
            M::POST,
            "/api/admin/users",
            &root,
            Some(json!({"email": "Ada@Example.com", "password": "correct horse battery"})),
        )
        .await;
        assert_eq!(
            (status, ada["email"].as_str()),
            (201, Some("ada@example.com")),
            "{backend}"
        );
        for (body, needle) in [
            (
                json!({"password": "correct horse battery"}),
                "email is required",
            ),
            (
                json!({"email": "bob@example.com", "password": "short"}),
                "at least 8",
            ),
        ] {
            let (status, err) = send(&s, M::POST, "/api/admin/users", &root, Some(body)).await;
            assert_eq!(status, 400, "{backend}");
            assert!(
                err["message"].as_str().unwrap().contains(needle),
                "{backend}: {err}"
            );
        }
        let (status, _) = send(
            &s,
            M::POST,
            "/api/admin/users",
            &root,
            Some(json!({"email": "ada@example.com", "password": "correct horse battery"})),
        )
        .await;
        assert_eq!(status, 409, "{backend}");
        let page = s.get("/api/admin/users?limit=1", Some(&root)).await;
        assert_eq!(page.body["items"].as_array().unwrap().len(), 1, "{backend}");
        let after = page.body["next_after"].as_str().unwrap().to_owned();
        let page2 = s
            .get(
                &format!("/api/admin/users?limit=1&after={after}"),
                Some(&root),
            )
            .await;
        assert_eq!(page2.body["items"].as_array().unwrap().len(), 1);
        assert_ne!(page2.body["items"][0]["id"], page.body["items"][0]["id"]);
        for bad in ["limit=0", "limit=201", "limit=x", "limit=1&limit=2"] {
            assert_eq!(
                s.get(&format!("/api/admin/users?{bad}"), Some(&root))
                    .await
                    .status,
                400,
                "{backend}: {bad}"
            );
        }
        let found = s.get("/api/admin/users?search=ada", Some(&root)).await;
        assert_eq!(found.body["items"].as_array().unwrap().len(), 1);
        let id = ada["id"].as_str().unwrap();
        assert_eq!(
            s.get(&format!("/api/admin/users/{id}"), Some(&root))
                .await
                .body["email"],
            "ada@example.com"
        );
        assert_eq!(
            s.get("/api/admin/users/usr_nope", Some(&root)).await.status,
            404,
            "{backend}"
        );
        // Organizations and members.
        let (status, org) = send(&s, M::POST, "/api/admin/orgs", &root, Some(json!({"name": "Acme", "slug": "acme", "owner": "ada@example.com", "metadata": {"plan": "pro"}}))).await;
        assert_eq!(status, 201, "{backend}: {org}");
        assert_eq!(org["metadata"]["plan"], "pro");
        let (status, _) = send(
            &s,
            M::POST,
            "/api/admin/orgs",
            &root,
            Some(json!({"name": "Acme", "slug": "Not A Slug"})),
        )
        .await;
        assert_eq!(status, 400);
        let (status, m) = send(
            &s,
            M::PUT,
            "/api/admin/orgs/acme/members/root@example.com",
            &root,
            Some(json!({"role": "admin"})),
        )
        .await;
        assert_eq!(
            (status, m["role"].as_str()),
            (200, Some("admin")),
            "{backend}"
        );
        let members = s.get("/api/admin/orgs/acme/members", Some(&root)).await;
        assert_eq!(members.body.as_array().unwrap().len(), 2);
        let (status, err) = send(
            &s,
            M::DELETE,
            "/api/admin/orgs/acme/members/ada@example.com",
            &root,
            None,
        )
        .await;
        assert_eq!(status, 409, "{backend}: the last owner stays: {err}");
        let (status, _) = send(
            &s,
            M::DELETE,
            "/api/admin/orgs/acme/members/root@example.com",
            &root,
            None,
        )
        .await;
        assert_eq!(status, 204);
        assert_eq!(s.get("/api/admin/orgs/nope", Some(&root)).await.status, 404);
        // Disabling ends sessions: a live refresh token and a live access token die.
        let live = crate::helpers::login(&s, "ada@example.com", API).await;
        let rotated = refresh(&s, live.body["refresh_token"].as_str().unwrap()).await;
        assert_eq!(rotated.status, 200, "{backend}: {}", rotated.text);
        let refresh_token = rotated.body["refresh_token"].as_str().unwrap();
        let access = rotated.body["access_token"].as_str().unwrap();
        assert_eq!(s.get("/userinfo", Some(access)).await.status, 200);
        let (status, disabled) = send(
            &s,
            M::POST,
            &format!("/api/admin/users/{id}/disable"),
            &root,
            None,
        )
        .await;
        assert_eq!(status, 200, "{backend}");
        assert_eq!(disabled["email"], "ada@example.com");
        let login = s
            .post_json(
                "/api/auth/login",
                &json!({"email": "ada@example.com", "password": "correct horse battery"}),
            )
            .await;
        assert_eq!(login.status, 401, "{backend}");
        // The access token first: a refused refresh revokes the session by itself.
        let r = s.get("/userinfo", Some(access)).await;
        assert_eq!(
            r.status, 401,
            "{backend}: the access token died: {}",
            r.text
        );
        let r = refresh(&s, refresh_token).await;
        assert_eq!(
            (r.status, r.body["error"].as_str()),
            (400, Some("invalid_grant")),
            "{backend}: the refresh token died: {}",
            r.text
        );
        // Keys.
        let (status, staged) = send(
            &s,
            M::POST,
            "/api/admin/keys/rotate",
            &root,
            Some(json!({"publish_delay": 0})),
        )
        .await;
        assert_eq!(
            (status, staged["result"].as_str()),
            (200, Some("staged")),
            "{backend}"
        );
        let (_, promoted) = send(
            &s,
            M::POST,
            "/api/admin/keys/rotate",
            &root,
            Some(json!({"publish_delay": 0})),
        )
        .await;
        assert_eq!(promoted["result"], "promoted");
        let keys = s.get("/api/admin/keys", Some(&root)).await;
        let states: Vec<&str> = keys
            .body
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["state"].as_str().unwrap())
            .collect();
        assert!(
            states.contains(&"active") && states.contains(&"retired"),
            "{backend}: {states:?}"
        );
        assert!(
            keys.text.find("sealed").is_none() && keys.text.find("\"d\"").is_none(),
            "no key material"
        );
        // The old admin token still works: its key stays published.
        assert_eq!(
            s.get("/api/admin/users", Some(&root)).await.status,
            200,
            "{backend}"
        );
    }
}

#[tokio::test]
async fn security_events_are_audited_without_secrets() {
    for (backend, s) in servers().await {
        s.signup("root@example.com").await;
        s.server
            .idp()
            .assign_role("root@example.com", "portcullis-admin", 1_800_000_000)
            .await
            .unwrap();
        let root = token_for(&s, "root@example.com", &admin_audience(&s)).await;
        let bad = s
            .post_json(
                "/api/auth/login",
                &json!({"email": "Root@Example.com", "password": "hunter2-wrong-password"}),
            )
            .await;
        assert_eq!(bad.status, 401);
        let up = s.signup("ada@example.com").await;
        let first = up.body["refresh_token"].as_str().unwrap().to_owned();
        s.post_form(
            "/oauth/token",
            &[("grant_type", "refresh_token"), ("refresh_token", &first)],
        )
        .await;
        s.post_form(
            "/oauth/token",
            &[("grant_type", "refresh_token"), ("refresh_token", &first)],
        )
        .await;
        let (status, _) = send(
            &s,
            reqwest::Method::POST,
            "/api/admin/orgs",
            &root,
            Some(json!({"name": "Acme", "slug": "acme"})),
        )
        .await;
        assert_eq!(status, 201);
        let all = s.get("/api/admin/audit?limit=500", Some(&root)).await;
        assert_eq!(all.status, 200, "{backend}: {}", all.text);
        let actions: Vec<&str> = all.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        for expected in [
            "role.assigned",
            "login.failure",
            "login.success",
            "user.signup",
            "refresh.reuse_detected",
            "org.created",
        ] {
            assert!(
                actions.contains(&expected),
                "{backend}: {expected} missing from {actions:?}"
            );
        }
        assert!(
            !all.text.contains("hunter2") && !all.text.contains(&first),
            "{backend}: no secrets in the audit log"
        );
        let failures = s
            .get("/api/admin/audit?action=login.failure", Some(&root))
            .await;
        let items = failures.body["items"].as_array().unwrap();
        assert_eq!(items.len(), 1, "{backend}");
        assert_eq!(items[0]["target"], "root@example.com");
        let logins = s.get("/api/admin/audit?action=login.", Some(&root)).await;
        assert!(
            logins.body["items"].as_array().unwrap().len() >= 2,
            "{backend}: a prefix matches both outcomes"
        );
        // One event per change, naming the administrator who made it.
        let org_created = all.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["action"] == "org.created")
            .unwrap()
            .clone();
        assert!(
            org_created["actor"].as_str().unwrap().starts_with("usr_"),
            "{backend}: the admin is the actor: {org_created}"
        );
        assert!(
            org_created["target"].as_str().unwrap().starts_with("org_"),
            "{backend}: {org_created}"
        );
        assert!(
            !all.text.contains("\"/api/admin/orgs\""),
            "{backend}: no second event for the same change"
        );
        // Paging is stable: two pages of one cover the first two events in order.
        let p1 = s.get("/api/admin/audit?limit=1", Some(&root)).await;
        let after = p1.body["next_after"].as_str().unwrap();
        let p2 = s
            .get(
                &format!("/api/admin/audit?limit=1&after={after}"),
                Some(&root),
            )
            .await;
        assert_eq!(
            p2.body["items"][0]["id"], all.body["items"][1]["id"],
            "{backend}"
        );
        assert_eq!(
            s.get("/api/admin/audit?limit=0", Some(&root)).await.status,
            400
        );
    }
}

#[tokio::test]
async fn invitations_by_email_are_accepted_by_the_invited_address_only() {
    for (backend, s) in servers().await {
        s.signup("root@example.com").await;
        s.server
            .idp()
            .assign_role("root@example.com", "portcullis-admin", 1_800_000_000)
            .await
            .unwrap();
        let root = token_for(&s, "root@example.com", &admin_audience(&s)).await;
        let (status, _) = send(
            &s,
            reqwest::Method::POST,
            "/api/admin/orgs",
            &root,
            Some(json!({"name": "Acme", "slug": "acme"})),
        )
        .await;
        assert_eq!(status, 201);
        let (status, inv) = send(
            &s,
            reqwest::Method::POST,
            "/api/admin/orgs/acme/invitations",
            &root,
            Some(json!({"email": "New@Example.com", "role": "admin"})),
        )
        .await;
        assert_eq!(
            (status, inv["email"].as_str()),
            (201, Some("new@example.com")),
            "{backend}: {inv}"
        );
        let (status, _) = send(
            &s,
            reqwest::Method::POST,
            "/api/admin/orgs/acme/invitations",
            &root,
            Some(json!({"email": "x@example.com", "role": "wizard"})),
        )
        .await;
        assert_eq!(status, 400, "{backend}: unknown role");
        let mail = s
            .server
            .idp()
            .outbox(Some("new@example.com"), 5)
            .await
            .unwrap();
        let token = mail[0]
            .body
            .split_whitespace()
            .find(|w| w.starts_with("pin_"))
            .unwrap()
            .to_owned();
        // Someone else cannot use it; no token at all is 401.
        s.signup("eve@example.com").await;
        // Accepting takes a token minted for the issuer itself.
        let eve = token_for(&s, "eve@example.com", s.server.issuer()).await;
        let (status, _) = send(
            &s,
            reqwest::Method::POST,
            "/api/auth/invitations/accept",
            &eve,
            Some(json!({"token": token})),
        )
        .await;
        assert_eq!(status, 403, "{backend}");
        let anonymous = s
            .post_json("/api/auth/invitations/accept", &json!({"token": token}))
            .await;
        assert_eq!(anonymous.status, 401);
        // The invited address signs up and accepts; then its login into the org works.
        s.signup("new@example.com").await;
        let new = token_for(&s, "new@example.com", s.server.issuer()).await;
        let (status, m) = send(
            &s,
            reqwest::Method::POST,
            "/api/auth/invitations/accept",
            &new,
            Some(json!({"token": token})),
        )
        .await;
        assert_eq!(
            (status, m["role"].as_str(), m["org_slug"].as_str()),
            (200, Some("admin"), Some("acme")),
            "{backend}: {m}"
        );
        let (status, _) = send(
            &s,
            reqwest::Method::POST,
            "/api/auth/invitations/accept",
            &new,
            Some(json!({"token": token})),
        )
        .await;
        assert_eq!(status, 403, "{backend}: single use");
        let login = s
            .post_json("/api/auth/login", &json!({"email": "new@example.com", "password": "correct horse battery", "organization": "acme"}))
            .await;
        assert_eq!(login.status, 200, "{backend}");
    }
}

#[tokio::test]
async fn each_admin_change_leaves_one_event_naming_the_administrator() {
    for (backend, s) in servers().await {
        let root = crate::helpers::root_token(&s).await;
        let admin_id = s
            .server
            .idp()
            .user_by_email("root@example.com")
            .await
            .unwrap()
            .unwrap()
            .id;
        let rotate = || {
            send(
                &s,
                reqwest::Method::POST,
                "/api/admin/keys/rotate",
                &root,
                Some(json!({"publish_delay": 3600})),
            )
        };
        // A change the domain describes: its event names the administrator.
        let (status, staged) = rotate().await;
        assert_eq!((status, staged["result"].as_str()), (200, Some("staged")));
        // A change that records nothing itself (the staged key must wait): one
        // `admin.change` event, with the method and the path.
        let (status, waiting) = rotate().await;
        assert_eq!((status, waiting["result"].as_str()), (200, Some("waiting")));
        let all = s.get("/api/admin/audit?limit=500", Some(&root)).await;
        let events = all.body["items"].as_array().unwrap();
        let of = |action: &str| -> Vec<&serde_json::Value> {
            events.iter().filter(|e| e["action"] == action).collect()
        };
        let staged = of("key.staged");
        assert_eq!(staged.len(), 1, "{backend}: {}", all.text);
        assert_eq!(staged[0]["actor"], admin_id.as_str(), "{backend}");
        let fallback = of("admin.change");
        assert_eq!(fallback.len(), 1, "{backend}: {}", all.text);
        assert_eq!(fallback[0]["actor"], admin_id.as_str(), "{backend}");
        assert_eq!(fallback[0]["target"], "/api/admin/keys/rotate", "{backend}");
        assert_eq!(fallback[0]["details"]["method"], "POST", "{backend}");
        // Reads leave nothing.
        assert!(
            events.iter().all(|e| e["target"] != "/api/admin/audit"),
            "{backend}"
        );
    }
}
