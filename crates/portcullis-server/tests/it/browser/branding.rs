//! Per-client branding: set through the admin API (hostile values refused with 400),
//! shown on the client's sign-in, sign-up and consent pages with the CSP as strict as
//! ever: the accent colour from a stylesheet of the issuer, the logo's origin alone
//! added to `img-src` of that page.

use reqwest::Method as M;
use serde_json::{Value, json};

use super::*;
use crate::helpers::{refused, root_token, send, servers};

const BASE_CSP: &str = "default-src 'none'; style-src 'self'; form-action 'self' http://localhost:4040; frame-ancestors 'none'; base-uri 'none'";

fn csp(headers: &reqwest::header::HeaderMap) -> String {
    headers["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned()
}

/// An attribute value as the browser reads it.
fn unescape(v: &str) -> String {
    v.replace("&#x2f;", "/")
        .replace("&#47;", "/")
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

fn brand(display_name: &str, logo: &str, colour: &str) -> Value {
    json!({"branding": {"display_name": display_name, "logo_uri": logo, "accent_color": colour}})
}

#[tokio::test]
async fn hostile_branding_is_refused_with_a_clear_400() {
    for (backend, s) in servers().await {
        setup(&s).await;
        let root = root_token(&s).await;
        let path = format!("/api/admin/clients/{CLIENT}");
        let long_name = "n".repeat(101);
        let long_logo = format!("https://cdn.example.com/{}.png", "a".repeat(600));
        for (body, field) in [
            (brand("Acme", "javascript:alert(1)", "#000000"), "logo_uri"),
            (
                brand("Acme", "data:image/png;base64,AAAA", "#000000"),
                "logo_uri",
            ),
            (
                brand("Acme", "http://cdn.example.com/logo.png", "#000000"),
                "logo_uri",
            ),
            (
                brand("Acme", "https://u:p@cdn.example.com/l.png", "#000000"),
                "logo_uri",
            ),
            (brand("Acme", &long_logo, "#000000"), "logo_uri"),
            (
                brand("Acme", "https://cdn.example.com/l.png", "red"),
                "accent_color",
            ),
            (
                brand(
                    "Acme",
                    "https://cdn.example.com/l.png",
                    "#fff;}body{display:none",
                ),
                "accent_color",
            ),
            (
                brand(
                    "Acme",
                    "https://cdn.example.com/l.png",
                    "</style><script>x</script>",
                ),
                "accent_color",
            ),
            (
                brand(&long_name, "https://cdn.example.com/l.png", "#000000"),
                "display_name",
            ),
            (
                brand("Ac\u{202e}me", "https://cdn.example.com/l.png", "#000000"),
                "display_name",
            ),
        ] {
            let (status, message) = refused(&s, M::PATCH, &path, &root, Some(body.clone())).await;
            assert_eq!(status, 400, "{backend}: {body}");
            assert!(message.contains(field), "{backend}: {message}");
        }
        // Unknown fields are refused, as everywhere in the admin API.
        let (status, _) = refused(
            &s,
            M::PATCH,
            &path,
            &root,
            Some(json!({"branding": {"css": "body{}"}})),
        )
        .await;
        assert_eq!(status, 400, "{backend}");
        // Nothing was stored.
        let (_, view) = send(&s, M::GET, &path, &root, None).await;
        assert_eq!(view["branding"], json!({}), "{backend}");
    }
}

#[tokio::test]
async fn branded_pages_keep_the_csp_strict() {
    for (backend, s) in servers().await {
        setup(&s).await;
        let root = root_token(&s).await;
        let path = format!("/api/admin/clients/{CLIENT}");
        // Unbranded: no image source at all.
        let (_, headers, html) = Browser::new().get(&authorize_url(&s, "")).await;
        assert_eq!(csp(&headers), BASE_CSP, "{backend}");
        assert!(
            !html.contains("<img") && !html.contains("brand.css"),
            "{backend}"
        );
        // Branded through the admin API.
        let body = brand(
            "Acme <Cloud>",
            "https://CDN.acme.example:8443/img/logo.svg?v=1",
            "#FFD700",
        );
        let (status, view) = send(&s, M::PATCH, &path, &root, Some(body)).await;
        assert_eq!(status, 200, "{backend}: {view}");
        assert_eq!(
            view["branding"],
            json!({
                "display_name": "Acme <Cloud>",
                "logo_uri": "https://cdn.acme.example:8443/img/logo.svg?v=1",
                "accent_color": "#ffd700",
            }),
            "{backend}"
        );
        let (_, got) = send(&s, M::GET, &path, &root, None).await;
        assert_eq!(got["branding"], view["branding"], "{backend}");
        for page in [
            authorize_url(&s, ""),
            authorize_url(&s, "").replace("/authorize?", "/authorize/signup?"),
        ] {
            let (status, headers, html) = Browser::new().get(&page).await;
            assert_eq!(status, 200, "{backend}: {html}");
            // The CSP: what it was, plus the logo's origin for images; nothing else.
            assert_eq!(
                csp(&headers),
                format!("{BASE_CSP}; img-src https://cdn.acme.example:8443"),
                "{backend}"
            );
            assert!(!csp(&headers).contains("unsafe"), "{backend}");
            assert!(
                !html.contains("style=") && !html.contains("<style"),
                "{backend}: {html}"
            );
            assert!(
                html.contains("<strong>Acme &lt;Cloud&gt;</strong>"),
                "{backend}: the branded name, escaped: {html}"
            );
            let logo = html
                .split("<img src=\"")
                .nth(1)
                .and_then(|r| r.split('"').next());
            assert_eq!(
                logo.map(unescape).as_deref(),
                Some("https://cdn.acme.example:8443/img/logo.svg?v=1"),
                "{backend}: {html}"
            );
            let sheet = html
                .split("<link rel=\"stylesheet\" href=\"")
                .nth(2)
                .and_then(|r| r.split('"').next());
            assert_eq!(
                sheet.map(unescape).as_deref(),
                Some("/assets/brand.css?client=spa_test&v=ffd700"),
                "{backend}: {html}"
            );
        }
        // The stylesheet: the colour and a text colour that reads on it.
        let css = s
            .http
            .get(s.url("/assets/brand.css?client=spa_test&v=ffd700"))
            .send()
            .await
            .unwrap();
        assert_eq!(css.status(), 200);
        assert_eq!(css.headers()["content-type"], "text/css; charset=utf-8");
        let text = css.text().await.unwrap();
        assert_eq!(
            text, ":root { --accent: #ffd700; --accent-text: #000000; }\n",
            "{backend}"
        );
        // Unknown clients and no client: an empty stylesheet.
        for q in ["?client=nobody", "", "?client="] {
            let res = s
                .http
                .get(s.url(&format!("/assets/brand.css{q}")))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200, "{backend}");
            assert_eq!(res.text().await.unwrap(), "", "{backend}");
        }
        // Cleared with an empty branding: the plain pages again.
        let (status, view) = send(&s, M::PATCH, &path, &root, Some(json!({"branding": {}}))).await;
        assert_eq!(status, 200, "{backend}: {view}");
        assert_eq!(view["branding"], json!({}));
        let (_, headers, html) = Browser::new().get(&authorize_url(&s, "")).await;
        assert_eq!(csp(&headers), BASE_CSP, "{backend}");
        assert!(html.contains("<strong>Test SPA</strong>"), "{backend}");
    }
}

#[tokio::test]
async fn the_consent_page_is_branded_too() {
    for (backend, s) in servers().await {
        setup(&s).await;
        let root = root_token(&s).await;
        let path = format!("/api/admin/clients/{CLIENT}");
        let body = json!({
            "third_party": true,
            "branding": {"display_name": "Partner App", "logo_uri": "https://img.partner.example/l.png"}
        });
        let (status, view) = send(&s, M::PATCH, &path, &root, Some(body)).await;
        assert_eq!(status, 200, "{backend}: {view}");
        let mut b = Browser::new();
        let (_, _, html) = b.get(&authorize_url(&s, "")).await;
        assert!(
            html.contains("<strong>Partner App</strong>"),
            "{backend}: {html}"
        );
        let mut form = hidden_fields(&html);
        form.push(("email".into(), "ada@example.com".into()));
        form.push(("password".into(), "correct horse battery".into()));
        let (status, headers, page) = b.post_form(&s.url("/authorize/login"), &form).await;
        assert_eq!(status, 200, "{backend}: the consent page: {page}");
        assert!(
            page.contains("<strong>Partner App</strong>"),
            "{backend}: {page}"
        );
        assert!(page.contains("img.partner.example"), "{backend}: {page}");
        assert!(
            csp(&headers).ends_with("; img-src https://img.partner.example"),
            "{backend}"
        );
        // No accent colour: no stylesheet of its own.
        assert!(!page.contains("brand.css"), "{backend}");
    }
}
