//! Linking an identity to an existing account after its owner proves the account: the
//! provider's sign-in was refused (it does not vouch for the address), the owner signs
//! in with the password and connects the provider from the account page; the same
//! identity then signs in to that account. An identity belongs to one account.

use portcullis_server::Clock;

use super::fake::{FakeProvider, Mode};
use super::{as_redirect, connect, fake_clock, servers, through_fake};
use crate::browser::{Browser, hidden_fields, setup, sign_in};
use crate::helpers::TestServer;
use crate::mfa::T0;

type Answer = (u16, reqwest::header::HeaderMap, String);

/// Connects `connection` from the account page of the signed-in browser: the answer of
/// the callback.
async fn connect_from_account(s: &TestServer, b: &mut Browser, connection: &str) -> Answer {
    let (status, _, page) = b.get(&s.url("/account/security")).await;
    assert_eq!(status, 200, "{page}");
    let button = page
        .find(&format!("id=\"link-{connection}\""))
        .unwrap_or_else(|| panic!("no link button: {page}"));
    let start = page[..button].rfind("<form").unwrap();
    let end = button + page[button..].find("</form>").unwrap();
    let form = hidden_fields(&page[start..end]);
    let (status, headers, body) =
        as_redirect(b.post_form(&s.url("/account/security"), &form).await);
    assert_eq!(status, 302, "{body}");
    let (status, headers, body) = b.get(headers["location"].to_str().unwrap()).await;
    assert_eq!(status, 303, "{body}");
    b.get(headers["location"].to_str().unwrap()).await
}

#[tokio::test]
async fn the_owner_links_a_provider_from_the_account_page_after_signing_in() {
    let clock = Clock::manual(T0);
    let fake = FakeProvider::start(fake_clock(&clock)).await;
    for (backend, s) in servers(&clock).await {
        setup(&s).await;
        connect(&s, "fake", &fake.issuer(), &clock).await;
        let idp = s.server.idp();
        let ada = idp.user_by_email("ada@example.com").await.unwrap().unwrap();
        // The provider does not vouch for the address: refused, nothing linked.
        fake.set_mode(Mode::Unverified);
        fake.set_user(&format!("ada-link-{backend}"), "ada@example.com");
        let (status, _, body) = through_fake(&s, &mut Browser::new(), "fake").await;
        assert_eq!(status, 403, "{backend}: {body}");
        // Ada proves the account with her password, then connects the provider.
        let mut b = Browser::new();
        let (status, _, body) =
            sign_in(&s, &mut b, "ada@example.com", "correct horse battery").await;
        assert_eq!(status, 302, "{backend}: {body}");
        let (status, headers, body) = connect_from_account(&s, &mut b, "fake").await;
        assert_eq!(status, 303, "{backend}: {body}");
        assert_eq!(headers["location"], "/account/security", "{backend}");
        let linked = idp.identities_of(&ada.id).await.unwrap();
        assert_eq!(linked.len(), 1, "{backend}");
        let (_, _, page) = b.get(&s.url("/account/security")).await;
        assert!(
            page.contains("fake SSO") && page.contains("Disconnect"),
            "{backend}: {page}"
        );
        // The identity now signs in to Ada's account.
        let (status, _, body) = through_fake(&s, &mut Browser::new(), "fake").await;
        assert_eq!(status, 302, "{backend}: {body}");
        // Another user cannot take it.
        s.signup("bea@example.com").await;
        let mut bea = Browser::new();
        sign_in(&s, &mut bea, "bea@example.com", "correct horse battery").await;
        let (status, _, body) = connect_from_account(&s, &mut bea, "fake").await;
        assert_eq!(status, 409, "{backend}: {body}");
        assert!(body.contains("another user"), "{backend}: {body}");
        let bea_id = idp
            .user_by_email("bea@example.com")
            .await
            .unwrap()
            .unwrap()
            .id;
        assert!(
            idp.identities_of(&bea_id).await.unwrap().is_empty(),
            "{backend}"
        );
        // Ada disconnects it (she has a password).
        let (_, _, page) = b.get(&s.url("/account/security")).await;
        let at = page.find("value=\"unlink_provider\"").unwrap();
        let start = page[..at].rfind("<form").unwrap();
        let end = at + page[at..].find("</form>").unwrap();
        let (status, _, body) = b
            .post_form(
                &s.url("/account/security"),
                &hidden_fields(&page[start..end]),
            )
            .await;
        assert_eq!(status, 200, "{backend}: {body}");
        assert!(
            idp.identities_of(&ada.id).await.unwrap().is_empty(),
            "{backend}"
        );
        fake.set_mode(Mode::Good);
    }
}
