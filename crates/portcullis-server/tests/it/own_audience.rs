//! L1: the issuer's own endpoints take access tokens minted for the issuer, not tokens a
//! resource server received for its API and replays (RFC 8725 §3.9).

use reqwest::Method as M;
use serde_json::json;

use crate::helpers::{API, refresh, send, servers, token_for};
use crate::token_types::{now, session_of};

#[tokio::test]
async fn state_changing_endpoints_want_a_token_for_the_issuer() {
    for (backend, s) in servers().await {
        s.signup("ada@example.com").await;
        let idp = s.server.idp();
        idp.create_org("Acme", "acme", None, None, now())
            .await
            .unwrap();
        idp.set_member("acme", "ada@example.com", "member", now())
            .await
            .unwrap();
        let for_api = token_for(&s, "ada@example.com", API).await;
        let issuer = s.server.issuer().to_owned();
        let for_issuer = token_for(&s, "ada@example.com", &issuer).await;
        let leave = "/api/auth/orgs/acme/leave";
        let accept = "/api/auth/invitations/accept";
        let invitation = Some(json!({"token": "pin_not-a-real-invitation"}));
        for (method, path, body) in [
            (M::POST, leave, None),
            (M::POST, accept, invitation.clone()),
        ] {
            let res = s
                .http
                .request(method, s.url(path))
                .bearer_auth(&for_api)
                .json(&body.unwrap_or(json!({})))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 401, "{backend}: {path}");
            assert!(
                res.headers()["www-authenticate"]
                    .to_str()
                    .unwrap()
                    .contains("error=\"invalid_token\""),
                "{backend}: {path}"
            );
        }
        assert!(
            idp.membership(
                &idp.find_org("acme").await.unwrap().id,
                &idp.find_user("ada@example.com").await.unwrap().id
            )
            .await
            .unwrap()
            .is_some(),
            "{backend}: still a member"
        );
        // The same user's token for the issuer is taken: the invitation is checked (and
        // is not one), and leaving works.
        let (status, _) = send(&s, M::POST, accept, &for_issuer, invitation).await;
        assert_eq!(status, 403, "{backend}");
        let (status, _) = send(&s, M::POST, leave, &for_issuer, None).await;
        assert_eq!(status, 204, "{backend}");
    }
}

#[tokio::test]
async fn userinfo_takes_the_issuers_tokens_and_openid_tokens_for_apis() {
    for (backend, s) in servers().await {
        s.signup("ada@example.com").await;
        let issuer = s.server.issuer().to_owned();
        // A first-party login is an OpenID Connect one (`openid` scope), for an API.
        for audience in [API, issuer.as_str()] {
            let token = token_for(&s, "ada@example.com", audience).await;
            let me = s.get("/userinfo", Some(&token)).await;
            assert_eq!(me.status, 200, "{backend}: {audience}: {}", me.text);
        }
        // A token for an API without `openid`: not a userinfo credential.
        let plain = session_of(
            &s,
            "ada@example.com",
            portcullis_idp::FIRST_PARTY_CLIENT,
            API,
            "read:messages",
        )
        .await;
        let r = refresh(&s, &plain).await;
        assert_eq!(r.status, 200, "{backend}: {}", r.text);
        let access = r.body["access_token"].as_str().unwrap();
        let me = s.get("/userinfo", Some(access)).await;
        assert_eq!(me.status, 401, "{backend}: {}", me.text);
    }
}
