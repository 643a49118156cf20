//! M5: random opaque tokens at a resource server do not switch its API keys off. The
//! issuer limits introspection per authenticated client, not per address; calls that do
//! not authenticate keep the per-address limit.

use portcullis_idp::KeyOwner;
use portcullis_server::{Clock, ServerConfig};

use crate::helpers::{API, servers_with};
use crate::token_types::{api_guard, client, introspect, now};

#[tokio::test]
async fn a_flood_of_random_tokens_leaves_valid_api_keys_working() {
    // Six requests a minute per address (bursts of five): a handful of unknown tokens
    // would use it up if introspection were limited per address.
    let tight = |c: ServerConfig| ServerConfig {
        rate_limit_per_minute: 6,
        ..c
    };
    for (backend, s) in servers_with(Clock::system(), tight).await {
        let idp = s.server.idp();
        idp.create_user(
            "ada@example.com",
            "correct horse battery".into(),
            None,
            now(),
        )
        .await
        .unwrap();
        let owner = KeyOwner::User("ada@example.com");
        let key = idp
            .create_api_key("k", owner, Some(API), &[], None, now())
            .await
            .unwrap();
        let rs = client(&s, "hello-world-api").await;
        let guard = api_guard(&s, API, &rs, None);
        for i in 0..20 {
            // Tokens shaped like keys reach the issuer; each answers 401, never 503.
            let junk = format!("pcl_flood-{i}-{}", portcullis_idp::random_token().unwrap());
            let err = guard.authenticate(&junk).await.unwrap_err();
            assert_eq!(err.status(), 401, "{backend}: {i}: {err:?}");
            let err = guard.authenticate(&format!("junk{i}")).await.unwrap_err();
            assert_eq!(err.reason(), "not_a_jwt", "{backend}");
        }
        let auth = guard.authenticate(key.key.expose()).await;
        assert!(auth.is_ok(), "{backend}: {auth:?}");
        // Calls without client authentication are still limited per address...
        let mut statuses = Vec::new();
        for _ in 0..8 {
            let r = s.post_form("/oauth/introspect", &[("token", "x")]).await;
            statuses.push(r.status);
        }
        assert!(statuses.contains(&429), "{backend}: {statuses:?}");
        assert!(
            statuses.iter().all(|st| [401, 429].contains(st)),
            "{backend}: {statuses:?}"
        );
        // ... and that does not touch the resource server, on the same address.
        let again = introspect(&s, &rs, key.key.expose()).await;
        assert_eq!(
            (again.status, again.body["active"].as_bool()),
            (200, Some(true)),
            "{backend}: {}",
            again.text
        );
    }
}

#[tokio::test]
async fn introspection_is_limited_per_client() {
    let tight = |c: ServerConfig| ServerConfig {
        introspection_rate_limit_per_minute: 20,
        ..c
    };
    for (backend, s) in servers_with(Clock::system(), tight).await {
        let (greedy, other) = (client(&s, "greedy").await, client(&s, "other").await);
        let mut replies = Vec::new();
        for _ in 0..10 {
            replies.push(introspect(&s, &greedy, "pcl_unknown").await);
        }
        let limited = replies.iter().find(|r| r.status == 429);
        assert!(
            limited.is_some_and(|r| r.headers.contains_key("retry-after")),
            "{backend}: {:?}",
            replies.iter().map(|r| r.status).collect::<Vec<_>>()
        );
        assert_eq!(
            introspect(&s, &other, "pcl_unknown").await.status,
            200,
            "{backend}: another client's quota is its own"
        );
    }
}
