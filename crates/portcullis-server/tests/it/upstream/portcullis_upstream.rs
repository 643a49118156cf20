//! A second Portcullis as the provider: a real OpenID provider's discovery, keys, hosted
//! sign-in page, code exchange and ID token, with nothing faked.

use portcullis_idp::ConnectionSpec;
use portcullis_server::{Clock, ServerConfig};
use serde_json::json;

use super::{Answer, servers};
use crate::browser::mfa::amr_at_redirect;
use crate::browser::{Browser, authorize_url, login_fields, setup};
use crate::helpers::{TestServer, base_config, start_at};
use crate::mfa::T0;

/// The provider: its own SQLite, its own keys; `ada@provider.example` has a confirmed
/// address there, and the client `downstream` comes back to `callback`.
async fn provider(clock: &Clock, callbacks: &[&str]) -> TestServer {
    let dir = std::env::temp_dir().join(portcullis_testkit::postgres::unique_name("provider"));
    let p = start_at(
        ServerConfig {
            data_dir: dir,
            ..base_config()
        },
        clock.clone(),
    )
    .await;
    let idp = p.server.idp();
    idp.create_api(
        crate::helpers::API,
        "Hello",
        &["read:messages"],
        clock.now(),
    )
    .await
    .unwrap();
    idp.ensure_public_client("downstream", "Downstream", &[], callbacks, &[], clock.now())
        .await
        .unwrap();
    p.signup("ada@provider.example").await;
    let ada = idp
        .user_by_email("ada@provider.example")
        .await
        .unwrap()
        .unwrap();
    idp.mark_email_verified(&ada.id, clock.now()).await.unwrap();
    p
}

/// Signs in through the provider's own hosted page: the answer of our callback.
async fn through_provider(s: &TestServer, b: &mut Browser, p: &TestServer) -> Answer {
    let (status, headers, body) = b.get(&authorize_url(s, "&connection=corp")).await;
    assert_eq!(status, 303, "{body}");
    let to_provider = headers["location"].to_str().unwrap().to_owned();
    assert!(
        to_provider.starts_with(&format!("{}/authorize?", p.base)),
        "{to_provider}"
    );
    let (status, _, page) = b.get(&to_provider).await;
    assert_eq!(status, 200, "the provider's sign-in page: {page}");
    let mut form = login_fields(&page);
    form.push(("email".into(), "ada@provider.example".into()));
    form.push(("password".into(), "correct horse battery".into()));
    let (status, headers, body) = b.post_form(&p.url("/authorize/login"), &form).await;
    assert_eq!(status, 302, "{body}");
    let back = headers["location"].to_str().unwrap().to_owned();
    assert!(
        back.starts_with(&format!("{}/upstream/callback?", s.base)),
        "{back}"
    );
    assert!(
        back.contains("iss="),
        "the provider names itself (RFC 9207): {back}"
    );
    super::as_redirect(b.get(&back).await)
}

#[tokio::test]
async fn a_second_portcullis_is_a_provider_users_sign_in_with() {
    let clock = Clock::manual(T0);
    for (backend, s) in servers(&clock).await {
        setup(&s).await;
        let callback = format!("{}upstream/callback", s.server.issuer());
        let p = provider(&clock, &[&callback]).await;
        s.server
            .idp()
            .create_connection(
                ConnectionSpec {
                    name: "corp".into(),
                    display_name: "Corp".into(),
                    issuer: p.server.issuer().to_owned(),
                    client_id: "downstream".into(),
                    client_secret: None,
                    scopes: None,
                    organization: None,
                },
                clock.now(),
            )
            .await
            .unwrap();
        let mut b = Browser::new();
        let (status, headers, body) = through_provider(&s, &mut b, &p).await;
        assert_eq!(status, 302, "{backend}: {body}");
        assert_eq!(
            amr_at_redirect(&s, &headers).await,
            json!(["fed"]),
            "{backend}"
        );
        let user = s
            .server
            .idp()
            .user_by_email("ada@provider.example")
            .await
            .unwrap()
            .expect("created just in time");
        assert!(user.email_verified, "{backend}");
        let identities = s.server.idp().identities_of(&user.id).await.unwrap();
        let ada_there = p
            .server
            .idp()
            .user_by_email("ada@provider.example")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            identities[0].subject, ada_there.id,
            "{backend}: keyed by the provider's sub"
        );
    }
}
