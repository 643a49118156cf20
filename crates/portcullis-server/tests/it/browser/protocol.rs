//! Protocol rules the flows do not walk through: `state` is required, codes expire,
//! racing exchanges of one code leave nothing valid, ID tokens are RS256 and verify
//! against the published JWKS.

use portcullis_idp::CODE_TTL;
use portcullis_jwt::{Algorithm, KeySet, NumericDate, Validation, Verifier};
use portcullis_server::Clock;

use super::*;
use crate::helpers::{servers, servers_at};

fn code_of(headers: &reqwest::header::HeaderMap) -> String {
    let (base, pairs) = location_params(headers);
    assert_eq!(base, REDIRECT);
    param(&pairs, "code").expect("a code").to_owned()
}

#[tokio::test]
async fn a_request_without_state_is_refused_at_the_redirect_uri() {
    for (backend, s) in servers().await {
        setup(&s).await;
        let mut b = Browser::new();
        let full = authorize_url(&s, "");
        for url in [
            full.replace("&state=xyz", ""),
            full.replace("&state=xyz", "&state="),
        ] {
            let (status, headers, body) = b.get(&url).await;
            assert_eq!(status, 302, "{backend}: {body}");
            let (base, pairs) = location_params(&headers);
            assert_eq!(base, REDIRECT, "{backend}: the redirect URI is valid");
            assert_eq!(param(&pairs, "error"), Some("invalid_request"), "{backend}");
            assert!(
                param(&pairs, "error_description").is_some_and(|d| d.contains("state")),
                "{backend}: {pairs:?}"
            );
            assert!(param(&pairs, "code").is_none(), "{backend}");
        }
    }
}

#[tokio::test]
async fn codes_expire_a_minute_after_they_were_issued() {
    let clock = Clock::manual(1_800_000_000);
    for (backend, s) in servers_at(clock.clone()).await {
        setup(&s).await;
        let mut b = Browser::new();
        let (status, headers, body) =
            sign_in(&s, &mut b, "ada@example.com", "correct horse battery").await;
        assert_eq!(status, 302, "{backend}: {body}");
        let stale = code_of(&headers);
        clock.advance(CODE_TTL);
        let t = exchange(&s, &stale, VERIFIER, REDIRECT, CLIENT).await;
        assert_eq!(
            (t.status, t.body["error"].as_str()),
            (400, Some("invalid_grant")),
            "{backend}: {}",
            t.text
        );
        assert!(t.text.contains("expired"), "{backend}: {}", t.text);
        // The browser session outlives the code: a new code, used in time, works.
        let (status, headers, _) = b.get(&authorize_url(&s, "")).await;
        assert_eq!(status, 302, "{backend}");
        let fresh = code_of(&headers);
        clock.advance(CODE_TTL - 1);
        let t = exchange(&s, &fresh, VERIFIER, REDIRECT, CLIENT).await;
        assert_eq!(t.status, 200, "{backend}: {}", t.text);
    }
}

#[tokio::test]
async fn racing_exchanges_of_one_code_leave_no_valid_tokens() {
    for (backend, s) in servers().await {
        setup(&s).await;
        let mut b = Browser::new();
        let (_, headers, _) = sign_in(&s, &mut b, "ada@example.com", "correct horse battery").await;
        let code = code_of(&headers);
        let mut racers = tokio::task::JoinSet::new();
        for _ in 0..8 {
            let (http, url, code) = (
                s.http.clone(),
                format!("{}/oauth/token", s.base),
                code.clone(),
            );
            racers.spawn(async move {
                let res = http
                    .post(url)
                    .form(&[
                        ("grant_type", "authorization_code"),
                        ("code", code.as_str()),
                        ("code_verifier", VERIFIER),
                        ("redirect_uri", REDIRECT),
                        ("client_id", CLIENT),
                    ])
                    .send()
                    .await
                    .unwrap();
                let status = res.status().as_u16();
                (status, res.json::<serde_json::Value>().await.unwrap())
            });
        }
        let replies = racers.join_all().await;
        let winners: Vec<_> = replies.iter().filter(|(st, _)| *st == 200).collect();
        assert!(winners.len() <= 1, "{backend}: {replies:?}");
        for (status, body) in &replies {
            assert!(
                *status == 200 || (*status == 400 && body["error"] == "invalid_grant"),
                "{backend}: {status} {body}"
            );
        }
        // A replay revokes what the code issued, whichever finished first.
        for (_, body) in winners {
            let refresh = body["refresh_token"].as_str().unwrap();
            let r = s
                .post_form(
                    "/oauth/token",
                    &[("grant_type", "refresh_token"), ("refresh_token", refresh)],
                )
                .await;
            assert_eq!(r.status, 400, "{backend}: {}", r.text);
        }
    }
}

#[tokio::test]
async fn id_tokens_are_rs256_and_verify_against_the_published_keys() {
    for (backend, s) in servers().await {
        setup(&s).await;
        let discovery = s.get("/.well-known/openid-configuration", None).await;
        assert_eq!(
            discovery.body["id_token_signing_alg_values_supported"],
            serde_json::json!(["RS256", "ES256"]),
            "{backend}: RS256 first (OpenID Connect requires it), and every algorithm the issuer signs with"
        );
        let mut b = Browser::new();
        let (_, headers, _) = sign_in(&s, &mut b, "ada@example.com", "correct horse battery").await;
        let t = exchange(&s, &code_of(&headers), VERIFIER, REDIRECT, CLIENT).await;
        assert_eq!(t.status, 200, "{backend}: {}", t.text);
        let jwks = s.get("/.well-known/jwks.json", None).await;
        let keys = KeySet::from_jwks_json(jwks.text.as_bytes()).unwrap();
        let issuer = s.server.issuer().to_owned();
        let now = NumericDate::now();
        let id_token = t.body["id_token"].as_str().unwrap();
        let verified =
            Verifier::new(Validation::new(issuer.clone(), CLIENT).algorithms([Algorithm::RS256]))
                .verify(id_token, &keys, now)
                .unwrap_or_else(|e| panic!("{backend}: {e}"));
        assert_eq!(verified.header.alg, Algorithm::RS256, "{backend}");
        // Access tokens keep the configured algorithm and are not ID tokens.
        let access = t.body["access_token"].as_str().unwrap();
        let as_id = Verifier::new(Validation::new(issuer, CLIENT).algorithms([Algorithm::RS256]))
            .verify(access, &keys, now);
        assert!(as_id.is_err(), "{backend}");
    }
}
