//! Policies as values: layers, extractors, and pure checks.

use axum::Router;
use axum::routing::get;
use portcullis::{
    ClaimsMapping, Guard, IssuerConfig, OrgScoped, Policy, Principal, Require, RoleHierarchy,
    StaticPolicy,
};
use portcullis_testkit::{DEFAULT_AUDIENCE, TestIssuer};

use crate::helpers::{get_with, guard_for};

struct ReadAdmin;
impl StaticPolicy for ReadAdmin {
    fn policy() -> Policy {
        Policy::permission("read:admin-messages")
    }
}

async fn auth_for(issuer: &TestIssuer, token: &str) -> Principal {
    guard_for(issuer).authenticate(token).await.unwrap()
}

#[tokio::test]
async fn layer_and_extractor_answer_403_with_the_scope() {
    let issuer = TestIssuer::spawn().await;
    let guard = guard_for(&issuer);
    let app = Router::new()
        .route(
            "/layer",
            get(|| async { "ok" }).route_layer(Policy::permission("read:admin-messages").layer()),
        )
        .route(
            "/extractor",
            get(|caller: Require<ReadAdmin>| async move { caller.subject().to_owned() }),
        )
        .route_layer(guard.layer());
    let admin = issuer.token().permissions(&["read:admin-messages"]).sign();
    let user = issuer.token().permissions(&["read:messages"]).sign();
    for path in ["/layer", "/extractor"] {
        assert_eq!(
            get_with(&app, path, Some(&admin)).await.status,
            200,
            "{path}"
        );
        let r = get_with(&app, path, Some(&user)).await;
        assert_eq!(
            (r.status.as_u16(), r.body.as_str()),
            (403, r#"{"message":"Permission denied"}"#),
            "{path}"
        );
        assert_eq!(
            r.headers["www-authenticate"],
            "Bearer realm=\"api\", error=\"insufficient_scope\", scope=\"read:admin-messages\""
        );
        assert_eq!(get_with(&app, path, None).await.status, 401, "{path}");
    }
}

#[tokio::test]
async fn scopes_roles_orgs_and_combinators() {
    let issuer = TestIssuer::spawn().await;
    let a = auth_for(
        &issuer,
        &issuer
            .token()
            .scope("read:messages write:messages")
            .roles(&["editor"])
            .org("org_1", "acme", "admin")
            .sign(),
    )
    .await;
    assert!(Policy::scope("read:messages").check(&a).is_ok());
    assert!(
        Policy::scopes_all(["read:messages", "write:messages"])
            .check(&a)
            .is_ok()
    );
    assert!(
        Policy::scopes_all(["read:messages", "delete:messages"])
            .check(&a)
            .is_err()
    );
    assert!(
        Policy::scopes_any(["delete:messages", "write:messages"])
            .check(&a)
            .is_ok()
    );
    assert!(Policy::role("editor").check(&a).is_ok());
    assert!(Policy::roles_any(["admin", "owner"]).check(&a).is_err());
    assert!(Policy::org_member().check(&a).is_ok());
    assert!(Policy::org_role_at_least("member").check(&a).is_ok());
    assert!(Policy::org_role_at_least("admin").check(&a).is_ok());
    assert!(Policy::org_role_at_least("owner").check(&a).is_err());
    assert!(Policy::org_role_exactly("admin").check(&a).is_ok());
    assert!(Policy::org_role_exactly("member").check(&a).is_err());
    let custom = RoleHierarchy::new(["boss", "admin", "intern"]);
    assert!(
        Policy::org_role_at_least_in("intern", custom.clone())
            .check(&a)
            .is_ok()
    );
    assert!(
        Policy::org_role_at_least_in("boss", custom)
            .check(&a)
            .is_err()
    );
    let either = Policy::role("owner").or(Policy::scope("read:messages"));
    assert!(either.check(&a).is_ok());
    let both = Policy::role("owner").and(Policy::scope("read:messages"));
    assert_eq!(both.check(&a).unwrap_err().required, "owner read:messages");
    assert!(
        Policy::custom("subject", |a| a.subject() == "user_1")
            .check(&a)
            .is_ok()
    );
    let no_org = auth_for(&issuer, &issuer.token().sign()).await;
    assert!(Policy::org_member().check(&no_org).is_err());
    assert!(Policy::org_role_at_least("member").check(&no_org).is_err());
}

#[tokio::test]
async fn async_policies() {
    let issuer = TestIssuer::spawn().await;
    let a = auth_for(&issuer, &issuer.token().sub("user_7").sign()).await;
    let p = Policy::custom_async("db:allowed", |a: Principal| async move {
        tokio::task::yield_now().await;
        a.subject() == "user_7"
    });
    assert!(p.evaluate(&a).await.is_ok());
    assert!(p.check(&a).is_err(), "sync check cannot run an async rule");
    let app = Router::new()
        .route("/x", get(|| async { "ok" }).route_layer(p.layer()))
        .route_layer(guard_for(&issuer).layer());
    assert_eq!(
        get_with(&app, "/x", Some(&issuer.token().sub("user_7").sign()))
            .await
            .status,
        200
    );
    assert_eq!(
        get_with(&app, "/x", Some(&issuer.token().sub("user_8").sign()))
            .await
            .status,
        403
    );
}

#[tokio::test]
async fn org_permissions_count_only_inside_the_active_org() {
    let issuer = TestIssuer::spawn().await;
    let in_org = auth_for(
        &issuer,
        &issuer
            .token()
            .org("org_1", "acme", "member")
            .claim("org_permissions", serde_json::json!(["read:reports"]))
            .permissions(&["platform:admin"])
            .sign(),
    )
    .await;
    assert!(
        Policy::org_permission("read:reports")
            .check(&in_org)
            .is_ok()
    );
    assert!(
        Policy::org_permission("platform:admin")
            .check(&in_org)
            .is_err(),
        "a platform permission is not an org permission"
    );
    assert_eq!(in_org.org_permissions(), ["read:reports"]);
    // Org permissions without an active organization mean nothing.
    let no_org = auth_for(
        &issuer,
        &issuer
            .token()
            .claim("org_permissions", serde_json::json!(["read:reports"]))
            .sign(),
    )
    .await;
    assert!(
        Policy::org_permission("read:reports")
            .check(&no_org)
            .is_err()
    );
    assert!(no_org.org_permissions().is_empty());
    let denied = Policy::org_permission("read:reports")
        .check(&no_org)
        .unwrap_err();
    assert_eq!(denied.required, "read:reports");
}

/// M4: an organization owner whose org role grants `read:admin-messages` inside the
/// organization does not pass the platform-wide check, unless the API merges on purpose.
#[tokio::test]
async fn org_permissions_do_not_pass_platform_permission_checks_by_default() {
    let issuer = TestIssuer::spawn().await;
    let owner = issuer
        .token()
        .org("org_1", "userco", "owner")
        .claim(
            "org_permissions",
            serde_json::json!(["read:admin-messages"]),
        )
        .sign();
    let clerk_v2 = issuer
        .token()
        .claim(
            "o",
            serde_json::json!({"id": "org_2", "slg": "c", "rol": "admin", "per": "read:admin-messages"}),
        )
        .sign();
    let platform = Policy::permission("read:admin-messages");
    let in_org = Policy::org_permission("read:admin-messages");
    let merging = Guard::builder()
        .issuer(IssuerConfig::discover(issuer.issuer()).audience(DEFAULT_AUDIENCE))
        .claims_mapping(ClaimsMapping::default().merge_org_permissions())
        .build()
        .unwrap();
    for token in [&owner, &clerk_v2] {
        let auth = auth_for(&issuer, token).await;
        assert!(auth.permissions().is_empty(), "{:?}", auth.permissions());
        assert!(
            platform.check(&auth).is_err(),
            "an organization grant is not a platform permission"
        );
        assert!(
            in_org.check(&auth).is_ok(),
            "it is an organization permission"
        );
        let opted_in = merging.authenticate(token).await.unwrap();
        assert!(platform.check(&opted_in).is_ok(), "the API opted in");
    }
}

#[tokio::test]
async fn org_scoped_routes_match_the_path_to_the_token() {
    let issuer = TestIssuer::spawn().await;
    let guard = guard_for(&issuer);
    let app = Router::new()
        .route(
            "/orgs/{org_id}/reports",
            get(
                |caller: OrgScoped| async move { caller.org_slug().unwrap_or_default().to_owned() },
            ),
        )
        .route("/teams/{team}", get(|_: OrgScoped| async { "never" }))
        .route_layer(guard.layer());
    let acme = issuer.token().org("org_1", "acme", "member").sign();
    let none = issuer.token().sign();
    assert_eq!(
        get_with(&app, "/orgs/org_1/reports", Some(&acme))
            .await
            .body,
        "acme"
    );
    assert_eq!(
        get_with(&app, "/orgs/acme/reports", Some(&acme)).await.body,
        "acme",
        "by slug too"
    );
    let other = get_with(&app, "/orgs/org_2/reports", Some(&acme)).await;
    assert_eq!(
        (other.status.as_u16(), other.body.as_str()),
        (403, r#"{"message":"Permission denied"}"#)
    );
    assert_eq!(
        other.headers["www-authenticate"],
        "Bearer realm=\"api\", error=\"insufficient_scope\", scope=\"org:org_2\""
    );
    assert_eq!(
        get_with(&app, "/orgs/org_1/reports", Some(&none))
            .await
            .status,
        403,
        "no active org"
    );
    assert_eq!(
        get_with(&app, "/orgs/org_1/reports", None).await.status,
        401
    );
    assert_eq!(
        get_with(&app, "/teams/x", Some(&acme)).await.status,
        500,
        "a route without an org parameter is a programming error"
    );
}
