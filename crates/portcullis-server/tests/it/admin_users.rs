//! The admin API's user changes, deletion and sessions, and members leaving an
//! organization with their own token.

use reqwest::Method as M;
use serde_json::json;

use crate::helpers::{API, reader_token, refresh, refused, root_token, send, servers};

#[tokio::test]
async fn users_are_changed_re_enabled_and_checked_field_by_field() {
    for (backend, s) in servers().await {
        let root = root_token(&s).await;
        let ada = s.signup("ada@example.com").await.body["user"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        s.signup("bob@example.com").await;
        let path = format!("/api/admin/users/{ada}");
        // Who may.
        let anonymous = s
            .http
            .patch(s.url(&path))
            .json(&json!({"name": "x"}))
            .send()
            .await
            .unwrap();
        assert_eq!(anonymous.status(), 401, "{backend}");
        let reader = reader_token(&s).await;
        let (status, _) = send(&s, M::PATCH, &path, &reader, Some(json!({"name": "x"}))).await;
        assert_eq!(status, 403, "{backend}: reading is not writing");
        // Name: set, then cleared with null.
        let (status, user) = send(
            &s,
            M::PATCH,
            &path,
            &root,
            Some(json!({"name": " Ada L. "})),
        )
        .await;
        assert_eq!(
            (status, user["name"].as_str()),
            (200, Some("Ada L.")),
            "{backend}"
        );
        assert_eq!(user["disabled"], false);
        let (_, user) = send(&s, M::PATCH, &path, &root, Some(json!({"name": null}))).await;
        assert!(user["name"].is_null(), "{backend}: {user}");
        // Email: normalized, unverified again, unique.
        s.server.idp().mark_email_verified(&ada, 1).await.unwrap();
        let (status, user) = send(
            &s,
            M::PATCH,
            &path,
            &root,
            Some(json!({"email": " Ada.New@Example.COM "})),
        )
        .await;
        assert_eq!(
            (
                status,
                user["email"].as_str(),
                user["email_verified"].as_bool()
            ),
            (200, Some("ada.new@example.com"), Some(false)),
            "{backend}: {user}"
        );
        let (status, message) = refused(
            &s,
            M::PATCH,
            &path,
            &root,
            Some(json!({"email": "BOB@example.com"})),
        )
        .await;
        assert_eq!(status, 409, "{backend}");
        assert!(message.contains("already exists"), "{backend}: {message}");
        // Every field refuses bad input with a message naming it.
        for (body, needle) in [
            (json!({"email": "not-an-email"}), "email"),
            (json!({"email": null}), "email"),
            (json!({"email": 7}), "email"),
            (json!({"name": "n".repeat(201)}), "name"),
            (json!({"name": "two\nlines"}), "name"),
            (json!({"name": 5}), "name"),
            (json!({"disabled": "yes"}), "disabled"),
            (json!({"emial": "typo@example.com"}), "unknown field emial"),
            (json!({}), "nothing to change"),
            (json!([1]), "JSON object"),
        ] {
            let (status, message) = refused(&s, M::PATCH, &path, &root, Some(body.clone())).await;
            assert_eq!(status, 400, "{backend}: {body}");
            assert!(message.contains(needle), "{backend}: {body}: {message}");
        }
        let (status, message) = refused(
            &s,
            M::PATCH,
            "/api/admin/users/usr_nope",
            &root,
            Some(json!({"name": "x"})),
        )
        .await;
        assert_eq!((status, message.as_str()), (404, "user not found"));
        // Disabled, then enabled again.
        let password_login =
            json!({"email": "ada.new@example.com", "password": "correct horse battery"});
        let live = s.post_json("/api/auth/login", &password_login).await;
        assert_eq!(live.status, 200, "{backend}: {}", live.text);
        let (_, user) = send(&s, M::PATCH, &path, &root, Some(json!({"disabled": true}))).await;
        assert_eq!(user["disabled"], true, "{backend}");
        let r = s.post_json("/api/auth/login", &password_login).await;
        assert_eq!(r.status, 401, "{backend}");
        // The access token first: a refused refresh revokes the session by itself.
        let access = live.body["access_token"].as_str().unwrap();
        let r = s.get("/userinfo", Some(access)).await;
        assert_eq!(r.status, 401, "{backend}: the live access token died");
        let r = refresh(&s, live.body["refresh_token"].as_str().unwrap()).await;
        assert_eq!(r.status, 400, "{backend}: the live refresh token died");
        let (status, user) =
            send(&s, M::PATCH, &path, &root, Some(json!({"disabled": false}))).await;
        assert_eq!(
            (status, &user["disabled"]),
            (200, &json!(false)),
            "{backend}"
        );
        let r = s.post_json("/api/auth/login", &password_login).await;
        assert_eq!(r.status, 200, "{backend}");
    }
}

#[tokio::test]
async fn deleting_a_user_removes_what_hangs_off_them() {
    for (backend, s) in servers().await {
        let root = root_token(&s).await;
        let up = s.signup("ada@example.com").await;
        let ada = up.body["user"]["id"].as_str().unwrap().to_owned();
        let refresh_token = up.body["refresh_token"].as_str().unwrap().to_owned();
        let access = up.body["access_token"].as_str().unwrap().to_owned();
        s.signup("bob@example.com").await;
        let (status, _) = send(
            &s,
            M::POST,
            "/api/admin/orgs",
            &root,
            Some(json!({"name": "Acme", "slug": "acme", "owner": "ada@example.com"})),
        )
        .await;
        assert_eq!(status, 201, "{backend}");
        let (status, _) = send(
            &s,
            M::POST,
            "/api/admin/api-keys",
            &root,
            Some(json!({"name": "ci", "user": ada})),
        )
        .await;
        assert_eq!(status, 201, "{backend}");
        s.server
            .idp()
            .assign_role(&ada, "admin", 1_800_000_000)
            .await
            .unwrap();
        let path = format!("/api/admin/users/{ada}");
        let reader = reader_token(&s).await;
        assert_eq!(send(&s, M::DELETE, &path, &reader, None).await.0, 403);
        // The last owner of an organization stays.
        let (status, message) = refused(&s, M::DELETE, &path, &root, None).await;
        assert_eq!(status, 409, "{backend}");
        assert!(
            message.contains("last owner of acme"),
            "{backend}: {message}"
        );
        let (status, _) = send(
            &s,
            M::PUT,
            "/api/admin/orgs/acme/members/bob@example.com",
            &root,
            Some(json!({"role": "owner"})),
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(
            send(&s, M::DELETE, &path, &root, None).await.0,
            204,
            "{backend}"
        );
        // Gone, with their session, membership and keys.
        assert_eq!(s.get(&path, Some(&root)).await.status, 404, "{backend}");
        assert_eq!(send(&s, M::DELETE, &path, &root, None).await.0, 404);
        let r = refresh(&s, &refresh_token).await;
        assert_eq!(r.status, 400, "{backend}: {}", r.text);
        assert_eq!(s.get("/userinfo", Some(&access)).await.status, 401);
        let members = s.get("/api/admin/orgs/acme/members", Some(&root)).await;
        assert_eq!(members.body.as_array().unwrap().len(), 1, "{backend}");
        let idp = s.server.idp();
        assert!(idp.api_keys_of(Some(&ada), None).await.unwrap().is_empty());
        assert!(idp.user_roles(&ada).await.unwrap().is_empty());
        // The address is free again.
        s.signup("ada@example.com").await;
    }
}

#[tokio::test]
async fn sessions_are_listed_without_secrets_and_revoked() {
    for (backend, s) in servers().await {
        let root = root_token(&s).await;
        let first = s.signup("ada@example.com").await;
        let ada = first.body["user"]["id"].as_str().unwrap().to_owned();
        let mut tokens = vec![first.body["refresh_token"].as_str().unwrap().to_owned()];
        for _ in 0..2 {
            let r = crate::helpers::login(&s, "ada@example.com", API).await;
            tokens.push(r.body["refresh_token"].as_str().unwrap().to_owned());
        }
        // One session is refreshed: it has a last use, and its new token replaces it.
        let rotated = refresh(&s, &tokens[2]).await;
        assert_eq!(rotated.status, 200, "{backend}: {}", rotated.text);
        tokens[2] = rotated.body["refresh_token"].as_str().unwrap().to_owned();
        let path = format!("/api/admin/users/{ada}/sessions");
        let list = s.get(&path, Some(&root)).await;
        assert_eq!(list.status, 200, "{backend}: {}", list.text);
        let items = list.body["items"].as_array().unwrap().clone();
        assert_eq!(items.len(), 3, "{backend}");
        assert!(
            items
                .iter()
                .all(|i| i["id"].as_str().unwrap().starts_with("ses_")
                    && i["client_id"] == "first-party"
                    && i["expires_at"].as_i64() > i["created_at"].as_i64()),
            "{backend}: {items:?}"
        );
        assert_eq!(
            items
                .iter()
                .filter(|i| !i["last_used_at"].is_null())
                .count(),
            1,
            "{backend}"
        );
        assert!(
            tokens.iter().all(|t| !list.text.contains(t.as_str())) && !list.text.contains("hash"),
            "{backend}: no token material"
        );
        // Paging and its bounds.
        let p1 = s.get(&format!("{path}?limit=2"), Some(&root)).await;
        let after = p1.body["next_after"].as_str().unwrap();
        let p2 = s
            .get(&format!("{path}?limit=2&after={after}"), Some(&root))
            .await;
        assert_eq!(p2.body["items"].as_array().unwrap().len(), 1, "{backend}");
        assert!(p2.body["next_after"].is_null());
        for bad in [
            "limit=0",
            "limit=201",
            "limit=x",
            "after=a&after=b",
            "colour=red",
        ] {
            let r = s.get(&format!("{path}?{bad}"), Some(&root)).await;
            assert_eq!(r.status, 400, "{backend}: {bad}");
            assert!(r.body["message"].is_string());
        }
        assert_eq!(
            s.get("/api/admin/users/usr_nope/sessions", Some(&root))
                .await
                .status,
            404
        );
        assert_eq!(s.get(&path, None).await.status, 401);
        // Revoking one: its refresh token stops working, the others do not.
        let reader = reader_token(&s).await;
        let one = format!("{path}/{}", items[0]["id"].as_str().unwrap());
        assert_eq!(send(&s, M::DELETE, &one, &reader, None).await.0, 403);
        assert_eq!(
            send(&s, M::DELETE, &one, &root, None).await.0,
            204,
            "{backend}"
        );
        assert_eq!(
            send(&s, M::DELETE, &one, &root, None).await.0,
            204,
            "idempotent"
        );
        let left = s.get(&path, Some(&root)).await;
        assert_eq!(left.body["items"].as_array().unwrap().len(), 2, "{backend}");
        let outcomes: Vec<u16> = {
            let mut v = Vec::new();
            for t in &tokens {
                v.push(refresh(&s, t).await.status);
            }
            v
        };
        assert_eq!(
            outcomes.iter().filter(|st| **st == 400).count(),
            1,
            "{backend}: exactly the revoked one fails: {outcomes:?}"
        );
        let (status, message) =
            refused(&s, M::DELETE, &format!("{path}/ses_nope"), &root, None).await;
        assert_eq!((status, message.as_str()), (404, "session not found"));
        // Someone else's session is not found under this user.
        let bob = s.signup("bob@example.com").await;
        let bob_id = bob.body["user"]["id"].as_str().unwrap();
        let bobs = s
            .get(&format!("/api/admin/users/{bob_id}/sessions"), Some(&root))
            .await;
        let bob_session = bobs.body["items"][0]["id"].as_str().unwrap().to_owned();
        assert_eq!(
            send(&s, M::DELETE, &format!("{path}/{bob_session}"), &root, None)
                .await
                .0,
            404,
            "{backend}"
        );
        // Revoking all: every refresh token fails, nothing is listed.
        let live = s.get(&path, Some(&root)).await;
        assert_eq!(live.body["items"].as_array().unwrap().len(), 2);
        assert_eq!(send(&s, M::DELETE, &path, &reader, None).await.0, 403);
        assert_eq!(
            send(&s, M::DELETE, &path, &root, None).await.0,
            204,
            "{backend}"
        );
        let after_all = s.get(&path, Some(&root)).await;
        assert!(
            after_all.body["items"].as_array().unwrap().is_empty(),
            "{backend}"
        );
        let bob_refresh = bob.body["refresh_token"].as_str().unwrap();
        assert_eq!(
            refresh(&s, bob_refresh).await.status,
            200,
            "{backend}: bob keeps his"
        );
    }
}

#[tokio::test]
async fn members_leave_organizations_with_their_own_token() {
    for (backend, s) in servers().await {
        let root = root_token(&s).await;
        s.signup("ada@example.com").await;
        s.signup("bob@example.com").await;
        for (path, body) in [
            (
                "/api/admin/orgs",
                json!({"name": "Acme", "slug": "acme", "owner": "ada@example.com"}),
            ),
            ("/api/admin/orgs", json!({"name": "Other", "slug": "other"})),
        ] {
            assert_eq!(send(&s, M::POST, path, &root, Some(body)).await.0, 201);
        }
        let (status, _) = send(
            &s,
            M::PUT,
            "/api/admin/orgs/acme/members/bob@example.com",
            &root,
            Some(json!({"role": "member"})),
        )
        .await;
        assert_eq!(status, 200);
        // Bob signs in into the organization, then leaves it.
        let in_org = s
            .post_json(
                "/api/auth/login",
                &json!({"email": "bob@example.com", "password": "correct horse battery", "organization": "acme"}),
            )
            .await;
        assert_eq!(in_org.status, 200, "{backend}");
        let bob = in_org.body["access_token"].as_str().unwrap().to_owned();
        let bob_refresh = in_org.body["refresh_token"].as_str().unwrap().to_owned();
        let leave = "/api/auth/orgs/acme/leave";
        let anonymous = s.post_json(leave, &json!({})).await;
        assert_eq!(
            (anonymous.status, anonymous.body["message"].as_str()),
            (401, Some("Requires authentication")),
            "{backend}"
        );
        assert_eq!(send(&s, M::POST, leave, "not.a.token", None).await.0, 401);
        assert_eq!(
            send(&s, M::POST, "/api/auth/orgs/other/leave", &bob, None)
                .await
                .0,
            404,
            "{backend}: not a member"
        );
        assert_eq!(
            send(&s, M::POST, "/api/auth/orgs/nope/leave", &bob, None)
                .await
                .0,
            404
        );
        assert_eq!(
            send(&s, M::POST, leave, &bob, None).await.0,
            204,
            "{backend}"
        );
        let members = s.get("/api/admin/orgs/acme/members", Some(&root)).await;
        assert_eq!(members.body.as_array().unwrap().len(), 1, "{backend}");
        assert_eq!(send(&s, M::POST, leave, &bob, None).await.0, 404);
        let r = refresh(&s, &bob_refresh).await;
        assert_eq!(r.status, 400, "{backend}: the organization's session ends");
        // The last owner cannot leave.
        let ada = crate::helpers::token_for(&s, "ada@example.com", s.server.issuer()).await;
        let (status, message) = refused(&s, M::POST, leave, &ada, None).await;
        assert_eq!(status, 409, "{backend}");
        assert!(message.contains("at least one owner"), "{message}");
        let audit = s
            .get("/api/admin/audit?action=org.member_left", Some(&root))
            .await;
        assert_eq!(
            audit.body["items"].as_array().unwrap().len(),
            1,
            "{backend}"
        );
    }
}
