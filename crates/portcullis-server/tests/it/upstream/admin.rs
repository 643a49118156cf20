//! The admin API of connections and identities: what it shows, what it refuses.

use portcullis_server::Clock;
use reqwest::Method;
use serde_json::json;

use super::fake::FakeProvider;
use super::{fake_clock, servers, through_fake};
use crate::browser::{Browser, setup};
use crate::helpers::{reader_token, refused, root_token, send};

#[tokio::test]
async fn administrators_manage_connections_and_see_identities() {
    // The admin API's guard reads the real clock: so does this test.
    let clock = Clock::system();
    let fake = FakeProvider::start(fake_clock(&clock)).await;
    for (backend, s) in servers(&clock).await {
        setup(&s).await;
        let root = root_token(&s).await;
        let reader = reader_token(&s).await;
        let body = json!({
            "name": "fake",
            "display_name": "Fake SSO",
            "issuer": fake.issuer(),
            "client_id": "portcullis",
            "client_secret": "s3cret:with/odd&chars",
        });
        let (status, created) = send(
            &s,
            Method::POST,
            "/api/admin/connections",
            &root,
            Some(body.clone()),
        )
        .await;
        assert_eq!(status, 201, "{backend}: {created}");
        assert_eq!(created["has_client_secret"], true, "{backend}");
        assert_eq!(created["scopes"], "openid email profile", "{backend}");
        assert_eq!(
            created["redirect_uri"],
            format!("{}upstream/callback", s.server.issuer()),
            "{backend}"
        );
        assert!(
            !created.to_string().contains("s3cret"),
            "{backend}: the secret is never shown"
        );
        let (status, _) = send(
            &s,
            Method::POST,
            "/api/admin/connections",
            &root,
            Some(body),
        )
        .await;
        assert_eq!(status, 409, "{backend}: the name is taken");
        // Readers read, and cannot write.
        let (status, list) = send(&s, Method::GET, "/api/admin/connections", &reader, None).await;
        assert_eq!(status, 200, "{backend}");
        assert_eq!(list.as_array().unwrap().len(), 1, "{backend}");
        assert!(!list.to_string().contains("s3cret"), "{backend}");
        let (status, _) = send(
            &s,
            Method::PATCH,
            "/api/admin/connections/fake",
            &reader,
            Some(json!({"enabled": false})),
        )
        .await;
        assert_eq!(status, 403, "{backend}");
        // Bad input: a clear 400 naming the field; nothing stored.
        for (bad, says) in [
            (
                json!({"name": "Bad Name", "display_name": "x", "issuer": fake.issuer(), "client_id": "c"}),
                "name",
            ),
            (
                json!({"name": "meta", "display_name": "x", "issuer": "http://169.254.169.254/", "client_id": "c"}),
                "issuer",
            ),
            (
                json!({"name": "nourl", "display_name": "x", "issuer": "not a url", "client_id": "c"}),
                "issuer",
            ),
            (
                json!({"name": "nosecret", "display_name": "x", "issuer": fake.issuer(), "client_id": "c", "client_secret": ""}),
                "client_secret",
            ),
            (
                json!({"name": "extra", "display_name": "x", "issuer": fake.issuer(), "client_id": "c", "admin": true}),
                "admin",
            ),
        ] {
            let (status, message) = refused(
                &s,
                Method::POST,
                "/api/admin/connections",
                &root,
                Some(bad.clone()),
            )
            .await;
            assert_eq!(status, 400, "{backend}: {bad}");
            assert!(message.contains(says), "{backend}: {bad}: {message}");
        }
        let (_, list) = send(&s, Method::GET, "/api/admin/connections", &root, None).await;
        assert_eq!(list.as_array().unwrap().len(), 1, "{backend}");
        // A user who signed in through it shows the identity; it is their only way in.
        fake.set_user(&format!("admin-{backend}"), "fed@example.com");
        let (status, _, body) = through_fake(&s, &mut Browser::new(), "fake").await;
        assert_eq!(status, 302, "{backend}: {body}");
        let (status, ids) = send(
            &s,
            Method::GET,
            "/api/admin/users/fed@example.com/identities",
            &reader,
            None,
        )
        .await;
        assert_eq!(status, 200, "{backend}: {ids}");
        assert_eq!(ids[0]["subject"], format!("admin-{backend}"), "{backend}");
        assert_eq!(ids[0]["connection_id"], created["id"], "{backend}");
        let path = format!(
            "/api/admin/users/fed@example.com/identities/{}/admin-{backend}",
            created["id"].as_str().unwrap()
        );
        let (status, _) = send(&s, Method::DELETE, &path, &root, None).await;
        assert_eq!(status, 409, "{backend}: the last way to sign in stays");
        // Off: no button, no sign-in; then deleted, with its identities.
        let (status, off) = send(
            &s,
            Method::PATCH,
            "/api/admin/connections/fake",
            &root,
            Some(json!({"enabled": false})),
        )
        .await;
        assert_eq!(
            (status, off["enabled"].clone()),
            (200, json!(false)),
            "{backend}"
        );
        let (status, _) = send(
            &s,
            Method::DELETE,
            "/api/admin/connections/fake",
            &root,
            None,
        )
        .await;
        assert_eq!(status, 204, "{backend}");
        let (status, _) = send(&s, Method::GET, "/api/admin/connections/fake", &root, None).await;
        assert_eq!(status, 404, "{backend}");
        let (_, ids) = send(
            &s,
            Method::GET,
            "/api/admin/users/fed@example.com/identities",
            &root,
            None,
        )
        .await;
        assert_eq!(ids, json!([]), "{backend}");
        let created_events = s
            .server
            .idp()
            .audit_events(None, Some("connection."), 50)
            .await
            .unwrap();
        let actions: Vec<&str> = created_events.iter().map(|e| e.action.as_str()).collect();
        for a in [
            "connection.created",
            "connection.updated",
            "connection.deleted",
            "connection.used",
        ] {
            assert!(actions.contains(&a), "{backend}: {actions:?}");
        }
    }
}
