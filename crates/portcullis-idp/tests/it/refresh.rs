//! Refresh-token rotation, reuse detection, expiry, logout.

use portcullis_idp::{IdpError, Secret};

use crate::db::{ISSUER, NOW, idp_on, stores, verify};

#[tokio::test]
async fn rotation_and_reuse_revokes_the_family() {
    for (backend, store) in stores().await {
        let idp = idp_on(store).await;
        let login = idp
            .signup(
                "ada@example.com",
                "correct horse battery".into(),
                None,
                None,
                NOW,
            )
            .await
            .unwrap();
        let first = login.refresh_token;
        let second = idp.refresh(&first, NOW + 10).await.unwrap();
        let claims = verify(&idp, &second.access.token, ISSUER, NOW + 10).await;
        assert_eq!(claims["sub"], login.user.id.as_str(), "{backend}");
        let third = idp.refresh(&second.refresh_token, NOW + 20).await.unwrap();
        // Replaying the first token: reuse. The whole session dies, including `third`.
        let reuse = idp.refresh(&first, NOW + 30).await.unwrap_err();
        assert!(
            matches!(reuse, IdpError::InvalidGrant(m) if m.contains("already used")),
            "{backend}"
        );
        let after = idp
            .refresh(&third.refresh_token, NOW + 40)
            .await
            .unwrap_err();
        assert!(
            matches!(after, IdpError::InvalidGrant(_)),
            "{backend}: {after:?}"
        );
        let unknown = idp
            .refresh(&Secret::new("prt_nope".into()), NOW)
            .await
            .unwrap_err();
        assert!(
            matches!(unknown, IdpError::InvalidGrant("unknown refresh token")),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn idle_and_absolute_lifetimes() {
    for (backend, store) in stores().await {
        let idp = idp_on(store).await;
        let idle = idp.config().refresh_idle_ttl;
        let absolute = idp.config().refresh_absolute_ttl;
        let login = idp
            .signup(
                "ada@example.com",
                "correct horse battery".into(),
                None,
                None,
                NOW,
            )
            .await
            .unwrap();
        let err = idp
            .refresh(&login.refresh_token, NOW + idle + 1)
            .await
            .unwrap_err();
        assert!(
            matches!(err, IdpError::InvalidGrant(m) if m.contains("expired")),
            "{backend}: {err:?}"
        );
        // Used within the idle window again and again: still bounded by the absolute one.
        let login = idp
            .login("ada@example.com", "correct horse battery".into(), None, NOW)
            .await
            .unwrap()
            .signed_in()
            .unwrap();
        let mut token = login.refresh_token;
        let mut t = NOW;
        while t + idle / 2 < NOW + absolute {
            t += idle / 2;
            token = idp.refresh(&token, t).await.unwrap().refresh_token;
        }
        let err = idp.refresh(&token, NOW + absolute).await.unwrap_err();
        assert!(
            matches!(err, IdpError::InvalidGrant(_)),
            "{backend}: {err:?}"
        );
    }
}

#[tokio::test]
async fn logout_revokes_the_session_and_is_idempotent() {
    for (backend, store) in stores().await {
        let idp = idp_on(store).await;
        let login = idp
            .signup(
                "ada@example.com",
                "correct horse battery".into(),
                None,
                None,
                NOW,
            )
            .await
            .unwrap();
        let other = idp
            .login("ada@example.com", "correct horse battery".into(), None, NOW)
            .await
            .unwrap()
            .signed_in()
            .unwrap();
        idp.logout(&login.refresh_token, NOW + 1).await.unwrap();
        idp.logout(&login.refresh_token, NOW + 2).await.unwrap();
        idp.logout(&Secret::new("prt_unknown".into()), NOW + 2)
            .await
            .unwrap();
        assert!(
            idp.refresh(&login.refresh_token, NOW + 3).await.is_err(),
            "{backend}"
        );
        // Another session of the same user is unaffected.
        assert!(
            idp.refresh(&other.refresh_token, NOW + 3).await.is_ok(),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn concurrent_refreshes_rotate_exactly_once() {
    for (backend, store) in stores().await {
        let idp = idp_on(store).await;
        let login = idp
            .signup(
                "ada@example.com",
                "correct horse battery".into(),
                None,
                None,
                NOW,
            )
            .await
            .unwrap();
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let idp = idp.clone();
            let token = login.refresh_token.clone();
            tasks.push(tokio::spawn(
                async move { idp.refresh(&token, NOW + 5).await },
            ));
        }
        let mut ok = 0;
        for t in tasks {
            if t.await.unwrap().is_ok() {
                ok += 1;
            }
        }
        assert_eq!(ok, 1, "{backend}: exactly one rotation wins");
    }
}

#[tokio::test]
async fn pruning_removes_only_what_can_no_longer_be_used() {
    for (backend, store) in stores().await {
        let idp = idp_on(store.clone()).await;
        let ended = idp
            .signup(
                "ada@example.com",
                "correct horse battery".into(),
                None,
                None,
                NOW,
            )
            .await
            .unwrap();
        idp.logout(&ended.refresh_token, NOW + 1).await.unwrap();
        let live = idp
            .login("ada@example.com", "correct horse battery".into(), None, NOW)
            .await
            .unwrap()
            .signed_in()
            .unwrap();
        let next = idp.refresh(&live.refresh_token, NOW + 2).await.unwrap();
        // Right after: nothing is old enough.
        assert_eq!(
            store
                .prune_expired(NOW + 3, NOW + 3 - 86_400)
                .await
                .unwrap(),
            0,
            "{backend}"
        );
        // A day later: the revoked session goes; the live one and its reuse memory stay.
        assert!(
            store.prune_expired(NOW + 86_402, NOW + 2).await.unwrap() >= 1,
            "{backend}"
        );
        let reuse = idp
            .refresh(&live.refresh_token, NOW + 86_403)
            .await
            .unwrap_err();
        assert!(
            matches!(reuse, IdpError::InvalidGrant(m) if m.contains("already used")),
            "{backend}: reuse still detected"
        );
        let _ = next;
    }
}
