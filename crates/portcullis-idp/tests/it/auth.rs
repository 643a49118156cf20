//! Sign-up and login.

use portcullis_idp::{IdpError, Secret};

use crate::db::{ISSUER, NOW, idp_on, stores, verify};

#[tokio::test]
async fn signup_then_login_issues_verifiable_tokens() {
    for (backend, store) in stores().await {
        let idp = idp_on(store).await;
        let signup = idp
            .signup(
                "  Ada@Example.com ",
                "correct horse battery".into(),
                Some("Ada".into()),
                None,
                NOW,
            )
            .await
            .unwrap();
        assert_eq!(signup.user.email, "ada@example.com", "{backend}");
        assert!(signup.user.id.starts_with("usr_"));
        assert!(signup.refresh_token.expose().starts_with("prt_"));
        let claims = verify(&idp, &signup.access.token, ISSUER, NOW).await;
        assert_eq!(claims["sub"], signup.user.id.as_str(), "{backend}");
        assert_eq!(claims["exp"], NOW + 900);
        for name in ["jti", "sid", "client_id", "scope", "iat"] {
            assert!(claims.contains_key(name), "{backend}: {name}");
        }
        let login = idp
            .login(
                "ADA@example.com",
                "correct horse battery".into(),
                None,
                NOW + 1,
            )
            .await
            .unwrap();
        assert_eq!(login.user.id, signup.user.id, "{backend}");
        assert_ne!(login.refresh_token.expose(), signup.refresh_token.expose());
    }
}

#[tokio::test]
async fn wrong_password_and_unknown_email_fail_identically() {
    for (backend, store) in stores().await {
        let idp = idp_on(store).await;
        idp.signup(
            "ada@example.com",
            "correct horse battery".into(),
            None,
            None,
            NOW,
        )
        .await
        .unwrap();
        for (email, password) in [
            ("ada@example.com", "wrong horse battery"),
            ("nobody@example.com", "correct horse battery"),
            ("not an email", "correct horse battery"),
            ("ada@example.com", ""),
        ] {
            let err = idp
                .login(email, password.into(), None, NOW)
                .await
                .unwrap_err();
            assert!(
                matches!(err, IdpError::InvalidCredentials),
                "{backend}: {email}: {err:?}"
            );
        }
        let huge = "x".repeat(portcullis_idp::MAX_PASSWORD_BYTES + 1);
        let err = idp
            .login("ada@example.com", huge, None, NOW)
            .await
            .unwrap_err();
        assert!(matches!(err, IdpError::InvalidCredentials), "{backend}");
    }
}

