//! APIs, roles and permissions in tokens; machine clients.

use portcullis_idp::{IdpError, Secret};

use crate::db::{NOW, idp_on, stores, verify};

const API: &str = "https://hello-world.example.com";

#[tokio::test]
async fn role_permissions_go_into_tokens_for_their_audience() {
    for (backend, store) in stores().await {
        let idp = idp_on(store).await;
        idp.create_api(API, "Hello World", &["read:messages"], NOW)
            .await
            .unwrap();
        idp.create_role("admin", API, &["read:admin-messages"], NOW)
            .await
            .unwrap();
        idp.signup(
            "admin@example.com",
            "correct horse battery".into(),
            None,
            None,
            NOW,
        )
        .await
        .unwrap();
        idp.signup(
            "user@example.com",
            "correct horse battery".into(),
            None,
            None,
            NOW,
        )
        .await
        .unwrap();
        idp.assign_role("admin@example.com", "admin", NOW)
            .await
            .unwrap();
        let admin = idp
            .login(
                "admin@example.com",
                "correct horse battery".into(),
                Some(API),
                NOW,
            )
            .await
            .unwrap()
            .signed_in()
            .unwrap();
        let claims = verify(&idp, &admin.access.token, API, NOW).await;
        assert_eq!(
            claims["permissions"],
            serde_json::json!(["read:admin-messages"]),
            "{backend}"
        );
        let user = idp
            .login(
                "user@example.com",
                "correct horse battery".into(),
                Some(API),
                NOW,
            )
            .await
            .unwrap()
            .signed_in()
            .unwrap();
        assert_eq!(
            verify(&idp, &user.access.token, API, NOW).await["permissions"],
            serde_json::json!([])
        );
        // A role granted later applies at the next refresh.
        idp.assign_role("user@example.com", "admin", NOW)
            .await
            .unwrap();
        let refreshed = idp.refresh(&user.refresh_token, NOW + 1).await.unwrap();
        let claims = verify(&idp, &refreshed.access.token, API, NOW + 1).await;
        assert_eq!(
            claims["permissions"],
            serde_json::json!(["read:admin-messages"]),
            "{backend}"
        );
        assert!(matches!(
            idp.assign_role("nobody@example.com", "admin", NOW).await,
            Err(IdpError::NotFound("user"))
        ));
        assert!(matches!(
            idp.assign_role("user@example.com", "nope", NOW).await,
            Err(IdpError::NotFound("role"))
        ));
        assert!(
            idp.create_api(API, "again", &[], NOW).await.is_err(),
            "{backend}: duplicate API"
        );
        assert!(
            idp.create_role("admin", API, &[], NOW).await.is_err(),
            "{backend}: duplicate role"
        );
        assert!(
            idp.create_role("r2", API, &["has space"], NOW)
                .await
                .is_err(),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn client_credentials_authenticate_and_narrow_scope() {
    for (backend, store) in stores().await {
        let idp = idp_on(store).await;
        idp.create_api(API, "Hello World", &[], NOW).await.unwrap();
        let client = idp
            .create_client("billing job", Some(API), NOW)
            .await
            .unwrap();
        idp.grant_client(&client.client_id, API, &["read:messages", "write:messages"])
            .await
            .unwrap();
        let wrong = idp
            .authenticate_client(&client.client_id, &Secret::new("pcs_wrong".into()))
            .await;
        assert!(matches!(wrong, Err(IdpError::InvalidClient)), "{backend}");
        let unknown = idp
            .authenticate_client("cli_nope", &client.client_secret)
            .await;
        assert!(matches!(unknown, Err(IdpError::InvalidClient)), "{backend}");
        let row = idp
            .authenticate_client(&client.client_id, &client.client_secret)
            .await
            .unwrap();
        let all = idp.client_credentials(&row, None, None, NOW).await.unwrap();
        assert_eq!(all.scope, "read:messages write:messages", "{backend}");
        let claims = verify(&idp, &all.access.token, API, NOW).await;
        assert_eq!(claims["sub"], client.client_id.as_str());
        assert!(!claims.contains_key("sid"));
        let narrow = idp
            .client_credentials(&row, None, Some("read:messages"), NOW)
            .await
            .unwrap();
        assert_eq!(narrow.scope, "read:messages");
        // What the client was not granted is dropped (RFC 6749 §3.3), never issued.
        let too_much = idp
            .client_credentials(&row, None, Some("admin:all read:messages"), NOW)
            .await
            .unwrap();
        assert_eq!(too_much.scope, "read:messages", "{backend}");
        let claims = verify(&idp, &too_much.access.token, API, NOW).await;
        assert_eq!(claims["permissions"], serde_json::json!(["read:messages"]));
        let none = idp
            .client_credentials(&row, None, Some("admin:all"), NOW)
            .await
            .unwrap();
        assert_eq!(none.scope, "", "{backend}");
        let stored = idp.client_by_id(&client.client_id).await.unwrap().unwrap();
        assert_ne!(
            stored.secret_hash.as_deref(),
            Some(client.client_secret.expose()),
            "stored hashed"
        );
    }
}
