//! API keys: creation, checking, revocation, expiry.

use portcullis_idp::{IdpError, KeyOwner, Secret};

use crate::db::{NOW, idp_on, stores};

#[tokio::test]
async fn keys_work_until_revoked_expired_or_their_user_is_disabled() {
    for (backend, store) in stores().await {
        let idp = idp_on(store.clone()).await;
        idp.signup(
            "ada@example.com",
            "correct horse battery".into(),
            None,
            None,
            NOW,
        )
        .await
        .unwrap();
        idp.create_org("Acme", "acme", None, Some("ada@example.com"), NOW)
            .await
            .unwrap();
        let perms = vec!["read:x".to_owned(), "write:x".to_owned()];
        let personal = idp
            .create_api_key(
                "laptop",
                KeyOwner::User("ada@example.com"),
                None,
                &perms,
                None,
                NOW,
            )
            .await
            .unwrap();
        let org = idp
            .create_api_key(
                "ci",
                KeyOwner::Org("acme"),
                None,
                &perms[..1],
                Some(NOW + 100),
                NOW,
            )
            .await
            .unwrap();
        assert!(personal.key.expose().starts_with("pcl_"), "{backend}");
        assert!(org.row.org_id.as_deref().unwrap().starts_with("org_"));
        let found = idp
            .check_api_key(&personal.key, NOW + 1)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (found.permissions.as_str(), found.last_used_at),
            ("read:x write:x", None),
            "{backend}: the row as it was"
        );
        let again = idp
            .check_api_key(&personal.key, NOW + 2)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(again.last_used_at, Some(NOW + 1), "{backend}: use recorded");
        assert!(
            idp.check_api_key(&org.key, NOW + 99)
                .await
                .unwrap()
                .is_some()
        );
        assert!(
            idp.check_api_key(&org.key, NOW + 100)
                .await
                .unwrap()
                .is_none(),
            "{backend}: expired"
        );
        for forged in ["pcl_forged", "not-a-key", "", "pcl_"] {
            assert!(
                idp.check_api_key(&Secret::new(forged.into()), NOW)
                    .await
                    .unwrap()
                    .is_none(),
                "{backend}: {forged}"
            );
        }
        idp.revoke_api_key(&personal.row.id, NOW + 3).await.unwrap();
        assert!(
            idp.check_api_key(&personal.key, NOW + 4)
                .await
                .unwrap()
                .is_none(),
            "{backend}: revoked"
        );
        assert!(matches!(
            idp.revoke_api_key(&personal.row.id, NOW + 5).await,
            Err(IdpError::NotFound("API key"))
        ));
        let second = idp
            .create_api_key(
                "second",
                KeyOwner::User("ada@example.com"),
                None,
                &[],
                None,
                NOW,
            )
            .await
            .unwrap();
        idp.disable_user("ada@example.com", NOW + 6).await.unwrap();
        assert!(
            idp.check_api_key(&second.key, NOW + 7)
                .await
                .unwrap()
                .is_none(),
            "{backend}: user disabled"
        );
        let listed = store
            .api_keys_of(found.user_id.as_deref(), None)
            .await
            .unwrap();
        assert_eq!(listed.len(), 2, "{backend}");
        let stored = format!("{listed:?}");
        assert!(
            !stored.contains(personal.key.expose()),
            "{backend}: the secret is not stored"
        );
        // Refused input.
        for (name, perms, exp) in [
            ("", vec![], None),
            ("x", vec!["has space".to_owned()], None),
            ("x", vec![], Some(NOW)),
        ] {
            let r = idp
                .create_api_key(name, KeyOwner::Org("acme"), None, &perms, exp, NOW)
                .await;
            assert!(
                matches!(r, Err(IdpError::InvalidInput(_))),
                "{backend}: {name} {perms:?} {exp:?}"
            );
        }
        assert!(matches!(
            idp.create_api_key("x", KeyOwner::Org("nope"), None, &[], None, NOW)
                .await,
            Err(IdpError::NotFound(_))
        ));
        assert!(matches!(
            idp.create_api_key(
                "x",
                KeyOwner::Org("acme"),
                Some("https://unregistered.example.com"),
                &[],
                None,
                NOW
            )
            .await,
            Err(IdpError::UnknownAudience)
        ));
    }
}
