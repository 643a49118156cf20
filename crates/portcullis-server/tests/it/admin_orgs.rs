//! `/api/admin/orgs` listing and the pending invitations of an organization: listed,
//! withdrawn (the link then fails), bounded and checked input.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestServer, admin_audience, send, servers, token_for};

async fn root(s: &TestServer) -> String {
    s.signup("root@example.com").await;
    s.server
        .idp()
        .assign_role("root@example.com", "portcullis-admin", 1_800_000_000)
        .await
        .unwrap();
    token_for(s, "root@example.com", &admin_audience(s)).await
}

fn slugs(page: &Value) -> Vec<&str> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["slug"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn organizations_are_listed_page_by_page_and_searched() {
    for (backend, s) in servers().await {
        let root = root(&s).await;
        for (name, slug) in [
            ("Acme", "acme"),
            ("Globex", "globex"),
            ("Acme Labs", "labs"),
        ] {
            let (status, _) = send(
                &s,
                Method::POST,
                "/api/admin/orgs",
                &root,
                Some(json!({"name": name, "slug": slug})),
            )
            .await;
            assert_eq!(status, 201, "{backend}");
        }
        let (status, first) = send(&s, Method::GET, "/api/admin/orgs?limit=2", &root, None).await;
        assert_eq!(status, 200, "{backend}: {first}");
        assert_eq!(slugs(&first).len(), 2, "{backend}: {first}");
        let after = first["next_after"].as_str().unwrap();
        let (_, second) = send(
            &s,
            Method::GET,
            &format!("/api/admin/orgs?limit=2&after={after}"),
            &root,
            None,
        )
        .await;
        let mut all = slugs(&first);
        all.extend(slugs(&second));
        all.sort_unstable();
        assert_eq!(all, ["acme", "globex", "labs"], "{backend}: each once");
        assert!(second["next_after"].is_null(), "{backend}: the last page");
        let (_, found) = send(&s, Method::GET, "/api/admin/orgs?search=ACME", &root, None).await;
        let mut found = slugs(&found);
        found.sort_unstable();
        assert_eq!(found, ["acme", "labs"], "{backend}: name, any case");
        let (_, none) = send(&s, Method::GET, "/api/admin/orgs?search=%25", &root, None).await;
        assert_eq!(slugs(&none), Vec::<&str>::new(), "{backend}: % is literal");
        for bad in [
            "limit=0",
            "limit=201",
            "limit=x",
            "sort=name",
            "limit=1&limit=2",
        ] {
            let (status, body) = send(
                &s,
                Method::GET,
                &format!("/api/admin/orgs?{bad}"),
                &root,
                None,
            )
            .await;
            assert_eq!(status, 400, "{backend}: {bad}: {body}");
        }
    }
}

#[tokio::test]
async fn pending_invitations_are_listed_and_withdrawn() {
    for (backend, s) in servers().await {
        let root = root(&s).await;
        send(
            &s,
            Method::POST,
            "/api/admin/orgs",
            &root,
            Some(json!({"name": "Acme", "slug": "acme"})),
        )
        .await;
        for email in ["a@example.com", "b@example.com"] {
            let (status, _) = send(
                &s,
                Method::POST,
                "/api/admin/orgs/acme/invitations",
                &root,
                Some(json!({"email": email})),
            )
            .await;
            assert_eq!(status, 201, "{backend}");
        }
        let (status, list) = send(
            &s,
            Method::GET,
            "/api/admin/orgs/acme/invitations",
            &root,
            None,
        )
        .await;
        assert_eq!(status, 200, "{backend}: {list}");
        let items = list["items"].as_array().unwrap();
        assert_eq!(items.len(), 2, "{backend}");
        assert!(
            items
                .iter()
                .all(|i| i["role"] == "member" && i["expires_at"].is_i64()),
            "{backend}: {list}"
        );
        assert!(
            !list.to_string().contains("pin_"),
            "{backend}: no token in the list"
        );
        let b = items
            .iter()
            .find(|i| i["email"] == "b@example.com")
            .unwrap();
        let id = b["id"].as_str().unwrap();
        let path = format!("/api/admin/orgs/acme/invitations/{id}");
        assert_eq!(send(&s, Method::DELETE, &path, &root, None).await.0, 204);
        assert_eq!(
            send(&s, Method::DELETE, &path, &root, None).await.0,
            404,
            "{backend}: already withdrawn"
        );
        let (_, list) = send(
            &s,
            Method::GET,
            "/api/admin/orgs/acme/invitations",
            &root,
            None,
        )
        .await;
        assert_eq!(list["items"].as_array().unwrap().len(), 1, "{backend}");
        // The withdrawn link no longer works for the invited address.
        let mail = s
            .server
            .idp()
            .outbox(Some("b@example.com"), 5)
            .await
            .unwrap();
        let token = mail[0]
            .body
            .split_whitespace()
            .find(|w| w.starts_with("pin_"))
            .unwrap()
            .to_owned();
        s.signup("b@example.com").await;
        // Accepting takes a token minted for the issuer itself.
        let bob = token_for(&s, "b@example.com", s.server.issuer()).await;
        let (status, body) = send(
            &s,
            Method::POST,
            "/api/auth/invitations/accept",
            &bob,
            Some(json!({"token": token})),
        )
        .await;
        assert!(
            (400..500).contains(&status) && status != 401,
            "{backend}: {status} {body}"
        );
        // Unknown organization, foreign id, stray parameters.
        assert_eq!(
            send(
                &s,
                Method::GET,
                "/api/admin/orgs/nope/invitations",
                &root,
                None
            )
            .await
            .0,
            404
        );
        assert_eq!(
            send(
                &s,
                Method::DELETE,
                "/api/admin/orgs/acme/invitations/abc",
                &root,
                None
            )
            .await
            .0,
            404
        );
        assert_eq!(
            send(
                &s,
                Method::GET,
                "/api/admin/orgs/acme/invitations?limit=5",
                &root,
                None
            )
            .await
            .0,
            400
        );
    }
}
