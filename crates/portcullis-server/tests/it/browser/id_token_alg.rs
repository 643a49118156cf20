//! Discovery lists every algorithm the issuer signs with (RS256 first), and a client may
//! register `id_token_signed_response_alg` (OpenID Connect Dynamic Client Registration
//! metadata) among them: its ID tokens are then signed with it.

use portcullis_jwt::{Algorithm, KeySet, NumericDate, Validation, Verifier};
use portcullis_server::{Clock, ServerConfig, SigningAlg};
use reqwest::Method as M;
use serde_json::{Value, json};

use super::*;
use crate::helpers::{root_token, send, servers, servers_with};

/// Signs Ada in for `client` (SSO when `b` has a session) and returns the ID token.
async fn id_token_for(s: &TestServer, b: &mut Browser, client: &str) -> String {
    let url = authorize_url(s, "").replace(
        &format!("client_id={CLIENT}"),
        &format!("client_id={client}"),
    );
    let (status, headers, html) = b.get(&url).await;
    let headers = if status == 302 {
        headers
    } else {
        let mut form = hidden_fields(&html);
        form.push(("email".into(), "ada@example.com".into()));
        form.push(("password".into(), "correct horse battery".into()));
        b.post_form(&format!("{}/authorize/login", s.base), &form)
            .await
            .1
    };
    let code = param(&location_params(&headers).1, "code")
        .expect("a code")
        .to_owned();
    let t = exchange(s, &code, VERIFIER, REDIRECT, client).await;
    assert_eq!(t.status, 200, "{}", t.text);
    t.body["id_token"].as_str().unwrap().to_owned()
}

/// Verifies an ID token for `client` with only `alg` allowed, against the published keys.
async fn verify(s: &TestServer, token: &str, client: &str, alg: Algorithm) -> Result<(), String> {
    let jwks = s.get("/.well-known/jwks.json", None).await;
    let keys = KeySet::from_jwks_json(jwks.text.as_bytes()).unwrap();
    Verifier::new(Validation::new(s.server.issuer(), client).algorithms([alg]))
        .verify(token, &keys, NumericDate::now())
        .map(|_| ())
        .map_err(|e| e.to_string())
}

async fn clients_count(s: &TestServer, root: &str) -> usize {
    s.get("/api/admin/clients", Some(root)).await.body["items"]
        .as_array()
        .map_or(0, Vec::len)
}

#[tokio::test]
async fn a_client_may_register_the_access_token_algorithm_for_its_id_tokens() {
    for (backend, s) in servers().await {
        setup(&s).await;
        let root = root_token(&s).await;
        let d = s.get("/.well-known/openid-configuration", None).await;
        assert_eq!(
            d.body["id_token_signing_alg_values_supported"],
            json!(["RS256", "ES256"]),
            "{backend}"
        );
        let app = |alg: Option<&str>| {
            // The API the sign-in asks for is one the app may request.
            let mut body = json!({
                "name": "App", "type": "public", "redirect_uris": [REDIRECT],
                "audiences": [crate::helpers::API],
            });
            if let Some(alg) = alg {
                body["id_token_signed_response_alg"] = alg.into();
            }
            body
        };
        // Algorithms the issuer does not sign with, or misspelled (names are
        // case-sensitive, RFC 7518), are refused, and nothing is registered.
        let before = clients_count(&s, &root).await;
        for bad in ["HS256", "es256", "EdDSA", "RS384", "none", ""] {
            let (status, body) = send(
                &s,
                M::POST,
                "/api/admin/clients",
                &root,
                Some(app(Some(bad))),
            )
            .await;
            assert_eq!(status, 400, "{backend}: {bad}: {body}");
            assert!(
                body["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("id_token_signed_response_alg")),
                "{backend}: {body}"
            );
        }
        assert_eq!(clients_count(&s, &root).await, before, "{backend}");
        // Without it: RS256.
        let (status, plain) = send(&s, M::POST, "/api/admin/clients", &root, Some(app(None))).await;
        assert_eq!(status, 201, "{backend}: {plain}");
        assert_eq!(plain["id_token_signed_response_alg"], "RS256", "{backend}");
        // ES256: the ID token is ES256 and verifies against the published keys.
        let (status, es) = send(
            &s,
            M::POST,
            "/api/admin/clients",
            &root,
            Some(app(Some("ES256"))),
        )
        .await;
        assert_eq!(status, 201, "{backend}: {es}");
        assert_eq!(es["id_token_signed_response_alg"], "ES256", "{backend}");
        let es_id = es["id"].as_str().unwrap().to_owned();
        let shown: Value = s
            .get(&format!("/api/admin/clients/{es_id}"), Some(&root))
            .await
            .body;
        assert_eq!(shown["id_token_signed_response_alg"], "ES256", "{backend}");
        let mut b = Browser::new();
        let token = id_token_for(&s, &mut b, &es_id).await;
        verify(&s, &token, &es_id, Algorithm::ES256)
            .await
            .unwrap_or_else(|e| panic!("{backend}: {e}"));
        assert!(verify(&s, &token, &es_id, Algorithm::RS256).await.is_err());
        // The other client still gets RS256.
        let plain_id = plain["id"].as_str().unwrap();
        let token = id_token_for(&s, &mut b, plain_id).await;
        verify(&s, &token, plain_id, Algorithm::RS256)
            .await
            .unwrap_or_else(|e| panic!("{backend}: {e}"));
        // Changed back to RS256 through the admin API; a bad value changes nothing.
        let path = format!("/api/admin/clients/{es_id}");
        let (status, _) = send(
            &s,
            M::PATCH,
            &path,
            &root,
            Some(json!({"id_token_signed_response_alg": "PS256", "name": "Renamed"})),
        )
        .await;
        assert_eq!(status, 400, "{backend}");
        let shown = s.get(&path, Some(&root)).await.body;
        assert_eq!(
            (
                shown["name"].as_str(),
                shown["id_token_signed_response_alg"].as_str()
            ),
            (Some("App"), Some("ES256")),
            "{backend}: nothing changed"
        );
        let (status, changed) = send(
            &s,
            M::PATCH,
            &path,
            &root,
            Some(json!({"id_token_signed_response_alg": "RS256"})),
        )
        .await;
        assert_eq!(status, 200, "{backend}: {changed}");
        assert_eq!(changed["id_token_signed_response_alg"], "RS256");
        let token = id_token_for(&s, &mut b, &es_id).await;
        verify(&s, &token, &es_id, Algorithm::RS256)
            .await
            .unwrap_or_else(|e| panic!("{backend}: {e}"));
    }
}

#[tokio::test]
async fn an_rs256_issuer_advertises_and_accepts_rs256_only() {
    let rs256 = |c: ServerConfig| ServerConfig {
        signing_alg: SigningAlg::RS256,
        ..c
    };
    for (backend, s) in servers_with(Clock::system(), rs256).await {
        let root = root_token(&s).await;
        let d = s.get("/.well-known/openid-configuration", None).await;
        assert_eq!(
            d.body["id_token_signing_alg_values_supported"],
            json!(["RS256"]),
            "{backend}"
        );
        let (status, body) = send(
            &s,
            M::POST,
            "/api/admin/clients",
            &root,
            Some(json!({"name": "App", "type": "public", "redirect_uris": [REDIRECT], "id_token_signed_response_alg": "ES256"})),
        )
        .await;
        assert_eq!(status, 400, "{backend}: {body}");
    }
}
