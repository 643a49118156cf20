//! Organizations, memberships, and the active organization in tokens.

use portcullis_idp::IdpError;
use serde_json::json;

use crate::db::{NOW, idp_on, stores, verify};

const API: &str = "https://hello-world.example.com";
const PW: &str = "correct horse battery";

#[tokio::test]
async fn members_log_in_to_an_organization_and_tokens_say_so() {
    for (backend, store) in stores().await {
        let idp = idp_on(store).await;
        idp.create_api(API, "Hello", &[], NOW).await.unwrap();
        idp.grant_org_role("admin", API, &["manage:billing"])
            .await
            .unwrap();
        idp.grant_org_role("member", API, &["read:reports"])
            .await
            .unwrap();
        for u in ["owner@example.com", "ada@example.com", "eve@example.com"] {
            idp.signup(u, PW.into(), None, None, NOW).await.unwrap();
        }
        let acme = idp
            .create_org(
                "Acme",
                "acme",
                Some(json!({"plan": "pro"})),
                Some("owner@example.com"),
                NOW,
            )
            .await
            .unwrap();
        let globex = idp
            .create_org("Globex", "globex", None, None, NOW)
            .await
            .unwrap();
        idp.set_member("acme", "ada@example.com", "member", NOW)
            .await
            .unwrap();
        idp.set_member(&globex.id, "ada@example.com", "admin", NOW)
            .await
            .unwrap();
        let login = idp
            .login_to("ada@example.com", PW.into(), Some(API), Some("acme"), NOW)
            .await
            .unwrap()
            .signed_in()
            .unwrap();
        let claims = verify(&idp, &login.access.token, API, NOW).await;
        assert_eq!(claims["org_id"], acme.id.as_str(), "{backend}");
        assert_eq!(
            (claims["org_slug"].as_str(), claims["org_role"].as_str()),
            (Some("acme"), Some("member"))
        );
        assert_eq!(
            claims["org_permissions"],
            json!(["read:reports"]),
            "{backend}"
        );
        // The same user in another organization, by id.
        let other = idp
            .login_to(
                "ada@example.com",
                PW.into(),
                Some(API),
                Some(&globex.id),
                NOW,
            )
            .await
            .unwrap()
            .signed_in()
            .unwrap();
        let claims = verify(&idp, &other.access.token, API, NOW).await;
        assert_eq!(
            (claims["org_slug"].as_str(), claims["org_role"].as_str()),
            (Some("globex"), Some("admin"))
        );
        assert_eq!(
            claims["org_permissions"],
            json!(["manage:billing"]),
            "{backend}"
        );
        // Not a member, or no such organization: the same answer.
        for org in ["acme", "nope"] {
            let err = idp
                .login_to("eve@example.com", PW.into(), Some(API), Some(org), NOW)
                .await
                .unwrap_err();
            assert!(
                matches!(err, IdpError::NotFound("organization")),
                "{backend}: {org}: {err:?}"
            );
        }
        // A promotion applies at the next refresh; a removal ends the session.
        idp.set_member("acme", "ada@example.com", "admin", NOW)
            .await
            .unwrap();
        let refreshed = idp.refresh(&login.refresh_token, NOW + 1).await.unwrap();
        let claims = verify(&idp, &refreshed.access.token, API, NOW + 1).await;
        assert_eq!(claims["org_role"], "admin", "{backend}");
        idp.remove_member("acme", "ada@example.com", NOW)
            .await
            .unwrap();
        let err = idp
            .refresh(&refreshed.refresh_token, NOW + 2)
            .await
            .unwrap_err();
        assert!(
            matches!(err, IdpError::InvalidGrant(m) if m.contains("no longer a member")),
            "{backend}"
        );
        assert!(
            idp.refresh(&other.refresh_token, NOW + 2).await.is_ok(),
            "{backend}: other orgs unaffected"
        );
    }
}

#[tokio::test]
async fn organization_rules() {
    for (backend, store) in stores().await {
        let idp = idp_on(store.clone()).await;
        idp.signup("owner@example.com", PW.into(), None, None, NOW)
            .await
            .unwrap();
        idp.signup("bob@example.com", PW.into(), None, None, NOW)
            .await
            .unwrap();
        idp.create_org("Acme", "acme", None, Some("owner@example.com"), NOW)
            .await
            .unwrap();
        let dup = idp
            .create_org("Acme 2", "acme", None, None, NOW)
            .await
            .unwrap_err();
        assert!(
            matches!(dup, IdpError::Conflict(m) if m.contains("already exists")),
            "{backend}"
        );
        for (name, slug, meta) in [
            ("", "x", None),
            ("X", "Bad Slug", None),
            ("X", "x", Some(json!([1]))),
        ] {
            assert!(
                matches!(
                    idp.create_org(name, slug, meta, None, NOW).await,
                    Err(IdpError::InvalidInput(_))
                ),
                "{backend}: {slug}"
            );
        }
        assert!(matches!(
            idp.create_org("X", "x2", None, Some("ghost@example.com"), NOW)
                .await,
            Err(IdpError::NotFound("user"))
        ));
        // The last owner stays.
        let demote = idp
            .set_member("acme", "owner@example.com", "member", NOW)
            .await
            .unwrap_err();
        assert!(
            matches!(demote, IdpError::Conflict(m) if m.contains("at least one owner")),
            "{backend}"
        );
        assert!(matches!(
            idp.remove_member("acme", "owner@example.com", NOW).await,
            Err(IdpError::Conflict(_))
        ));
        idp.set_member("acme", "bob@example.com", "owner", NOW)
            .await
            .unwrap();
        idp.remove_member("acme", "owner@example.com", NOW)
            .await
            .unwrap();
        assert!(matches!(
            idp.remove_member("acme", "owner@example.com", NOW).await,
            Err(IdpError::NotFound("membership"))
        ));
        // Roles must exist; custom roles can be defined with a rank.
        assert!(matches!(
            idp.set_member("acme", "owner@example.com", "wizard", NOW)
                .await,
            Err(IdpError::InvalidInput(_))
        ));
        idp.define_org_role("billing", 150, NOW).await.unwrap();
        let m = idp
            .set_member("acme", "owner@example.com", "billing", NOW)
            .await
            .unwrap();
        assert_eq!(m.role, "billing", "{backend}");
        assert_eq!(
            store.org_roles().await.unwrap()[..2],
            [("owner".to_owned(), 300), ("admin".to_owned(), 200)]
        );
        let members = store
            .members_of_org(&idp.find_org("acme").await.unwrap().id)
            .await
            .unwrap();
        assert_eq!(
            members.iter().map(|m| m.email.as_str()).collect::<Vec<_>>(),
            ["bob@example.com", "owner@example.com"]
        );
    }
}

