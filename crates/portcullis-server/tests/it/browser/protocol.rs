//! Protocol rules the flows do not walk through: `state` is required, codes expire,
//! racing exchanges of one code leave nothing valid, ID tokens are RS256 and verify
//! against the published JWKS.

use portcullis_idp::CODE_TTL;
use portcullis_jwt::{Algorithm, KeySet, NumericDate, Validation, Verifier};
use portcullis_server::{Clock, ServerConfig};

use super::*;
use crate::helpers::{refresh, servers, servers_at, servers_with};

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

/// Exchanges of one code, all sent at once; the replies.
async fn race(s: &TestServer, code: &str, racers: usize) -> Vec<(u16, serde_json::Value)> {
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..racers {
        let (http, url, code) = (
            s.http.clone(),
            format!("{}/oauth/token", s.base),
            code.to_owned(),
        );
        set.spawn(async move {
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
    set.join_all().await
}

/// Racing exchanges of one code: exactly one of them redeems it (every other one is
/// recorded as a replay) and at most one answers with tokens. Every refusal is the
/// replay refusal, so the redeeming exchange, when it did not answer, got past every
/// check and created a session. Once the race is over nothing it issued works: no
/// session of the client is left, and tokens handed out are dead. Burst races almost
/// never let the redeeming exchange answer (a replay lands while it runs, and what it
/// issued never leaves), so a last round lets it answer before the replays race.
#[tokio::test]
async fn racing_exchanges_of_one_code_leave_no_valid_tokens() {
    const RACERS: usize = 8;
    let generous = |c| ServerConfig {
        rate_limit_per_minute: 60_000,
        ..c
    };
    for (backend, s) in servers_with(Clock::system(), generous).await {
        setup(&s).await;
        let mut b = Browser::new();
        let (_, headers, _) = sign_in(&s, &mut b, "ada@example.com", "correct horse battery").await;
        let mut code = code_of(&headers);
        for round in 0..4 {
            let replays_before = reuse_events(&s).await;
            let mut replies = Vec::new();
            if round == 3 {
                let first = exchange(&s, &code, VERIFIER, REDIRECT, CLIENT).await;
                assert_eq!(first.status, 200, "{backend}: {}", first.text);
                replies.push((first.status, first.body));
                replies.extend(race(&s, &code, RACERS - 1).await);
            } else {
                replies = race(&s, &code, RACERS).await;
            }
            assert_eq!(
                reuse_events(&s).await - replays_before,
                RACERS - 1,
                "{backend} round {round}: one exchange redeems the code, the others are replays"
            );
            for (status, body) in &replies {
                assert!(
                    *status == 200
                        || (*status == 400
                            && body["error"] == "invalid_grant"
                            && body["error_description"]
                                .as_str()
                                .is_some_and(|d| d.contains("already used"))),
                    "{backend} round {round}: {status} {body}"
                );
            }
            let winners: Vec<_> = replies.iter().filter(|(st, _)| *st == 200).collect();
            assert!(winners.len() <= 1, "{backend} round {round}: {replies:?}");
            assert!(
                round < 3 || winners.len() == 1,
                "{backend}: the answered exchange"
            );
            for (_, body) in winners {
                let r = refresh(&s, body["refresh_token"].as_str().unwrap()).await;
                assert_eq!(
                    (r.status, r.body["error"].as_str()),
                    (400, Some("invalid_grant")),
                    "{backend} round {round}: the winner's refresh token: {}",
                    r.text
                );
                let access = body["access_token"].as_str().unwrap();
                let r = s.get("/userinfo", Some(access)).await;
                assert_eq!(
                    r.status, 401,
                    "{backend} round {round}: the winner's access token: {}",
                    r.text
                );
            }
            let live: Vec<_> = s
                .server
                .idp()
                .list_sessions("ada@example.com", None, 100, NumericDate::now().as_secs())
                .await
                .unwrap()
                .into_iter()
                .filter(|session| session.client_id == CLIENT)
                .collect();
            assert!(live.is_empty(), "{backend} round {round}: {live:?}");
            // The browser session signs the next round in without a password.
            let (status, headers, _) = b.get(&authorize_url(&s, "")).await;
            assert_eq!(status, 302, "{backend}");
            code = code_of(&headers);
        }
    }
}

/// How many code replays the audit log has recorded.
async fn reuse_events(s: &TestServer) -> usize {
    s.server
        .idp()
        .audit_events(None, Some("code.reuse_detected"), 1000)
        .await
        .unwrap()
        .len()
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
