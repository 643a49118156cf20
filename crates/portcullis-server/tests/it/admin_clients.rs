//! The admin API's clients: created, used, changed, deleted; secrets shown once.

use reqwest::Method as M;
use serde_json::json;

use crate::helpers::{API, reader_token, refused, root_token, send, servers};

#[tokio::test]
async fn clients_created_through_the_api_work_and_never_show_secrets() {
    for (backend, s) in servers().await {
        let root = root_token(&s).await;
        let reader = reader_token(&s).await;
        let machine = json!({"name": "reports", "audience": API, "permissions": ["read:messages"]});
        assert_eq!(
            send(
                &s,
                M::POST,
                "/api/admin/clients",
                &reader,
                Some(machine.clone())
            )
            .await
            .0,
            403
        );
        let res = s
            .http
            .post(s.url("/api/admin/clients"))
            .bearer_auth(&root)
            .json(&machine)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201, "{backend}");
        assert_eq!(res.headers()["cache-control"], "no-store");
        let created: serde_json::Value = res.json().await.unwrap();
        let (id, secret) = (
            created["id"].as_str().unwrap().to_owned(),
            created["client_secret"].as_str().unwrap().to_owned(),
        );
        assert_eq!(created["confidential"], true);
        // The client credentials grant works, with the granted permission.
        let cc = s
            .post_form(
                "/oauth/token",
                &[
                    ("grant_type", "client_credentials"),
                    ("client_id", &id),
                    ("client_secret", &secret),
                ],
            )
            .await;
        assert_eq!(cc.status, 200, "{backend}: {}", cc.text);
        assert_eq!(cc.body["scope"], "read:messages");
        // Never the secret or its hash again.
        let got = s
            .get(&format!("/api/admin/clients/{id}"), Some(&root))
            .await;
        assert_eq!(got.body["name"], "reports", "{backend}");
        let listed = s.get("/api/admin/clients", Some(&root)).await;
        for text in [&got.text, &listed.text] {
            assert!(
                !text.contains(&secret) && !text.contains("secret") && !text.contains("hash"),
                "{backend}: {text}"
            );
        }
        // A public client needs good redirect URIs.
        for (body, needle) in [
            (
                json!({"name": "spa", "type": "public"}),
                "at least one redirect URI",
            ),
            (
                json!({"name": "spa", "type": "public", "redirect_uris": ["http://evil.example/cb"]}),
                "redirect_uris",
            ),
            (
                json!({"name": "spa", "type": "public", "redirect_uris": ["https://app.example.com/cb#x"]}),
                "redirect_uris",
            ),
            (
                json!({"name": "spa", "redirect_uris": ["https://app.example.com/cb"], "post_logout_redirect_uris": ["javascript:alert(1)"]}),
                "post_logout_redirect_uris",
            ),
            (
                json!({"name": "spa", "redirect_uris": "https://app.example.com/cb"}),
                "redirect_uris",
            ),
            (
                json!({"name": "spa", "type": "public", "redirect_uris": ["https://app.example.com/cb"], "audience": API, "permissions": ["read:messages"]}),
                "confidential",
            ),
            (json!({"name": "x", "type": "secret"}), "type"),
            (
                json!({"name": "x", "audience": "https://nope.example.com"}),
                "audience",
            ),
            (
                json!({"name": "x", "audience": API, "permissions": ["write:nope"]}),
                "write:nope",
            ),
            (
                json!({"name": "x", "permissions": ["read:messages"]}),
                "audience",
            ),
            (json!({"name": ""}), "name is required"),
            (json!({"name": "n".repeat(201)}), "name"),
            (
                json!({"name": "x", "secret": "mine"}),
                "unknown field secret",
            ),
        ] {
            let (status, message) =
                refused(&s, M::POST, "/api/admin/clients", &root, Some(body.clone())).await;
            assert_eq!(status, 400, "{backend}: {body}");
            assert!(message.contains(needle), "{backend}: {body}: {message}");
        }
        let (status, spa) = send(
            &s,
            M::POST,
            "/api/admin/clients",
            &root,
            Some(json!({"name": "spa", "type": "public", "redirect_uris": ["http://localhost:4040/cb"]})),
        )
        .await;
        assert_eq!(status, 201, "{backend}: {spa}");
        assert!(spa["client_secret"].is_null() && spa["confidential"] == false);
        // Updates replace the lists.
        let spa_path = format!("/api/admin/clients/{}", spa["id"].as_str().unwrap());
        let (status, updated) = send(
            &s,
            M::PATCH,
            &spa_path,
            &root,
            Some(json!({"name": "SPA", "redirect_uris": ["https://app.example.com/cb"], "post_logout_redirect_uris": ["https://app.example.com/"]})),
        )
        .await;
        assert_eq!(status, 200, "{backend}: {updated}");
        assert_eq!(
            (
                &updated["name"],
                &updated["redirect_uris"],
                &updated["post_logout_redirect_uris"]
            ),
            (
                &json!("SPA"),
                &json!(["https://app.example.com/cb"]),
                &json!(["https://app.example.com/"])
            )
        );
        for body in [
            json!({}),
            json!({"redirect_uris": []}),
            json!({"redirect_uris": ["http://evil.example/"]}),
            json!({"name": ""}),
            json!({"audience": API}),
        ] {
            assert_eq!(
                send(&s, M::PATCH, &spa_path, &root, Some(body.clone()))
                    .await
                    .0,
                400,
                "{backend}: {body}"
            );
        }
        assert_eq!(
            send(
                &s,
                M::PATCH,
                "/api/admin/clients/cli_nope",
                &root,
                Some(json!({"name": "x"}))
            )
            .await
            .0,
            404
        );
        // Paging: the reader's client, reports, spa.
        let p1 = s.get("/api/admin/clients?limit=2", Some(&root)).await;
        let after = p1.body["next_after"].as_str().unwrap();
        let p2 = s
            .get(
                &format!("/api/admin/clients?limit=2&after={after}"),
                Some(&root),
            )
            .await;
        assert_eq!(
            (
                p1.body["items"].as_array().unwrap().len(),
                p2.body["items"].as_array().unwrap().len()
            ),
            (2, 1),
            "{backend}"
        );
        assert_eq!(
            s.get("/api/admin/clients?limit=0", Some(&root))
                .await
                .status,
            400
        );
        // Deleted: its credentials stop working.
        let path = format!("/api/admin/clients/{id}");
        assert_eq!(send(&s, M::DELETE, &path, &reader, None).await.0, 403);
        assert_eq!(
            send(&s, M::DELETE, &path, &root, None).await.0,
            204,
            "{backend}"
        );
        assert_eq!(send(&s, M::DELETE, &path, &root, None).await.0, 404);
        assert_eq!(s.get(&path, Some(&root)).await.status, 404);
        let cc = s
            .post_form(
                "/oauth/token",
                &[
                    ("grant_type", "client_credentials"),
                    ("client_id", &id),
                    ("client_secret", &secret),
                ],
            )
            .await;
        assert_eq!(cc.status, 401, "{backend}");
    }
}
