//! What a refresh may carry: less than the session's grant when the client asks for less
//! (RFC 6749 §6 `scope`), never more, and a refresh token at all for a third-party
//! client only when the user allowed it to stay signed in (`offline_access`).

use serde_json::json;

use super::*;
use crate::browser::{CLIENT, REDIRECT, VERIFIER, exchange, setup};
use crate::helpers::{API, Reply, TestServer, refresh, servers};

/// A refresh asking for `scope`.
async fn refresh_for_scope(s: &TestServer, token: &str, scope: &str) -> Reply {
    s.post_form(
        "/oauth/token",
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", token),
            ("scope", scope),
        ],
    )
    .await
}

#[tokio::test]
async fn a_refresh_may_ask_for_less_never_for_more_and_a_bad_ask_burns_nothing() {
    for (backend, s) in servers().await {
        setup(&s).await;
        let idp = s.server.idp();
        idp.assign_role(ADA, "admin", T).await.unwrap();
        let asked = "openid profile read:admin-messages";
        let url = request(&s, CLIENT, REDIRECT, asked, Some(API), "");
        let mut b = Browser::new();
        let (status, headers, html) = sign_in_at(&s, &mut b, &url, ADA).await;
        assert_eq!(status, 302, "{backend}: {html}");
        let r = exchange(&s, &code(&headers, REDIRECT), VERIFIER, REDIRECT, CLIENT).await;
        assert_eq!(r.body["scope"], asked, "{backend}: {}", r.text);

        // More than the session was granted: invalid_scope, and the token still works.
        for beyond in ["openid admin:write", "read:messages", "offline_access"] {
            let refused = refresh_for_scope(&s, refresh_token(&r), beyond).await;
            assert_eq!(
                (refused.status, refused.body["error"].as_str()),
                (400, Some("invalid_scope")),
                "{backend}: {beyond}: {}",
                refused.text
            );
        }
        // Less: the new access token and the answer say so.
        let less = refresh_for_scope(&s, refresh_token(&r), "openid").await;
        assert_eq!(less.status, 200, "{backend}: {}", less.text);
        assert_eq!(less.body["scope"], "openid", "{backend}");
        assert_eq!(
            claims(less.body["access_token"].as_str().unwrap())["scope"],
            "openid",
            "{backend}"
        );
        // The session keeps its whole grant: the next plain refresh has it all.
        let whole = refresh(&s, refresh_token(&less)).await;
        assert_eq!(whole.status, 200, "{backend}: {}", whole.text);
        assert_eq!(whole.body["scope"], asked, "{backend}");
        assert_eq!(
            granted(&whole),
            (asked.into(), json!(["read:admin-messages"])),
            "{backend}"
        );
    }
}
