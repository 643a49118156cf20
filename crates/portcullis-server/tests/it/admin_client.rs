//! The typed admin API client (`portcullis::AdminClient`) against a real issuer.

use portcullis::AdminError;
use portcullis::admin_client::{ClientChange, NewClientRequest, UserChange};

use crate::helpers::{API, TestServer, admin_audience, refresh, servers};

/// A typed client authenticating as a machine client with `admin:read` and
/// `admin:write`.
async fn typed_client(s: &TestServer) -> portcullis::AdminClient {
    let idp = s.server.idp();
    let aud = admin_audience(s);
    let machine = idp
        .create_client("backend", Some(&aud), 1_800_000_000)
        .await
        .unwrap();
    idp.grant_client(&machine.client_id, &aud, &["admin:read", "admin:write"])
        .await
        .unwrap();
    portcullis::AdminClient::new(
        s.server.issuer(),
        &machine.client_id,
        machine.client_secret.expose(),
    )
    .unwrap()
}

#[tokio::test]
async fn the_typed_admin_client_fetches_the_user_behind_a_token() {
    for (backend, s) in servers().await {
        let idp = s.server.idp();
        let up = s.signup("ada@example.com").await;
        let aud = admin_audience(&s);
        let machine = idp
            .create_client("backend", Some(&aud), 1_800_000_000)
            .await
            .unwrap();
        idp.grant_client(&machine.client_id, &aud, &["admin:read", "admin:write"])
            .await
            .unwrap();
        let admin = portcullis::AdminClient::new(
            s.server.issuer(),
            &machine.client_id,
            machine.client_secret.expose(),
        )
        .unwrap();
        // The full user behind a token's subject, in one call.
        let sub = up.body["user"]["id"].as_str().unwrap();
        let user = admin.user(sub).await.unwrap();
        assert_eq!(
            (user.id.as_str(), user.email.as_str()),
            (sub, "ada@example.com"),
            "{backend}"
        );
        assert!(
            matches!(
                admin.user("usr_nope").await,
                Err(portcullis::AdminError::NotFound(_))
            ),
            "{backend}"
        );
        let org = admin
            .create_organization("Acme", "acme", Some("ada@example.com"))
            .await
            .unwrap();
        assert_eq!(admin.organization(&org.id).await.unwrap().slug, "acme");
        assert!(matches!(
            admin.create_organization("Acme", "acme", None).await,
            Err(portcullis::AdminError::Refused(_))
        ));
        let listed = admin.organizations(Some("acm"), None, 10).await.unwrap();
        assert_eq!(listed.items.len(), 1, "{backend}");
        assert_eq!(listed.items[0].id, org.id);
        let sent = admin
            .invite("acme", "Grace@Example.com", "admin")
            .await
            .unwrap();
        assert_eq!(sent.email, "grace@example.com");
        let pending = admin.invitations("acme").await.unwrap();
        assert_eq!(pending.len(), 1, "{backend}");
        admin
            .revoke_invitation("acme", &pending[0].id)
            .await
            .unwrap();
        assert!(admin.invitations("acme").await.unwrap().is_empty());
        assert!(matches!(
            admin.revoke_invitation("acme", &pending[0].id).await,
            Err(portcullis::AdminError::NotFound(_))
        ));
        let members = admin.members("acme").await.unwrap();
        assert_eq!(
            (members.len(), members[0].role.as_str()),
            (1, "owner"),
            "{backend}"
        );
        let key = admin
            .create_org_api_key("acme", "ci", API, &[])
            .await
            .unwrap();
        assert!(key.key.starts_with("pcl_"));
        assert_eq!(key.api_key.audience, API, "{backend}");
        admin.revoke_api_key(&key.api_key.id).await.unwrap();
        let page = admin.users(None, None, 1).await.unwrap();
        assert_eq!(page.items.len(), 1);
        // Wrong credentials: refused clearly.
        let wrong =
            portcullis::AdminClient::new(s.server.issuer(), &machine.client_id, "pcs_wrong")
                .unwrap();
        assert!(
            matches!(
                wrong.user(sub).await,
                Err(portcullis::AdminError::Unauthorized(_))
            ),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn the_typed_admin_client_manages_users_roles_and_clients() {
    for (backend, s) in servers().await {
        let admin = typed_client(&s).await;
        let up = s.signup("ada@example.com").await;
        // Users and sessions.
        let change = UserChange {
            name: Some(Some("Ada".into())),
            disabled: Some(true),
            ..UserChange::default()
        };
        let user = admin.update_user("ada@example.com", &change).await.unwrap();
        assert_eq!(
            (user.user.name.as_deref(), user.disabled),
            (Some("Ada"), true),
            "{backend}"
        );
        let enable = UserChange {
            disabled: Some(false),
            ..UserChange::default()
        };
        assert!(
            !admin
                .update_user(&user.user.id, &enable)
                .await
                .unwrap()
                .disabled
        );
        crate::helpers::login(&s, "ada@example.com", API).await;
        let sessions = admin.sessions("ada@example.com", None, 10).await.unwrap();
        assert_eq!(
            sessions.items.len(),
            1,
            "{backend}: disabling ended the first"
        );
        admin
            .revoke_session("ada@example.com", &sessions.items[0].id)
            .await
            .unwrap();
        admin.revoke_sessions("ada@example.com").await.unwrap();
        assert!(matches!(
            admin.revoke_session("ada@example.com", "ses_nope").await,
            Err(AdminError::NotFound(_))
        ));
        // APIs, permissions, roles (a name with a space travels in the path).
        let api = admin
            .create_api("https://orders.example.com", "Orders", &["read:orders"])
            .await
            .unwrap();
        admin
            .add_permission(&api.identifier, "write:orders", Some("Place orders"))
            .await
            .unwrap();
        let perms = admin.permissions(&api.id, None, 10).await.unwrap();
        assert_eq!(perms.items.len(), 2, "{backend}");
        admin.create_role("order clerk", None).await.unwrap();
        let role = admin
            .grant_role_permission("order clerk", &api.identifier, "read:orders")
            .await
            .unwrap();
        assert_eq!(role.permissions[0].permission, "read:orders", "{backend}");
        admin
            .assign_role("ada@example.com", "order clerk")
            .await
            .unwrap();
        assert!(matches!(
            admin.assign_role("ada@example.com", "nope").await,
            Err(AdminError::NotFound(_))
        ));
        admin
            .unassign_role("ada@example.com", "order clerk")
            .await
            .unwrap();
        admin
            .revoke_role_permission("order clerk", &api.id, "read:orders")
            .await
            .unwrap();
        assert!(
            admin
                .role("order clerk")
                .await
                .unwrap()
                .permissions
                .is_empty()
        );
        assert!(admin.roles(None, 200).await.unwrap().items.len() >= 3);
        admin
            .remove_permission(&api.id, "write:orders")
            .await
            .unwrap();
        admin.delete_role("order clerk").await.unwrap();
        assert!(admin.apis(None, 10).await.unwrap().items.len() >= 3);
        admin.delete_api(&api.identifier).await.unwrap();
        assert!(matches!(
            admin.api(&api.id).await,
            Err(AdminError::NotFound(_))
        ));
        // Clients.
        let created = admin
            .create_client(&NewClientRequest {
                name: "spa".into(),
                public: true,
                audiences: vec![API.into()],
                third_party: true,
                redirect_uris: vec!["http://localhost:4040/cb".into()],
                ..NewClientRequest::default()
            })
            .await
            .unwrap();
        assert!(created.client_secret.is_none() && !created.client.confidential);
        assert_eq!(
            (created.client.audiences.clone(), created.client.third_party),
            (vec![API.to_owned()], true),
            "{backend}"
        );
        let changed = admin
            .update_client(
                &created.client.id,
                &ClientChange {
                    redirect_uris: Some(vec!["https://app.example.com/cb".into()]),
                    audiences: Some(Vec::new()),
                    third_party: Some(false),
                    ..ClientChange::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(
            changed.redirect_uris,
            ["https://app.example.com/cb"],
            "{backend}"
        );
        assert_eq!(
            (changed.audiences.is_empty(), changed.third_party),
            (true, false),
            "{backend}"
        );
        // Branding, typed: set, shown, and a hostile colour refused as bad input.
        let branding = portcullis::admin_client::ClientBranding {
            display_name: Some("Acme Cloud".into()),
            logo_uri: Some("https://cdn.acme.example/logo.svg".into()),
            accent_color: Some("#0A7B83".into()),
        };
        let branded = admin
            .update_client(
                &created.client.id,
                &ClientChange {
                    branding: Some(branding),
                    ..ClientChange::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(
            branded.branding.accent_color.as_deref(),
            Some("#0a7b83"),
            "{backend}"
        );
        assert_eq!(
            admin.client(&created.client.id).await.unwrap().branding,
            branded.branding
        );
        let hostile = ClientChange {
            branding: Some(portcullis::admin_client::ClientBranding {
                accent_color: Some("red;}".into()),
                ..Default::default()
            }),
            ..ClientChange::default()
        };
        assert!(
            matches!(
                admin.update_client(&created.client.id, &hostile).await,
                Err(AdminError::Refused(ref m)) if m.contains("accent_color")
            ),
            "{backend}"
        );
        assert!(admin.consents(&user.user.id).await.unwrap().is_empty());
        assert!(matches!(
            admin
                .revoke_consent(&user.user.id, &created.client.id)
                .await,
            Err(AdminError::NotFound(_))
        ));
        assert!(matches!(
            admin
                .create_client(&NewClientRequest {
                    name: "bad".into(),
                    redirect_uris: vec!["http://evil.example/cb".into()],
                    ..NewClientRequest::default()
                })
                .await,
            Err(AdminError::Refused(_))
        ));
        assert!(admin.clients(None, 10).await.unwrap().items.len() >= 2);
        assert_eq!(admin.client(&created.client.id).await.unwrap().name, "spa");
        admin.delete_client(&created.client.id).await.unwrap();
        // Deleting the user; their refresh token is dead.
        admin.delete_user(&user.user.id).await.unwrap();
        assert!(matches!(
            admin.user(&user.user.id).await,
            Err(AdminError::NotFound(_))
        ));
        let old = up.body["refresh_token"].as_str().unwrap();
        assert_eq!(refresh(&s, old).await.status, 400, "{backend}");
    }
}