#[tokio::test]
async fn signup_refuses_bad_input_and_duplicates() {
    for (backend, store) in stores().await {
        let idp = idp_on(store).await;
        idp.signup(
            "ada@example.com",
            "correct horse battery".into(),
            None,
            None,
            NOW,
        )
        .await
        .unwrap();
        let dup = idp
            .signup(
                "ADA@example.com ",
                "another good password".into(),
                None,
                None,
                NOW,
            )
            .await;
        assert!(
            matches!(dup, Err(IdpError::EmailTaken)),
            "{backend}: {dup:?}"
        );
        for (email, password, needle) in [
            ("", "correct horse battery", "email is required"),
            ("a@b", "correct horse battery", "email"),
            ("bob@example.com", "short", "at least 8"),
            ("bob@example.com", "password123", "too common"),
            ("bob@example.com", "bob@example.com", "email"),
            ("bob@example.com", "aaaaaaaaaaaa", "too common"),
        ] {
            match idp.signup(email, password.into(), None, None, NOW).await {
                Err(IdpError::InvalidInput(m)) => assert!(m.contains(needle), "{backend}: {m}"),
                other => panic!("{backend}: {email}/{password}: {other:?}"),
            }
        }
        let unknown = idp
            .signup(
                "bob@example.com",
                "correct horse battery".into(),
                None,
                Some("https://nope.example"),
                NOW,
            )
            .await;
        assert!(
            matches!(unknown, Err(IdpError::UnknownAudience)),
            "{backend}"
        );
        // Nothing half-done: the refused sign-ups created no account.
        assert!(
            idp.store()
                .user_by_email("bob@example.com")
                .await
                .unwrap()
                .is_none(),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn passwords_are_stored_as_argon2id_and_rehashed_on_login() {
    for (backend, store) in stores().await {
        let idp = idp_on(store.clone()).await;
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
        let row = store.user_by_id(&login.user.id).await.unwrap().unwrap();
        assert!(
            row.password_hash
                .starts_with("$argon2id$v=19$m=64,t=1,p=1$"),
            "{backend}"
        );
        assert!(!row.password_hash.contains("correct horse"));
        // The same store, stronger parameters: a login upgrades the hash.
        let keys = portcullis_idp::KeyRing::new(
            store.clone(),
            portcullis_idp::MasterKey::generate().unwrap(),
            portcullis_jwt::Algorithm::ES256,
        )
        .unwrap();
        let stronger = portcullis_idp::PasswordHasher::with_params(
            128,
            1,
            1,
            2,
            std::time::Duration::from_secs(5),
        )
        .unwrap();
        let idp2 =
            portcullis_idp::Idp::new(store.clone(), stronger, keys, crate::db::immediate_config());
        // idp2's key ring has a different master key: it cannot sign, but it can check passwords.
        let _ = idp2
            .login("ada@example.com", "correct horse battery".into(), None, NOW)
            .await;
        let row = store.user_by_id(&login.user.id).await.unwrap().unwrap();
        assert!(
            row.password_hash
                .starts_with("$argon2id$v=19$m=128,t=1,p=1$"),
            "{backend}: {}",
            row.password_hash
        );
        let _ = Secret::new(String::new());
    }
}

#[tokio::test]
async fn listing_finding_and_disabling_users() {
    for (backend, store) in stores().await {
        let idp = idp_on(store.clone()).await;
        for name in ["carol", "ada", "bob", "a_b", "a%c"] {
            idp.signup(
                &format!("{name}@example.com"),
                "correct horse battery".into(),
                None,
                None,
                NOW,
            )
            .await
            .unwrap();
        }
        let page1 = store.list_users(None, None, 2).await.unwrap();
        let page2 = store.list_users(None, Some(&page1[1].id), 2).await.unwrap();
        let page3 = store.list_users(None, Some(&page2[1].id), 2).await.unwrap();
        assert_eq!(
            (page1.len(), page2.len(), page3.len()),
            (2, 2, 1),
            "{backend}"
        );
        assert!(page1[1].id < page2[0].id);
        // LIKE wildcards in the search are literal.
        let underscore = store.list_users(Some("a_b"), None, 10).await.unwrap();
        assert_eq!(
            underscore
                .iter()
                .map(|u| u.email.as_str())
                .collect::<Vec<_>>(),
            ["a_b@example.com"],
            "{backend}"
        );
        assert_eq!(
            store.list_users(Some("%"), None, 10).await.unwrap().len(),
            1,
            "{backend}"
        );
        assert_eq!(store.list_users(None, None, 10_000).await.unwrap().len(), 5);
        assert_eq!(
            store.list_users(None, None, -5).await.unwrap().len(),
            1,
            "{backend}: clamped"
        );
        let login = idp
            .login("ada@example.com", "correct horse battery".into(), None, NOW)
            .await
            .unwrap();
        let ada = idp.find_user("ADA@example.com").await.unwrap();
        assert_eq!(
            idp.find_user(&ada.id).await.unwrap().email,
            "ada@example.com"
        );
        assert!(matches!(
            idp.find_user("usr_nope").await,
            Err(IdpError::NotFound("user"))
        ));
        let disabled = idp.disable_user(&ada.id, NOW + 1).await.unwrap();
        assert!(disabled.disabled, "{backend}");
        assert!(
            idp.refresh(&login.refresh_token, NOW + 2).await.is_err(),
            "{backend}: sessions revoked"
        );
        let err = idp
            .login(
                "ada@example.com",
                "correct horse battery".into(),
                None,
                NOW + 2,
            )
            .await
            .unwrap_err();
        assert!(
            matches!(err, IdpError::InvalidCredentials),
            "{backend}: same answer as a wrong password"
        );
        let minted = idp
            .mint_test_token("svc_1", None, vec!["read:x".into()], NOW)
            .await
            .unwrap();
        let claims = crate::db::verify(&idp, &minted.token, ISSUER, NOW).await;
        assert_eq!(
            (claims["sub"].as_str(), claims["scope"].as_str()),
            (Some("svc_1"), Some("read:x"))
        );
    }
}

#[tokio::test]
async fn failed_logins_are_throttled_per_email_known_or_not() {
    for (backend, store) in stores().await {
        let idp = idp_on(store).await;
        idp.signup(
            "ada@example.com",
            "correct horse battery".into(),
            None,
            None,
            NOW,
        )
        .await
        .unwrap();
        for email in ["ada@example.com", "ghost@example.com"] {
            for i in 0..4 {
                let err = idp
                    .login(email, "wrong password".into(), None, NOW)
                    .await
                    .unwrap_err();
                assert!(
                    matches!(err, IdpError::InvalidCredentials),
                    "{backend}: {email} attempt {i}: {err:?}"
                );
            }
            // The fourth failure set a 2 s delay: even the right password waits.
            let err = idp
                .login(email, "correct horse battery".into(), None, NOW + 1)
                .await
                .unwrap_err();
            assert!(
                matches!(err, IdpError::Throttled { retry_after: 1 }),
                "{backend}: {email}: {err:?}"
            );
        }
        // After the delay the right password works and clears the count.
        idp.login(
            "ADA@example.com",
            "correct horse battery".into(),
            None,
            NOW + 2,
        )
        .await
        .unwrap();
        for _ in 0..3 {
            assert!(matches!(
                idp.login("ada@example.com", "nope nope".into(), None, NOW + 3)
                    .await,
                Err(IdpError::InvalidCredentials)
            ));
        }
        // An administrator can lift a delay.
        assert!(matches!(
            idp.login("ghost@example.com", "x".into(), None, NOW + 2)
                .await,
            Err(IdpError::InvalidCredentials) | Err(IdpError::Throttled { .. })
        ));
        idp.unlock_login("ghost@example.com").await.unwrap();
        assert!(
            matches!(
                idp.login("ghost@example.com", "x".into(), None, NOW + 2)
                    .await,
                Err(IdpError::InvalidCredentials)
            ),
            "{backend}"
        );
        // More than a hundred failures (once a permanent lock) still only delay: no
        // wait is longer than 15 minutes, and after it the right password works.
        let mut now = NOW + 10;
        let mut failures = 0;
        while failures < 120 {
            match idp
                .login("ada@example.com", "still wrong".into(), None, now)
                .await
            {
                Err(IdpError::InvalidCredentials) => failures += 1,
                Err(IdpError::Throttled { retry_after }) => {
                    assert!(
                        (1..=15 * 60).contains(&retry_after),
                        "{backend}: {retry_after}"
                    );
                    now += retry_after;
                }
                other => panic!("{backend}: {other:?}"),
            }
        }
        let err = idp
            .login("ada@example.com", "correct horse battery".into(), None, now)
            .await
            .unwrap_err();
        assert!(
            matches!(err, IdpError::Throttled { retry_after: 900 }),
            "{backend}: {err:?}"
        );
        idp.login(
            "ada@example.com",
            "correct horse battery".into(),
            None,
            now + 15 * 60,
        )
        .await
        .unwrap();
    }
}

#[tokio::test]
async fn known_and_unknown_addresses_cost_the_same_work() {
    for (backend, store) in stores().await {
        let hasher = crate::db::fast_hasher();
        let idp = crate::db::idp_with_hasher(
            store,
            hasher.clone(),
            portcullis_idp::IdpConfig::new(ISSUER),
        )
        .await;
        idp.create_user("ada@example.com", "ada's own passphrase".into(), None, NOW)
            .await
            .unwrap();
        let mut costs = Vec::new();
        // Registering a taken and a new address: one hash each.
        for email in ["ada@example.com", "bob@example.com"] {
            let before = hasher.jobs();
            idp.register(email, "a new long passphrase".into(), None, None, NOW)
                .await
                .unwrap();
            costs.push(("register", email, hasher.jobs() - before));
        }
        // Signing in: wrong password, unknown address, unconfirmed account.
        for (email, password) in [
            ("ada@example.com", "not her passphrase"),
            ("nobody@example.com", "not her passphrase"),
            ("bob@example.com", "a new long passphrase"),
        ] {
            let before = hasher.jobs();
            let err = idp
                .login(email, password.into(), None, NOW)
                .await
                .unwrap_err();
            assert!(
                matches!(err, IdpError::InvalidCredentials),
                "{backend}: {err:?}"
            );
            costs.push(("login", email, hasher.jobs() - before));
        }
        assert!(
            costs.iter().all(|(_, _, jobs)| *jobs == 1),
            "{backend}: one argon2 computation on every path: {costs:?}"
        );
    }
}
