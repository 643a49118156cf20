//! The admin API's APIs, permissions and roles.

use reqwest::Method as M;
use serde_json::json;

use crate::helpers::{
    API, admin_audience, reader_token, refused, root_token, send, servers, token_for,
};

async fn permissions_of(s: &crate::helpers::TestServer, token: &str) -> serde_json::Value {
    let claims = s.server.idp().verify_access_token(token, now()).await;
    claims.unwrap().unwrap()["permissions"].clone()
}

fn now() -> i64 {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    i64::try_from(since.unwrap().as_secs()).unwrap()
}

/// The `segment` of a path for an API identifier.
fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn apis_and_their_permissions() {
    for (backend, s) in servers().await {
        let root = root_token(&s).await;
        let reader = reader_token(&s).await;
        let create = json!({"identifier": "https://orders.example.com", "name": "Orders", "permissions": ["read:orders"]});
        assert_eq!(
            send(
                &s,
                M::POST,
                "/api/admin/apis",
                &reader,
                Some(create.clone())
            )
            .await
            .0,
            403
        );
        let (status, api) = send(&s, M::POST, "/api/admin/apis", &root, Some(create.clone())).await;
        assert_eq!(status, 201, "{backend}: {api}");
        assert!(api["id"].as_str().unwrap().starts_with("api_"));
        let (status, message) = refused(&s, M::POST, "/api/admin/apis", &root, Some(create)).await;
        assert_eq!(status, 409, "{backend}");
        assert!(message.contains("already exists"), "{message}");
        for (body, needle) in [
            (json!({"name": "x"}), "identifier is required"),
            (json!({"identifier": "has space"}), "identifier"),
            (json!({"identifier": "x".repeat(501)}), "identifier"),
            (
                json!({"identifier": "https://a.example", "name": "n".repeat(201)}),
                "name",
            ),
            (
                json!({"identifier": "https://a.example", "permissions": ["bad perm"]}),
                "permission",
            ),
            (
                json!({"identifier": "https://a.example", "permissions": "read"}),
                "permissions",
            ),
            (
                json!({"identifier": "https://a.example", "scopes": []}),
                "unknown field scopes",
            ),
        ] {
            let (status, message) =
                refused(&s, M::POST, "/api/admin/apis", &root, Some(body.clone())).await;
            assert_eq!(status, 400, "{backend}: {body}");
            assert!(message.contains(needle), "{backend}: {body}: {message}");
        }
        // By id or by (encoded) identifier.
        let id = api["id"].as_str().unwrap();
        let by_id = s.get(&format!("/api/admin/apis/{id}"), Some(&root)).await;
        let by_identifier = s
            .get(
                &format!("/api/admin/apis/{}", enc("https://orders.example.com")),
                Some(&root),
            )
            .await;
        assert_eq!(by_id.body, by_identifier.body, "{backend}");
        assert_eq!(by_id.body["name"], "Orders");
        assert_eq!(
            s.get("/api/admin/apis/api_nope", Some(&root)).await.status,
            404
        );
        // Paging: the hello API, the admin API, orders.
        let p1 = s.get("/api/admin/apis?limit=2", Some(&root)).await;
        assert_eq!(p1.body["items"].as_array().unwrap().len(), 2, "{backend}");
        let after = p1.body["next_after"].as_str().unwrap();
        let p2 = s
            .get(
                &format!("/api/admin/apis?limit=2&after={}", enc(after)),
                Some(&root),
            )
            .await;
        assert_eq!(p2.body["items"].as_array().unwrap().len(), 1, "{backend}");
        for bad in ["limit=0", "limit=201", "search=x"] {
            assert_eq!(
                s.get(&format!("/api/admin/apis?{bad}"), Some(&root))
                    .await
                    .status,
                400
            );
        }
        // Permissions.
        let perms = format!("/api/admin/apis/{id}/permissions");
        let (status, p) = send(
            &s,
            M::POST,
            &perms,
            &root,
            Some(json!({"name": "write:orders", "description": " Place orders "})),
        )
        .await;
        assert_eq!(status, 201, "{backend}: {p}");
        assert_eq!(p["description"], "Place orders");
        assert_eq!(
            refused(
                &s,
                M::POST,
                &perms,
                &root,
                Some(json!({"name": "write:orders"}))
            )
            .await
            .0,
            409
        );
        for body in [
            json!({"name": "with space"}),
            json!({}),
            json!({"name": "ok", "description": "d".repeat(501)}),
        ] {
            assert_eq!(
                send(&s, M::POST, &perms, &root, Some(body.clone())).await.0,
                400,
                "{backend}: {body}"
            );
        }
        assert_eq!(
            send(
                &s,
                M::POST,
                "/api/admin/apis/api_nope/permissions",
                &root,
                Some(json!({"name": "x"}))
            )
            .await
            .0,
            404
        );
        let list = s.get(&format!("{perms}?limit=1"), Some(&root)).await;
        assert_eq!(list.body["items"][0]["name"], "read:orders", "{backend}");
        assert_eq!(list.body["next_after"], "read:orders");
        let one = format!("{perms}/write:orders");
        assert_eq!(send(&s, M::DELETE, &one, &root, None).await.0, 204);
        assert_eq!(send(&s, M::DELETE, &one, &root, None).await.0, 404);
        // The admin API stays.
        let admin = format!("/api/admin/apis/{}", enc(&admin_audience(&s)));
        let (status, message) = refused(&s, M::DELETE, &admin, &root, None).await;
        assert_eq!(status, 409, "{backend}: {message}");
        assert_eq!(
            send(
                &s,
                M::DELETE,
                &format!("{admin}/permissions/admin:read"),
                &root,
                None
            )
            .await
            .0,
            409
        );
        // Deleting an API.
        assert_eq!(
            send(
                &s,
                M::DELETE,
                &format!("/api/admin/apis/{id}"),
                &reader,
                None
            )
            .await
            .0,
            403
        );
        assert_eq!(
            send(&s, M::DELETE, &format!("/api/admin/apis/{id}"), &root, None)
                .await
                .0,
            204
        );
        assert_eq!(
            s.get(&format!("/api/admin/apis/{id}"), Some(&root))
                .await
                .status,
            404
        );
        assert_eq!(
            send(&s, M::DELETE, &format!("/api/admin/apis/{id}"), &root, None)
                .await
                .0,
            404
        );
    }
}

