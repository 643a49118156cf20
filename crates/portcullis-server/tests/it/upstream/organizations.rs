//! Enterprise single sign-on: an organization's connection and email domains. An address
//! in the domain is sent to the connection from the sign-in page (home realm discovery);
//! who signs in through it joins the organization; the organization can make it the
//! only way in.

use portcullis_idp::{ConnectionSpec, Secret};
use portcullis_server::Clock;
use serde_json::json;

use super::fake::FakeProvider;
use super::{as_redirect, fake_clock, servers};
use crate::browser::mfa::amr_at_redirect;
use crate::browser::{Browser, authorize_url, login_fields, setup};
use crate::helpers::TestServer;
use crate::mfa::T0;

type Answer = (u16, reqwest::header::HeaderMap, String);

/// Posts the sign-in form with `email` and `password`.
async fn sign_in(s: &TestServer, b: &mut Browser, email: &str, password: &str) -> Answer {
    let (_, _, page) = b.get(&authorize_url(s, "")).await;
    let mut form = login_fields(&page);
    form.push(("email".into(), email.into()));
    form.push(("password".into(), password.into()));
    // A form sent on to a provider gets a page that goes on there: read as a redirect.
    as_redirect(b.post_form(&s.url("/authorize/login"), &form).await)
}

/// Follows a redirect to the fake provider and back: the callback's answer.
async fn through(b: &mut Browser, s: &TestServer, to_provider: &Answer) -> Answer {
    assert_eq!(to_provider.0, 302, "{}", to_provider.2);
    let (status, headers, body) = b.get(to_provider.1["location"].to_str().unwrap()).await;
    assert_eq!(status, 303, "{body}");
    let back = headers["location"].to_str().unwrap().to_owned();
    assert!(
        back.starts_with(&format!("{}/upstream/callback?", s.base)),
        "{back}"
    );
    as_redirect(b.get(&back).await)
}

#[tokio::test]
async fn an_organizations_domain_goes_to_its_connection_and_may_be_the_only_way_in() {
    let clock = Clock::manual(T0);
    let fake = FakeProvider::start(fake_clock(&clock)).await;
    for (backend, s) in servers(&clock).await {
        setup(&s).await;
        let idp = s.server.idp();
        let acme = idp
            .create_org(
                "Acme Inc.",
                "acme",
                None,
                Some("ada@example.com"),
                clock.now(),
            )
            .await
            .unwrap();
        idp.create_connection(
            ConnectionSpec {
                name: "acme-sso".into(),
                display_name: "Acme".into(),
                issuer: fake.issuer(),
                client_id: "portcullis".into(),
                client_secret: Some(Secret::new("secret".into())),
                scopes: None,
                organization: Some("acme".into()),
            },
            clock.now(),
        )
        .await
        .unwrap();
        idp.add_org_domain("acme", "Acme.Test", clock.now())
            .await
            .unwrap();
        // No password typed: the address's organization signs it in, and it joins.
        fake.set_user(&format!("bob-{backend}"), "bob@acme.test");
        let mut b = Browser::new();
        let to_provider = sign_in(&s, &mut b, "bob@acme.test", "").await;
        let (status, headers, body) = through(&mut b, &s, &to_provider).await;
        assert_eq!(status, 302, "{backend}: {body}");
        assert_eq!(
            amr_at_redirect(&s, &headers).await,
            json!(["fed"]),
            "{backend}"
        );
        let bob = idp.user_by_email("bob@acme.test").await.unwrap().unwrap();
        let joined = idp.membership(&acme.id, &bob.id).await.unwrap().unwrap();
        assert_eq!(joined.role, "member", "{backend}");
        // Someone of the domain with a password may still use it, until the
        // organization requires its connection.
        idp.create_user(
            "carol@acme.test",
            "correct horse battery".into(),
            None,
            clock.now(),
        )
        .await
        .unwrap();
        let (status, headers, body) = sign_in(
            &s,
            &mut Browser::new(),
            "carol@acme.test",
            "correct horse battery",
        )
        .await;
        assert_eq!(status, 302, "{backend}: {body}");
        assert_eq!(
            amr_at_redirect(&s, &headers).await,
            json!(["pwd"]),
            "{backend}"
        );
        idp.set_org_require_sso("acme", true, clock.now())
            .await
            .unwrap();
        let to_provider = sign_in(
            &s,
            &mut Browser::new(),
            "carol@acme.test",
            "correct horse battery",
        )
        .await;
        assert_eq!(to_provider.0, 302, "{backend}: {}", to_provider.2);
        assert!(
            to_provider.1["location"]
                .to_str()
                .unwrap()
                .starts_with(&fake.issuer()),
            "{backend}: sent to the organization's provider, the password unread"
        );
        let login = s
            .post_json(
                "/api/auth/login",
                &json!({"email": "carol@acme.test", "password": "correct horse battery"}),
            )
            .await;
        assert_eq!(login.status, 409, "{backend}: {}", login.text);
        assert!(
            login.text.contains("single sign-on"),
            "{backend}: {}",
            login.text
        );
        let hinted = Browser::new()
            .get(&authorize_url(&s, "&login_hint=carol%40acme.test"))
            .await;
        assert_eq!(hinted.0, 303, "{backend}: a login_hint goes straight there");
        // Another domain is untouched; lifting the requirement restores the password.
        let (status, _, body) = sign_in(
            &s,
            &mut Browser::new(),
            "ada@example.com",
            "correct horse battery",
        )
        .await;
        assert_eq!(status, 302, "{backend}: {body}");
        idp.set_org_require_sso("acme", false, clock.now())
            .await
            .unwrap();
        let (status, _, body) = sign_in(
            &s,
            &mut Browser::new(),
            "carol@acme.test",
            "correct horse battery",
        )
        .await;
        assert_eq!(status, 302, "{backend}: {body}");
        // A domain belongs to one organization; domains are read strictly.
        idp.create_org("Other", "other", None, Some("ada@example.com"), clock.now())
            .await
            .unwrap();
        assert!(
            idp.add_org_domain("other", "acme.test", clock.now())
                .await
                .is_err()
        );
        assert!(
            idp.add_org_domain("other", "not a domain", clock.now())
                .await
                .is_err()
        );
        let events = idp.audit_events(None, Some("org."), 100).await.unwrap();
        let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
        assert!(
            actions.contains(&"org.domain_added") && actions.contains(&"org.sso_requirement"),
            "{backend}: {actions:?}"
        );
    }
}
