//! Discovery, JWKS, health, metrics and the error shape of unknown routes.

use crate::helpers::servers;

#[tokio::test]
async fn every_advertised_endpoint_exists() {
    for (backend, s) in servers().await {
        let d = s.get("/.well-known/openid-configuration", None).await;
        assert_eq!(d.status, 200, "{backend}");
        assert_eq!(d.body["issuer"], s.server.issuer());
        assert_eq!(
            s.get("/.well-known/oauth-authorization-server", None)
                .await
                .body,
            d.body
        );
        for key in [
            "jwks_uri",
            "token_endpoint",
            "revocation_endpoint",
            "introspection_endpoint",
            "userinfo_endpoint",
        ] {
            let url = d.body[key].as_str().unwrap();
            let path = url
                .strip_prefix(s.server.issuer().trim_end_matches('/'))
                .unwrap();
            let r = s
                .http
                .get(s.url(path))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16();
            assert_ne!(r, 404, "{backend}: {key} {url}");
        }
        let jwks = s.get("/.well-known/jwks.json", None).await;
        assert_eq!(jwks.headers["cache-control"], "public, max-age=300");
        let keys = jwks.body["keys"].as_array().unwrap();
        assert_eq!(keys.len(), 2, "{backend}: access tokens and ID tokens");
        for key in keys {
            assert!(key.get("d").is_none(), "{backend}: no private material");
        }
        let mut algs: Vec<&str> = keys.iter().map(|k| k["alg"].as_str().unwrap()).collect();
        algs.sort_unstable();
        assert_eq!(algs, ["ES256", "RS256"], "{backend}");
    }
}

#[tokio::test]
async fn health_readiness_metrics_and_unknown_routes() {
    for (backend, s) in servers().await {
        assert_eq!(s.get("/healthz", None).await.status, 200);
        assert_eq!(
            s.get("/readyz", None).await.body["status"],
            "ready",
            "{backend}"
        );
        s.signup("ada@example.com").await;
        let m = s.get("/metrics", None).await;
        assert!(
            m.text.contains("portcullis_signups_total"),
            "{backend}: {}",
            m.text
        );
        let missing = s.get("/nope", None).await;
        assert_eq!(
            (missing.status, missing.text.as_str()),
            (404, r#"{"message":"Not Found"}"#)
        );
        let wrong_method = s.get("/oauth/token", None).await;
        assert_eq!(wrong_method.status, 405, "{backend}");
    }
}
