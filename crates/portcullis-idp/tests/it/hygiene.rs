//! What must not outlive its purpose: browser sessions of a disabled user, reset
//! links once a reset succeeded, the links inside sent mail, old mail, and a
//! database readable by other local users.

use portcullis_idp::{IdpError, Store, UserUpdate};

use crate::db::{NOW, idp_on, stores};

const PASSWORD: &str = "correct horse battery staple";

/// The token of every reset link mailed to `email`, newest first.
async fn reset_tokens(store: &Store, email: &str) -> Vec<String> {
    store
        .outbox(Some(email), 50)
        .await
        .unwrap()
        .iter()
        .filter_map(|m| {
            let at = m.body.find("reset-password?token=")? + "reset-password?token=".len();
            Some(
                m.body[at..]
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn disabling_a_user_ends_their_browser_sessions_for_good() {
    for (backend, store) in stores().await {
        let idp = idp_on(store).await;
        let user = idp
            .create_user("ann@example.com", PASSWORD.into(), None, NOW)
            .await
            .unwrap();
        let cookie = idp
            .start_browser_session(&user.id, NOW)
            .await
            .unwrap()
            .secret;
        assert!(
            idp.browser_session(&cookie, NOW + 1)
                .await
                .unwrap()
                .is_some(),
            "{backend}"
        );
        idp.disable_user(&user.id, NOW + 2).await.unwrap();
        let enable = UserUpdate {
            disabled: Some(false),
            ..UserUpdate::default()
        };
        idp.update_user(&user.id, enable, NOW + 3).await.unwrap();
        assert_eq!(
            idp.browser_session(&cookie, NOW + 4).await.unwrap(),
            None,
            "{backend}: re-enabling must not bring back the old sign-in"
        );
    }
}

#[tokio::test]
async fn a_password_reset_voids_every_other_reset_link() {
    for (backend, store) in stores().await {
        let idp = idp_on(store.clone()).await;
        idp.create_user("bob@example.com", PASSWORD.into(), None, NOW)
            .await
            .unwrap();
        idp.request_password_reset("bob@example.com", NOW)
            .await
            .unwrap();
        idp.request_password_reset("bob@example.com", NOW + 60)
            .await
            .unwrap();
        let tokens = reset_tokens(&store, "bob@example.com").await;
        assert_eq!(tokens.len(), 2, "{backend}");
        idp.reset_password(&tokens[0], "a brand new passphrase".into(), NOW + 120)
            .await
            .unwrap();
        let older = idp
            .reset_password(&tokens[1], "an attacker's passphrase".into(), NOW + 180)
            .await;
        assert!(
            matches!(older, Err(IdpError::InvalidGrant(_))),
            "{backend}: {older:?}"
        );
    }
}

#[tokio::test]
async fn sent_mail_keeps_no_link_and_old_mail_is_deleted() {
    for (backend, store) in stores().await {
        let idp = idp_on(store.clone()).await;
        idp.create_user("cy@example.com", PASSWORD.into(), None, NOW)
            .await
            .unwrap();
        idp.request_password_reset("cy@example.com", NOW)
            .await
            .unwrap();
        let token = reset_tokens(&store, "cy@example.com").await.remove(0);
        let due = store.claim_mail(NOW, NOW - 86_400, 60, 10).await.unwrap();
        assert_eq!(due.len(), 1, "{backend}");
        store.mail_sent(&due[0].id, NOW + 1).await.unwrap();
        let kept = store.outbox(Some("cy@example.com"), 10).await.unwrap();
        assert_eq!(kept.len(), 1, "{backend}");
        assert!(
            !kept[0].body.contains(&token),
            "{backend}: {}",
            kept[0].body
        );
        assert!(kept[0].sent_at.is_some(), "{backend}");
        // The link itself still works: only the stored copy of the mail forgot it.
        idp.reset_password(&token, "a brand new passphrase".into(), NOW + 2)
            .await
            .unwrap();
        // A week and a day later the message is gone.
        assert_eq!(store.prune_outbox(NOW - 1).await.unwrap(), 0, "{backend}");
        let eight_days = 8 * 24 * 3600;
        assert_eq!(
            store.prune_outbox(NOW + eight_days).await.unwrap(),
            1,
            "{backend}"
        );
        assert!(
            store.outbox(None, 10).await.unwrap().is_empty(),
            "{backend}"
        );
    }
}

#[cfg(unix)]
#[tokio::test]
async fn the_sqlite_files_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = std::env::temp_dir()
        .join(portcullis_testkit::postgres::unique_name(
            "portcullis-modes",
        ))
        .join("data");
    let store = Store::open_sqlite_dir(&dir).await.unwrap();
    let idp = idp_on(store.clone()).await;
    idp.create_user("dee@example.com", PASSWORD.into(), None, NOW)
        .await
        .unwrap();
    let mode = |name: &str| {
        std::fs::metadata(dir.join(name))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(
        std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
        0o700
    );
    for file in ["portcullis.db", "portcullis.db-wal", "portcullis.db-shm"] {
        assert_eq!(mode(file), 0o600, "{file}");
    }
    store.close().await;
    // A database made before this rule (world-readable) is narrowed on the next start.
    std::fs::set_permissions(
        dir.join("portcullis.db"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    let store = Store::open_sqlite_dir(&dir).await.unwrap();
    assert_eq!(mode("portcullis.db"), 0o600);
    store.close().await;
}

/// "Forgot password" cannot be used to flood an inbox: three links an hour per
/// account, then nothing more until the oldest has expired.
#[tokio::test]
async fn reset_mail_to_one_inbox_is_limited() {
    const HOUR: i64 = 3600;
    for (backend, store) in stores().await {
        let idp = idp_on(store.clone()).await;
        idp.create_user("eve@example.com", PASSWORD.into(), None, NOW)
            .await
            .unwrap();
        for i in 0..10 {
            idp.request_password_reset("eve@example.com", NOW + i)
                .await
                .unwrap();
        }
        assert_eq!(
            reset_tokens(&store, "eve@example.com").await.len(),
            3,
            "{backend}"
        );
        idp.request_password_reset("eve@example.com", NOW + HOUR - 1)
            .await
            .unwrap();
        assert_eq!(
            reset_tokens(&store, "eve@example.com").await.len(),
            3,
            "{backend}"
        );
        idp.request_password_reset("eve@example.com", NOW + HOUR)
            .await
            .unwrap();
        assert_eq!(
            reset_tokens(&store, "eve@example.com").await.len(),
            4,
            "{backend}"
        );
    }
}
