//! API keys: creation, checking, revocation, expiry.

use portcullis_idp::{IdpError, KeyOwner, Secret};

use crate::db::{NOW, idp_on, stores};

const API: &str = "https://reports.example.com";

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
        idp.create_api(API, "Reports", &["read:x", "write:x"], NOW)
            .await
            .unwrap();
        idp.create_role("editor", API, &["read:x", "write:x"], NOW)
            .await
            .unwrap();
        idp.assign_role("ada@example.com", "editor", NOW)
            .await
            .unwrap();
        idp.grant_org_role("member", API, &["read:x"])
            .await
            .unwrap();
        let perms = vec!["read:x".to_owned(), "write:x".to_owned()];
        let personal = idp
            .create_api_key(
                "laptop",
                KeyOwner::User("ada@example.com"),
                Some(API),
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
                Some(API),
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
        // What the keys grant is decided like every grant: the owner's holdings now.
        let grant = idp.api_key_grant(&found).await.unwrap();
        assert_eq!(
            (
                grant.audience.as_str(),
                grant.permissions.as_slice(),
                grant.org
            ),
            (API, &perms[..], None),
            "{backend}"
        );
        let org_grant = idp.api_key_grant(&org.row).await.unwrap();
        assert!(
            org_grant.permissions.is_empty(),
            "{backend}: not platform-wide"
        );
        assert_eq!(
            org_grant.org.map(|o| (o.slug, o.role, o.permissions)),
            Some(("acme".into(), None, vec!["read:x".to_owned()])),
            "{backend}"
        );
        idp.unassign_role("ada@example.com", "editor", NOW)
            .await
            .unwrap();
        assert!(
            idp.api_key_grant(&found)
                .await
                .unwrap()
                .permissions
                .is_empty(),
            "{backend}: the role is gone, so is what the key carries"
        );
        // Created for more than the owner holds: refused, naming it.
        for (owner, perms) in [
            (KeyOwner::User("ada@example.com"), vec!["read:x".to_owned()]),
            (KeyOwner::Org("acme"), vec!["write:x".to_owned()]),
        ] {
            let refused = idp
                .create_api_key("more", owner, Some(API), &perms, None, NOW)
                .await;
            assert!(
                matches!(&refused, Err(IdpError::InvalidInput(m)) if m.contains(&perms[0])),
                "{backend}: {owner:?}: {refused:?}"
            );
        }
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
