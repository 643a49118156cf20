//! Machine clients and the admin API's side of the model: client credentials need an
//! audience in the client's list and are narrowed to its grants; administrators set a
//! client's audiences and whether it is third-party.

use reqwest::Method;
use serde_json::json;

use super::*;
use crate::helpers::{API, Reply, TestServer, admin_audience, root_token, send, servers};

/// A client credentials grant.
async fn client_token(s: &TestServer, id: &str, secret: &str, extra: &[(&str, &str)]) -> Reply {
    let mut form = vec![
        ("grant_type", "client_credentials"),
        ("client_id", id),
        ("client_secret", secret),
    ];
    form.extend_from_slice(extra);
    s.post_form("/oauth/token", &form).await
}

#[tokio::test]
async fn client_credentials_need_an_allowed_audience_and_narrow_to_grants() {
    for (backend, s) in servers().await {
        let idp = s.server.idp();
        let admin_api = admin_audience(&s);
        // A client with no audience of its own gets no token for an API.
        let bare = idp.create_client("bare", None, T).await.unwrap();
        let bare_secret = bare.client_secret.expose().to_owned();
        for extra in [vec![("audience", API)], vec![]] {
            let r = client_token(&s, &bare.client_id, &bare_secret, &extra).await;
            assert_eq!(
                (r.status, r.body["error"].as_str()),
                (400, Some("invalid_target")),
                "{backend}: {extra:?}: {}",
                r.text
            );
        }
        let worker = idp.create_client("worker", Some(API), T).await.unwrap();
        idp.grant_client(&worker.client_id, API, &["read:messages"])
            .await
            .unwrap();
        let secret = worker.client_secret.expose().to_owned();
        let asked = "read:messages delete:everything read:admin-messages";
        let r = client_token(&s, &worker.client_id, &secret, &[("scope", asked)]).await;
        assert_eq!(r.status, 200, "{backend}: {}", r.text);
        assert_eq!(
            r.body["scope"], "read:messages",
            "{backend}: narrowed to the grants"
        );
        assert_eq!(
            granted(&r),
            ("read:messages".into(), json!(["read:messages"])),
            "{backend}"
        );
        let all = client_token(&s, &worker.client_id, &secret, &[]).await;
        assert_eq!(all.body["scope"], "read:messages", "{backend}: every grant");
        for key in ["audience", "resource"] {
            let r = client_token(&s, &worker.client_id, &secret, &[(key, &admin_api)]).await;
            assert_eq!(
                (r.status, r.body["error"].as_str()),
                (400, Some("invalid_target")),
                "{backend}: {key}: {}",
                r.text
            );
        }
    }
}

#[tokio::test]
async fn the_admin_api_sets_a_clients_audiences_and_party() {
    for (backend, s) in servers().await {
        let root = root_token(&s).await;
        let admin_api = admin_audience(&s);
        let (status, created) = send(
            &s,
            Method::POST,
            "/api/admin/clients",
            &root,
            Some(json!({
                "name": "Partner",
                "type": "public",
                "audience": API,
                "third_party": true,
                "redirect_uris": [THIRD_REDIRECT],
            })),
        )
        .await;
        assert_eq!(status, 201, "{backend}: {created}");
        assert_eq!(
            (&created["audiences"], &created["third_party"]),
            (&json!([API]), &json!(true)),
            "{backend}: the default audience, and not the admin API"
        );
        let id = created["id"].as_str().unwrap();
        let path = format!("/api/admin/clients/{id}");
        let (status, changed) = send(
            &s,
            Method::PATCH,
            &path,
            &root,
            Some(json!({"audiences": [admin_api], "third_party": false})),
        )
        .await;
        assert_eq!(status, 200, "{backend}: {changed}");
        let mut both = vec![API.to_owned(), admin_api.clone()];
        both.sort();
        assert_eq!(
            changed["audiences"],
            json!(both),
            "{backend}: the default stays"
        );
        assert_eq!(changed["third_party"], false, "{backend}");
        let (_, shown) = send(&s, Method::GET, &path, &root, None).await;
        assert_eq!(shown, changed, "{backend}");
        for body in [
            json!({"audiences": ["https://nope.example.com"]}),
            json!({"third_party": "yes"}),
        ] {
            let (status, answer) = send(&s, Method::PATCH, &path, &root, Some(body.clone())).await;
            assert_eq!(status, 400, "{backend}: {body}: {answer}");
        }
        let (status, plain) = send(
            &s,
            Method::POST,
            "/api/admin/clients",
            &root,
            Some(json!({"name": "Job"})),
        )
        .await;
        assert_eq!(status, 201, "{backend}: {plain}");
        assert_eq!(
            (&plain["audiences"], &plain["third_party"]),
            (&json!([]), &json!(false)),
            "{backend}"
        );
    }
}