#[tokio::test]
async fn racing_demotions_and_departures_leave_an_owner() {
    for (backend, store) in stores().await {
        let idp = idp_on(store).await;
        let owners = ["o1@example.com", "o2@example.com", "o3@example.com"];
        for u in owners {
            idp.create_user(u, PW.into(), None, NOW).await.unwrap();
        }
        idp.create_org("Acme", "acme", None, Some(owners[0]), NOW)
            .await
            .unwrap();
        for u in &owners[1..] {
            idp.set_member("acme", u, "owner", NOW).await.unwrap();
        }
        for round in 0..5 {
            // Every owner at once: two demoted, one leaving (or removed).
            let mut tasks = tokio::task::JoinSet::new();
            for (i, u) in owners.into_iter().enumerate() {
                let idp = idp.clone();
                tasks.spawn(async move {
                    match i {
                        0 => idp.remove_member("acme", u, NOW).await,
                        _ => idp.set_member("acme", u, "member", NOW).await.map(|_| ()),
                    }
                });
            }
            let outcomes = tasks.join_all().await;
            let refused = outcomes
                .iter()
                .filter(|o| matches!(o, Err(IdpError::Conflict(_))))
                .count();
            for o in &outcomes {
                assert!(
                    o.is_ok() || matches!(o, Err(IdpError::Conflict(_))),
                    "{backend}: {o:?}"
                );
            }
            let org = idp.org("acme").await.unwrap().unwrap();
            let owners_left = idp.count_members_with_role(&org.id, "owner").await.unwrap();
            assert_eq!(
                owners_left, 1,
                "{backend} round {round}: exactly one owner left"
            );
            assert_eq!(
                refused, 1,
                "{backend} round {round}: the last one was refused"
            );
            // Back to three owners for the next round.
            for u in owners {
                idp.set_member("acme", u, "owner", NOW).await.unwrap();
            }
        }
    }
}

/// The token of the newest invitation mailed to `to`.
async fn invitation_token(idp: &portcullis_idp::Idp, to: &str) -> String {
    let mail = idp.outbox(Some(to), 1).await.unwrap();
    let body = &mail[0].body;
    let start = body.find("token=").unwrap() + "token=".len();
    body[start..].split_whitespace().next().unwrap().to_owned()
}

#[tokio::test]
async fn accepting_an_invitation_never_demotes_the_last_owner() {
    for (backend, store) in stores().await {
        let idp = idp_on(store).await;
        for u in ["owner@example.com", "second@example.com"] {
            idp.create_user(u, PW.into(), None, NOW).await.unwrap();
        }
        idp.create_org("Acme", "acme", None, Some("owner@example.com"), NOW)
            .await
            .unwrap();
        let org = idp.org("acme").await.unwrap().unwrap();
        let owner = idp.find_user("owner@example.com").await.unwrap();
        let role_of = async |user_id: &str| {
            idp.membership(&org.id, user_id)
                .await
                .unwrap()
                .map(|m| m.role)
        };
        // The only owner accepts an invitation offering `member`: refused, still owner.
        idp.invite("acme", "owner@example.com", "member", NOW)
            .await
            .unwrap();
        let token = invitation_token(&idp, "owner@example.com").await;
        let refused = idp.accept_invitation(&token, &owner.id, NOW + 1).await;
        assert!(
            matches!(refused, Err(IdpError::Conflict(_))),
            "{backend}: {refused:?}"
        );
        assert_eq!(
            role_of(&owner.id).await.as_deref(),
            Some("owner"),
            "{backend}"
        );
        assert_eq!(
            idp.count_members_with_role(&org.id, "owner").await.unwrap(),
            1,
            "{backend}"
        );
        // The refused acceptance did not spend the invitation: trying again meets the
        // same rule, not "already used".
        let again = idp.accept_invitation(&token, &owner.id, NOW + 1).await;
        assert!(
            matches!(again, Err(IdpError::Conflict(_))),
            "{backend}: {again:?}"
        );
        // With a second owner, the same acceptance is a plain change of role.
        idp.set_member("acme", "second@example.com", "owner", NOW)
            .await
            .unwrap();
        idp.invite("acme", "owner@example.com", "member", NOW + 2)
            .await
            .unwrap();
        let token = invitation_token(&idp, "owner@example.com").await;
        let m = idp
            .accept_invitation(&token, &owner.id, NOW + 3)
            .await
            .unwrap();
        assert_eq!(m.role, "member", "{backend}");
        assert_eq!(
            idp.count_members_with_role(&org.id, "owner").await.unwrap(),
            1,
            "{backend}: the other owner remains"
        );
    }
}
