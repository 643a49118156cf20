//! Who must sign in with a second factor: organizations, roles and clients an
//! administrator marks (`/api/admin/mfa-policy`, `…/mfa-required`), and everyone with
//! the `mfa_required` setting. What the sign-in then asks is in `browser/enrol.rs` and
//! `mfa.rs`; this is the policy itself.

use portcullis_idp::{MfaRequirement, MfaTarget};
use portcullis_server::Clock;
use reqwest::Method as M;
use serde_json::json;

use crate::helpers::{reader_token, refused, root_token, send, servers, servers_with};

const T: i64 = 1_800_000_000;

#[tokio::test]
async fn administrators_mark_organizations_roles_and_clients() {
    for (backend, s) in servers().await {
        let idp = s.server.idp();
        s.signup("ada@example.com").await;
        s.signup("bob@example.com").await;
        s.signup("cy@example.com").await;
        idp.create_org("Acme Inc.", "acme", None, Some("ada@example.com"), T)
            .await
            .unwrap();
        idp.new_role("auditor", None, T).await.unwrap();
        idp.assign_role("bob@example.com", "auditor", T)
            .await
            .unwrap();
        idp.ensure_public_client(
            "payroll",
            "Payroll",
            &[],
            &["https://payroll.example/cb"],
            &[],
            T,
        )
        .await
        .unwrap();
        let root = root_token(&s).await;
        let reader = reader_token(&s).await;
        // Nobody yet.
        for email in ["ada@example.com", "bob@example.com", "cy@example.com"] {
            let id = idp.find_user(email).await.unwrap().id;
            assert_eq!(
                idp.mfa_required_for(&id, Some("payroll")).await.unwrap(),
                None,
                "{backend}"
            );
        }
        // A reader may look, not change; an unknown target is 404 and marks nothing.
        let (status, _) = send(
            &s,
            M::PUT,
            "/api/admin/orgs/acme/mfa-required",
            &reader,
            None,
        )
        .await;
        assert_eq!(status, 403, "{backend}");
        for path in [
            "/api/admin/orgs/nope/mfa-required",
            "/api/admin/roles/nope/mfa-required",
            "/api/admin/clients/nope/mfa-required",
        ] {
            let (status, message) = refused(&s, M::PUT, path, &root, None).await;
            assert_eq!(status, 404, "{backend}: {path} {message}");
        }
        for path in [
            "/api/admin/orgs/acme/mfa-required",
            "/api/admin/roles/auditor/mfa-required",
            "/api/admin/clients/payroll/mfa-required",
        ] {
            for _ in 0..2 {
                let (status, body) = send(&s, M::PUT, path, &root, None).await;
                assert_eq!(status, 204, "{backend}: {path} {body}");
            }
        }
        let (status, policy) = send(&s, M::GET, "/api/admin/mfa-policy", &reader, None).await;
        assert_eq!(status, 200, "{backend}");
        let acme = idp.org("acme").await.unwrap().unwrap();
        let auditor = idp.find_role("auditor").await.unwrap();
        assert_eq!(
            policy,
            json!({
                "everyone": false,
                "organizations": [{"id": acme.id, "name": "Acme Inc."}],
                "roles": [{"id": auditor.id, "name": "auditor"}],
                "clients": [{"id": "payroll", "name": "Payroll"}],
            }),
            "{backend}"
        );
        // Who falls under what: a member, a holder, anyone signing in to the client.
        let id = |email: &'static str| async move { idp.find_user(email).await.unwrap().id };
        let ada = id("ada@example.com").await;
        let bob = id("bob@example.com").await;
        let cy = id("cy@example.com").await;
        let marked = |target, id: &str, name: &str| {
            Some(MfaRequirement::Marked {
                target,
                id: id.to_owned(),
                name: name.to_owned(),
            })
        };
        assert_eq!(
            idp.mfa_required_for(&ada, None).await.unwrap(),
            marked(MfaTarget::Organization, &acme.id, "Acme Inc."),
            "{backend}"
        );
        assert_eq!(
            idp.mfa_required_for(&bob, None).await.unwrap(),
            marked(MfaTarget::Role, &auditor.id, "auditor"),
            "{backend}"
        );
        assert_eq!(
            idp.mfa_required_for(&cy, None).await.unwrap(),
            None,
            "{backend}"
        );
        assert_eq!(
            idp.mfa_required_for(&cy, Some("payroll")).await.unwrap(),
            marked(MfaTarget::Client, "payroll", "Payroll"),
            "{backend}"
        );
        // Lifting is idempotent too, and each change is audited once.
        for _ in 0..2 {
            let (status, _) = send(
                &s,
                M::DELETE,
                "/api/admin/orgs/acme/mfa-required",
                &root,
                None,
            )
            .await;
            assert_eq!(status, 204, "{backend}");
        }
        assert_eq!(
            idp.mfa_required_for(&ada, None).await.unwrap(),
            None,
            "{backend}"
        );
        let (_, audit) = send(
            &s,
            M::GET,
            "/api/admin/audit?action=mfa.required",
            &root,
            None,
        )
        .await;
        assert_eq!(
            audit["items"].as_array().unwrap().len(),
            3,
            "{backend}: {audit}"
        );
        let (_, audit) = send(
            &s,
            M::GET,
            "/api/admin/audit?action=mfa.no_longer_required",
            &root,
            None,
        )
        .await;
        let items = audit["items"].as_array().unwrap();
        assert_eq!(items.len(), 1, "{backend}: {audit}");
        assert_eq!(items[0]["target"], json!(acme.id), "{backend}: {audit}");
    }
}

#[tokio::test]
async fn the_setting_requires_it_of_everyone() {
    let servers = servers_with(Clock::system(), |c| portcullis_server::ServerConfig {
        mfa_required: true,
        ..c
    })
    .await;
    for (backend, s) in servers {
        s.signup("ada@example.com").await;
        let idp = s.server.idp();
        let ada = idp.find_user("ada@example.com").await.unwrap().id;
        assert_eq!(
            idp.mfa_required_for(&ada, None).await.unwrap(),
            Some(MfaRequirement::Everyone),
            "{backend}"
        );
        // The JSON login does not skip it: 403, pointing to the hosted sign-in.
        let r = s
            .post_json(
                "/api/auth/login",
                &json!({"email": "ada@example.com", "password": "correct horse battery"}),
            )
            .await;
        assert_eq!(r.status, 403, "{backend}: {}", r.text);
        assert!(
            r.body["message"]
                .as_str()
                .unwrap()
                .contains("second factor"),
            "{backend}"
        );
        assert!(r.body.get("access_token").is_none(), "{backend}");
        assert!(idp.mfa_policy().await.unwrap().everyone, "{backend}");
    }
}