#[tokio::test]
async fn roles_grant_permissions_to_their_users() {
    for (backend, s) in servers().await {
        let root = root_token(&s).await;
        s.signup("ada@example.com").await;
        let (status, role) = send(
            &s,
            M::POST,
            "/api/admin/roles",
            &root,
            Some(json!({"name": "reader", "description": "Reads messages"})),
        )
        .await;
        assert_eq!(status, 201, "{backend}: {role}");
        assert_eq!(role["permissions"], json!([]));
        assert_eq!(
            refused(
                &s,
                M::POST,
                "/api/admin/roles",
                &root,
                Some(json!({"name": "reader"}))
            )
            .await
            .0,
            409,
            "{backend}"
        );
        for body in [
            json!({}),
            json!({"name": "   "}),
            json!({"name": "r".repeat(101)}),
            json!({"name": "x", "description": 3}),
            json!({"name": "x", "api": API}),
        ] {
            assert_eq!(
                send(&s, M::POST, "/api/admin/roles", &root, Some(body.clone()))
                    .await
                    .0,
                400,
                "{backend}: {body}"
            );
        }
        // Grant a permission of the API (by encoded identifier or id).
        let grant = format!(
            "/api/admin/roles/reader/permissions/{}/read:messages",
            enc(API)
        );
        let (status, role) = send(&s, M::PUT, &grant, &root, None).await;
        assert_eq!(status, 200, "{backend}: {role}");
        assert_eq!(
            role["permissions"],
            json!([{"api": API, "permission": "read:messages"}])
        );
        assert_eq!(
            send(&s, M::PUT, &grant, &root, None).await.0,
            200,
            "idempotent"
        );
        for (path, what) in [
            (
                format!("/api/admin/roles/reader/permissions/{}/nope", enc(API)),
                "permission not found",
            ),
            (
                "/api/admin/roles/reader/permissions/api_nope/read:messages".to_owned(),
                "API not found",
            ),
            (
                format!(
                    "/api/admin/roles/nope/permissions/{}/read:messages",
                    enc(API)
                ),
                "role not found",
            ),
        ] {
            assert_eq!(
                refused(&s, M::PUT, &path, &root, None).await,
                (404, what.to_owned()),
                "{backend}"
            );
        }
        // Assigned to a user: their tokens carry it; unassigned: it goes.
        let assign = "/api/admin/users/ada@example.com/roles/reader";
        assert_eq!(
            send(&s, M::PUT, assign, &root, None).await.0,
            204,
            "{backend}"
        );
        let token = token_for(&s, "ada@example.com", API).await;
        assert_eq!(
            permissions_of(&s, &token).await,
            json!(["read:messages"]),
            "{backend}"
        );
        assert_eq!(
            send(
                &s,
                M::PUT,
                "/api/admin/users/usr_nope/roles/reader",
                &root,
                None
            )
            .await
            .0,
            404
        );
        assert_eq!(send(&s, M::DELETE, assign, &root, None).await.0, 204);
        assert_eq!(
            send(&s, M::DELETE, assign, &root, None).await.0,
            404,
            "{backend}"
        );
        let token = token_for(&s, "ada@example.com", API).await;
        assert_eq!(permissions_of(&s, &token).await, json!([]), "{backend}");
        // Revoking a grant, listing, deleting.
        assert_eq!(send(&s, M::DELETE, &grant, &root, None).await.0, 204);
        assert_eq!(send(&s, M::DELETE, &grant, &root, None).await.0, 404);
        let list = s.get("/api/admin/roles?limit=1", Some(&root)).await;
        assert_eq!(list.body["items"][0]["name"], "admin", "{backend}");
        let after = list.body["next_after"].as_str().unwrap();
        let next = s
            .get(
                &format!("/api/admin/roles?limit=5&after={after}"),
                Some(&root),
            )
            .await;
        let names: Vec<&str> = next.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["portcullis-admin", "reader"], "{backend}");
        let (status, message) = refused(
            &s,
            M::DELETE,
            "/api/admin/roles/portcullis-admin",
            &root,
            None,
        )
        .await;
        assert_eq!(status, 409, "{backend}: {message}");
        let id = role["id"].as_str().unwrap();
        assert_eq!(
            send(
                &s,
                M::DELETE,
                &format!("/api/admin/roles/{id}"),
                &root,
                None
            )
            .await
            .0,
            204
        );
        assert_eq!(
            s.get("/api/admin/roles/reader", Some(&root)).await.status,
            404
        );
    }
}
