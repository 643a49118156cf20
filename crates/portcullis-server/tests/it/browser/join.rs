//! The invitation link's page: it shows the offer; signing in with the invited address
//! accepts it once; wrong passwords, other addresses, forged forms and dead links are
//! refused with a clear page.

use super::*;
use crate::helpers::{TestServer, servers};

fn invitation_link(body: &str) -> String {
    let start = body.find("/join?token=").unwrap();
    body[start..].split_whitespace().next().unwrap().to_owned()
}

async fn submit(
    s: &TestServer,
    b: &mut Browser,
    form: &[(String, String)],
    email: &str,
    password: &str,
    csrf: bool,
) -> (u16, reqwest::header::HeaderMap, String) {
    let mut f: Vec<(String, String)> = form
        .iter()
        .filter(|(k, _)| csrf || k != "csrf")
        .cloned()
        .collect();
    f.push(("email".into(), email.into()));
    f.push(("password".into(), password.into()));
    b.post_form(&format!("{}/join", s.base), &f).await
}

#[tokio::test]
async fn the_invitation_link_signs_in_and_joins_once() {
    for (backend, s) in servers().await {
        setup(&s).await;
        s.signup("eve@example.com").await;
        let idp = s.server.idp();
        idp.create_org("Acme Inc.", "acme", None, None, 1)
            .await
            .unwrap();
        idp.invite("acme", "ada@example.com", "admin", 1_800_000_000)
            .await
            .unwrap();
        let mail = idp.outbox(Some("ada@example.com"), 5).await.unwrap();
        let link = invitation_link(&mail[0].body);
        let mut b = Browser::new();
        let (status, headers, page) = b.get(&format!("{}{link}", s.base)).await;
        assert_eq!(status, 200, "{backend}: {page}");
        assert!(
            page.contains("Join Acme Inc.") && page.contains("admin"),
            "{backend}"
        );
        assert!(
            headers["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("frame-ancestors 'none'")
        );
        let mut form = hidden_fields(&page);
        // Forged (no CSRF field), wrong password, another account: refused.
        let (status, _, _) = submit(
            &s,
            &mut b,
            &form,
            "ada@example.com",
            "correct horse battery",
            false,
        )
        .await;
        assert_eq!(status, 403, "{backend}: CSRF");
        let (status, _, page) = submit(
            &s,
            &mut b,
            &form,
            "ada@example.com",
            "not the password",
            true,
        )
        .await;
        assert_eq!(status, 401, "{backend}");
        assert!(page.contains("Invalid email or password"), "{backend}");
        // The form comes back with a fresh CSRF pair.
        form = hidden_fields(&page);
        let (status, _, page) = submit(
            &s,
            &mut b,
            &form,
            "eve@example.com",
            "correct horse battery",
            true,
        )
        .await;
        assert_eq!(status, 403, "{backend}: {page}");
        assert!(page.contains("another address"), "{backend}: {page}");
        // The invited address joins, and is signed in for the apps.
        let (status, _, page) = submit(
            &s,
            &mut b,
            &form,
            "ada@example.com",
            "correct horse battery",
            true,
        )
        .await;
        assert_eq!(status, 200, "{backend}: {page}");
        assert!(
            page.contains("You joined acme as admin"),
            "{backend}: {page}"
        );
        let ada = idp.find_user("ada@example.com").await.unwrap();
        let org = idp.org("acme").await.unwrap().unwrap();
        let m = idp.membership(&org.id, &ada.id).await.unwrap();
        assert_eq!(m.map(|m| m.role).as_deref(), Some("admin"), "{backend}");
        let (status, headers, _) = b.get(&authorize_url(&s, "")).await;
        assert_eq!(status, 302, "{backend}: single sign-on after joining");
        assert!(param(&location_params(&headers).1, "code").is_some());
        // Used: the link now says so.
        let (status, _, page) = Browser::new().get(&format!("{}{link}", s.base)).await;
        assert_eq!(status, 400, "{backend}");
        assert!(page.contains("invalid, already used"), "{backend}: {page}");
        for bad in ["/join", "/join?token=", "/join?token=pin_nope"] {
            assert_eq!(Browser::new().get(&format!("{}{bad}", s.base)).await.0, 400);
        }
    }
}
