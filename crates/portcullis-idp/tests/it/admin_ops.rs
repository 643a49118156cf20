//! What administrators change: users (email, deletion), sessions, clients and APIs.

use portcullis_idp::{ClientSpec, IdpError, Secret, UserUpdate};

use crate::db::{NOW, idp_on, stores};

const PW: &str = "correct horse battery";
const API: &str = "https://api.example.com";

/// The token of the newest verification link mailed to `to`.
async fn mailed_token(idp: &portcullis_idp::Idp, to: &str) -> String {
    let mail = idp.store().outbox(Some(to), 1).await.unwrap();
    let body = &mail[0].body;
    let start = body.find("token=").unwrap() + "token=".len();
    body[start..].split_whitespace().next().unwrap().to_owned()
}

#[tokio::test]
async fn a_changed_email_is_unverified_and_voids_links_sent_to_the_old_one() {
    for (backend, store) in stores().await {
        let idp = idp_on(store).await;
        let ada = idp
            .signup("ada@example.com", PW.into(), Some("Ada".into()), None, NOW)
            .await
            .unwrap();
        idp.signup("bob@example.com", PW.into(), None, None, NOW)
            .await
            .unwrap();
        idp.send_verification(&ada.user.id, NOW).await.unwrap();
        let old_link = mailed_token(&idp, "ada@example.com").await;
        idp.send_verification(&ada.user.id, NOW).await.unwrap();
        let used = mailed_token(&idp, "ada@example.com").await;
        assert!(idp.verify_email(&used, NOW).await.unwrap());
        let change = UserUpdate {
            email: Some("Ada@New.Example".into()),
            ..UserUpdate::default()
        };
        let user = idp
            .update_user(&ada.user.id, change, NOW + 1)
            .await
            .unwrap();
        assert_eq!(
            (user.email.as_str(), user.email_verified),
            ("ada@new.example", false),
            "{backend}"
        );
        assert!(
            !idp.verify_email(&old_link, NOW + 2).await.unwrap(),
            "{backend}: a link to the old address no longer verifies the new one"
        );
        let audit = idp
            .store()
            .audit_events(None, Some("user.updated"), 10)
            .await
            .unwrap();
        assert_eq!(audit[0].details, r#"{"changed":["email"]}"#, "{backend}");
        // Same address in another case: nothing changes.
        let same = UserUpdate {
            email: Some("ADA@new.example".into()),
            ..UserUpdate::default()
        };
        idp.update_user(&ada.user.id, same, NOW + 3).await.unwrap();
        let taken = UserUpdate {
            email: Some("bob@example.com".into()),
            ..UserUpdate::default()
        };
        assert!(matches!(
            idp.update_user(&ada.user.id, taken, NOW + 4).await,
            Err(IdpError::EmailTaken)
        ));
        assert!(matches!(
            idp.update_user("usr_nope", UserUpdate::default(), NOW)
                .await,
            Err(IdpError::NotFound("user"))
        ));
    }
}

#[tokio::test]
async fn a_deleted_user_leaves_nothing_usable_behind() {
    for (backend, store) in stores().await {
        let idp = idp_on(store).await;
        idp.create_api(API, "API", &["read:x"], NOW).await.unwrap();
        idp.create_role("reader", API, &["read:x"], NOW)
            .await
            .unwrap();
        let ada = idp
            .signup("ada@example.com", PW.into(), None, None, NOW)
            .await
            .unwrap();
        let id = ada.user.id.clone();
        idp.assign_role(&id, "reader", NOW).await.unwrap();
        let browser = idp.start_browser_session(&id, NOW).await.unwrap();
        idp.send_verification(&id, NOW).await.unwrap();
        let link = mailed_token(&idp, "ada@example.com").await;
        let key = idp
            .create_api_key(
                "ci",
                portcullis_idp::KeyOwner::User(&id),
                None,
                &[],
                None,
                NOW,
            )
            .await
            .unwrap();
        idp.create_org("Acme", "acme", None, Some("ada@example.com"), NOW)
            .await
            .unwrap();
        // The last owner stays.
        let refused = idp.delete_user(&id, NOW).await.unwrap_err();
        assert!(
            matches!(&refused, IdpError::Conflict(m) if m.contains("acme")),
            "{backend}: {refused:?}"
        );
        idp.signup("bob@example.com", PW.into(), None, None, NOW)
            .await
            .unwrap();
        idp.set_member("acme", "bob@example.com", "owner", NOW)
            .await
            .unwrap();
        idp.delete_user("ada@example.com", NOW + 1).await.unwrap();
        assert!(matches!(
            idp.find_user(&id).await,
            Err(IdpError::NotFound("user"))
        ));
        assert!(
            idp.refresh(&ada.refresh_token, NOW + 2).await.is_err(),
            "{backend}"
        );
        assert!(
            idp.browser_session(&browser, NOW + 2)
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            !idp.verify_email(&link, NOW + 2).await.unwrap(),
            "{backend}"
        );
        assert!(
            idp.check_api_key(&key.key, NOW + 2)
                .await
                .unwrap()
                .is_none()
        );
        assert!(idp.store().user_roles(&id).await.unwrap().is_empty());
        let acme = idp.find_org("acme").await.unwrap();
        assert_eq!(idp.store().members_of_org(&acme.id).await.unwrap().len(), 1);
        assert!(matches!(
            idp.delete_user(&id, NOW).await,
            Err(IdpError::NotFound("user"))
        ));
        // The address can sign up again, as a new account.
        let again = idp
            .signup("ada@example.com", PW.into(), None, None, NOW + 3)
            .await
            .unwrap();
        assert_ne!(again.user.id, id, "{backend}");
    }
}

#[tokio::test]
async fn sessions_are_listed_and_revoked_one_or_all() {
    for (backend, store) in stores().await {
        let idp = idp_on(store).await;
        let first = idp
            .signup("ada@example.com", PW.into(), None, None, NOW)
            .await
            .unwrap();
        let second = idp
            .login("ada@example.com", PW.into(), None, NOW + 1)
            .await
            .unwrap();
        let rotated = idp.refresh(&second.refresh_token, NOW + 5).await.unwrap();
        let list = idp
            .list_sessions("ada@example.com", None, 10, NOW + 6)
            .await
            .unwrap();
        assert_eq!(list.len(), 2, "{backend}");
        let used: Vec<Option<i64>> = list.iter().map(|s| s.last_used_at).collect();
        assert!(
            used.contains(&Some(NOW + 5)) && used.contains(&None),
            "{backend}: {used:?}"
        );
        let page = idp
            .list_sessions("ada@example.com", None, 1, NOW + 6)
            .await
            .unwrap();
        let rest = idp
            .list_sessions("ada@example.com", Some(&page[0].id), 10, NOW + 6)
            .await
            .unwrap();
        assert_eq!((page.len(), rest.len()), (1, 1));
        assert_ne!(page[0].id, rest[0].id);
        // Revoking the first login's session leaves the second.
        let first_sid = list
            .iter()
            .find(|s| s.last_used_at.is_none())
            .unwrap()
            .id
            .clone();
        idp.revoke_user_session(&first.user.id, &first_sid, NOW + 7)
            .await
            .unwrap();
        assert!(idp.refresh(&first.refresh_token, NOW + 8).await.is_err());
        assert!(matches!(
            idp.revoke_user_session(&first.user.id, "ses_nope", NOW)
                .await,
            Err(IdpError::NotFound("session"))
        ));
        let live = idp
            .list_sessions(&first.user.id, None, 10, NOW + 8)
            .await
            .unwrap();
        assert_eq!(live.len(), 1, "{backend}");
        idp.revoke_sessions("ada@example.com", NOW + 9)
            .await
            .unwrap();
        assert!(idp.refresh(&rotated.refresh_token, NOW + 10).await.is_err());
        assert!(
            idp.list_sessions(&first.user.id, None, 10, NOW + 10)
                .await
                .unwrap()
                .is_empty()
        );
    }
}

#[tokio::test]
async fn clients_apis_and_roles_go_with_what_they_granted() {
    for (backend, store) in stores().await {
        let idp = idp_on(store).await;
        idp.create_api(API, "API", &["read:x", "write:x"], NOW)
            .await
            .unwrap();
        let perms = vec!["read:x".to_owned()];
        let spec = ClientSpec {
            name: "job",
            confidential: true,
            audience: Some(API),
            permissions: &perms,
            ..ClientSpec::default()
        };
        let (client, secret) = idp.register_client(&spec, NOW).await.unwrap();
        let secret: Secret = secret.unwrap();
        let row = idp
            .authenticate_client(&client.info.id, &secret)
            .await
            .unwrap();
        let grant = idp.client_credentials(&row, None, None, NOW).await.unwrap();
        assert_eq!(grant.scope, "read:x", "{backend}");
        // Removing the permission from the API takes it from the client.
        idp.remove_permission(API, "read:x", NOW).await.unwrap();
        let grant = idp.client_credentials(&row, None, None, NOW).await.unwrap();
        assert_eq!(grant.scope, "", "{backend}");
        assert!(matches!(
            idp.create_permission(API, "write:x", None, NOW).await,
            Err(IdpError::Conflict(_))
        ));
        // A role, granted and revoked.
        idp.new_role("writer", Some("Writes"), NOW).await.unwrap();
        idp.grant_role("writer", API, "write:x", NOW).await.unwrap();
        assert!(matches!(
            idp.grant_role("writer", API, "read:x", NOW).await,
            Err(IdpError::NotFound("permission"))
        ));
        assert!(matches!(
            idp.new_role("writer", None, NOW).await,
            Err(IdpError::Conflict(_))
        ));
        let role = idp.find_role("writer").await.unwrap();
        assert_eq!(idp.store().role_grants(&role.id).await.unwrap().len(), 1);
        // Deleting the API takes its grants and the sessions for it; deleting the
        // client its credentials.
        let user = idp
            .signup(
                "ada@example.com",
                "correct horse battery".into(),
                None,
                Some(API),
                NOW,
            )
            .await
            .unwrap();
        idp.delete_api(API, NOW).await.unwrap();
        assert!(
            idp.refresh(&user.refresh_token, NOW + 1).await.is_err(),
            "{backend}: a session for the deleted API does not refresh"
        );
        assert!(
            idp.store().role_grants(&role.id).await.unwrap().is_empty(),
            "{backend}"
        );
        idp.delete_client(&client.info.id, NOW).await.unwrap();
        assert!(matches!(
            idp.authenticate_client(&client.info.id, &secret).await,
            Err(IdpError::InvalidClient)
        ));
        assert!(matches!(
            idp.delete_client(&client.info.id, NOW).await,
            Err(IdpError::NotFound("client"))
        ));
    }
}

#[tokio::test]
async fn the_default_audience_cannot_be_deleted() {
    for (backend, store) in stores().await {
        let config = portcullis_idp::IdpConfig {
            default_audience: Some(API.to_owned()),
            ..crate::db::immediate_config()
        };
        let idp = crate::db::idp_with(store, config).await;
        idp.create_api(API, "API", &[], NOW).await.unwrap();
        assert!(
            matches!(idp.delete_api(API, NOW).await, Err(IdpError::Conflict(_))),
            "{backend}"
        );
        assert!(idp.find_api(API).await.is_ok(), "{backend}: still there");
    }
}
