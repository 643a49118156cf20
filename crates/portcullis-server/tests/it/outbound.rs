//! Requests to registered URLs go through one outbound policy: each SSRF form is refused
//! when a webhook is registered, and again when the request is made (on the URL, and on
//! every address a host name resolves to); what the admin sees of a failed delivery
//! carries no network detail.

use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::post;
use portcullis_idp::outbound::OutboundPolicy;
use portcullis_idp::store::WebhookRow;
use portcullis_server::outbound::{Lookup, LookupFuture, OutboundClient, OutboundFailure};
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{
    TestServer, root_token, send, servers, servers_reaching_loopback, wrong_login,
};

/// A listener on 127.0.0.1 that counts the connections it gets and closes each at once.
async fn counting_listener() -> (u16, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let count = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&count);
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            seen.fetch_add(1, Ordering::SeqCst);
            drop(socket);
        }
    });
    (port, count)
}

/// A resolver that answers `addresses` for every name: a domain whose owner points it
/// at the issuer's own networks (or switches to them after a first, harmless answer).
struct Answer(Vec<&'static str>);

impl Lookup for Answer {
    fn lookup(&self, _host: &str) -> LookupFuture {
        let ips: Vec<IpAddr> = self.0.iter().map(|a| a.parse().unwrap()).collect();
        Box::pin(async move { Ok(ips) })
    }
}

fn client(policy: OutboundPolicy, answer: &[&'static str]) -> OutboundClient {
    OutboundClient::with_lookup(policy, Arc::new(Answer(answer.to_vec()))).unwrap()
}

const LOOPBACK_ALLOWED: OutboundPolicy = OutboundPolicy {
    allow_insecure_loopback: true,
    allow_insecure_private: false,
};

/// Each way of pointing a URL at the issuer's own networks, for a target on `port`.
fn ssrf_forms(port: u16) -> Vec<String> {
    vec![
        format!("https://localhost:{port}/hook"),
        format!("http://127.0.0.1:{port}/hook"),
        format!("https://127.0.0.1:{port}/hook"),
        "http://localhost:1@192.0.2.2/".to_owned(),
        "https://localhost:1@hooks.example.com/".to_owned(),
        format!("https://localhost:1@127.0.0.1:{port}/"),
        "https://10.0.0.1/".to_owned(),
        "https://172.16.5.4/".to_owned(),
        "https://192.168.1.1/".to_owned(),
        "https://100.64.0.1/".to_owned(),
        "https://169.254.169.254/latest/meta-data/".to_owned(),
        "https://[fd00:ec2::254]/latest/meta-data/".to_owned(),
        "https://[fe80::1]/".to_owned(),
        format!("https://[::ffff:127.0.0.1]:{port}/"),
        format!("https://[::1]:{port}/"),
        format!("https://2130706433:{port}/"),
        format!("https://0177.0.0.1:{port}/"),
        format!("https://0x7f.1:{port}/"),
        "https://0.0.0.0/".to_owned(),
    ]
}

#[tokio::test]
async fn ssrf_forms_are_refused_when_a_webhook_is_registered() {
    for (backend, s) in servers().await {
        let root = root_token(&s).await;
        let register = |url: String| {
            let s = &s;
            let root = &root;
            async move {
                send(
                    s,
                    Method::POST,
                    "/api/admin/webhooks",
                    root,
                    Some(json!({"url": url, "events": "user.deleted"})),
                )
                .await
            }
        };
        for url in ssrf_forms(4000) {
            let (status, body) = register(url.clone()).await;
            assert_eq!(status, 400, "{backend}: {url} was accepted: {body}");
            assert!(
                body["message"].as_str().unwrap().starts_with("url "),
                "{backend}: {url}: {body}"
            );
        }
        let (status, body) = register("https://hooks.example.com/portcullis".into()).await;
        assert_eq!(status, 201, "{backend}: a public https URL: {body}");
    }
    // The development setting opens loopback, and only loopback.
    for (backend, s) in servers_reaching_loopback().await {
        let root = root_token(&s).await;
        for (url, want) in [
            ("http://127.0.0.1:4000/hook", 201),
            ("https://localhost:4000/hook", 201),
            ("http://localhost:1@192.0.2.2/", 400),
            ("https://10.0.0.1/", 400),
            ("https://169.254.169.254/latest/meta-data/", 400),
            ("http://hooks.example.com/", 400),
        ] {
            let (status, body) = send(
                &s,
                Method::POST,
                "/api/admin/webhooks",
                &root,
                Some(json!({"url": url, "events": "user.deleted"})),
            )
            .await;
            assert_eq!(status, want, "{backend}: {url}: {body}");
        }
    }
}

#[tokio::test]
async fn ssrf_forms_are_refused_when_the_request_is_made() {
    let (port, connections) = counting_listener().await;
    let strict = OutboundClient::new(OutboundPolicy::default()).unwrap();
    for url in ssrf_forms(port) {
        assert_eq!(
            strict.post_json(&url, &[], "{}".into()).await,
            Err(OutboundFailure::NotAllowed),
            "{url}"
        );
    }
    // Host names: the addresses they resolve to are checked in the resolver the
    // connection uses, so whatever the name answered before, it cannot lead here.
    let url = format!("https://rebinding.example:{port}/hook");
    for (policy, answer) in [
        (OutboundPolicy::default(), vec!["127.0.0.1"]),
        (OutboundPolicy::default(), vec!["::ffff:127.0.0.1"]),
        (OutboundPolicy::default(), vec!["169.254.169.254"]),
        (OutboundPolicy::default(), vec!["10.0.0.1"]),
        // One refused address refuses the whole answer.
        (LOOPBACK_ALLOWED, vec!["127.0.0.1", "10.0.0.1"]),
        (LOOPBACK_ALLOWED, vec!["127.0.0.1", "169.254.169.254"]),
    ] {
        assert_eq!(
            client(policy, &answer)
                .post_json(&url, &[], "{}".into())
                .await,
            Err(OutboundFailure::Unreachable),
            "{answer:?}"
        );
    }
    assert_eq!(
        connections.load(Ordering::SeqCst),
        0,
        "no refused form opened a connection"
    );
    // The same name and listener, with loopback allowed: the connection is made (and
    // the TLS handshake fails), so the count above would have seen one.
    let allowed = client(LOOPBACK_ALLOWED, &["127.0.0.1"]);
    assert_eq!(
        allowed.post_json(&url, &[], "{}".into()).await,
        Err(OutboundFailure::Unreachable)
    );
    assert_eq!(connections.load(Ordering::SeqCst), 1);
}

/// A receiver that answers every request with 418.
async fn teapot() -> String {
    let app = Router::new().route("/hook", post(|| async { StatusCode::IM_A_TEAPOT }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}

/// The admin API's view of the webhooks once each has a delivery error.
async fn errors_when_all_failed(s: &TestServer, root: &str, count: usize) -> Vec<Value> {
    for _ in 0..150 {
        let (status, hooks) = send(s, Method::GET, "/api/admin/webhooks", root, None).await;
        assert_eq!(status, 200);
        let hooks = hooks.as_array().unwrap().clone();
        if hooks.len() == count && hooks.iter().all(|h| h["last_error"].is_string()) {
            return hooks;
        }
        // Deliveries run on their own schedule; this waits for them, it does not
        // stand in for time the test reasons about.
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("deliveries did not all fail in 15 s");
}

#[tokio::test]
async fn delivery_errors_tell_the_admin_no_network_detail() {
    for (backend, s) in servers_reaching_loopback().await {
        let root = root_token(&s).await;
        let idp = s.server.idp();
        let answering = teapot().await;
        let closed = {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            format!("http://{}/hook", listener.local_addr().unwrap())
        };
        for url in [&answering, &closed] {
            idp.create_webhook(url, "login.", 1_800_000_000)
                .await
                .unwrap();
        }
        // A webhook registered before the policy was this strict (written straight
        // to the store): the delivery checks the URL again.
        let id = "whk_registered_under_a_laxer_policy";
        idp.store()
            .insert_webhook(&WebhookRow {
                id: id.to_owned(),
                url: "https://10.0.0.1:8443/hook".to_owned(),
                sealed_secret: idp.keys().seal(b"whsec_old", id.as_bytes()).unwrap(),
                events: "login.".to_owned(),
                created_at: 1_800_000_000,
                disabled: false,
            })
            .await
            .unwrap();
        assert_eq!(wrong_login(&s, "ada@example.com").await.status, 401);
        let hooks = errors_when_all_failed(&s, &root, 3).await;
        let error_of = |url: &str| {
            hooks
                .iter()
                .find(|h| h["url"] == url)
                .unwrap_or_else(|| panic!("{backend}: {url} listed"))["last_error"]
                .as_str()
                .unwrap()
                .to_owned()
        };
        let answered = error_of(&answering);
        let unreachable = error_of(&closed);
        let refused = error_of("https://10.0.0.1:8443/hook");
        assert_eq!(
            (answered.as_str(), unreachable.as_str(), refused.as_str()),
            (
                "not delivered: the endpoint did not answer with success (2xx)",
                "not delivered: the endpoint could not be reached",
                "not sent: the URL is not allowed by the outbound policy",
            ),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn redirect_uris_are_judged_after_parsing() {
    for (backend, s) in servers().await {
        let root = root_token(&s).await;
        for (uri, want) in [
            ("http://localhost:1@evil.example/cb", 400),
            ("http://127.0.0.1@evil.example/cb", 400),
            ("http://localhost.evil.example/cb", 400),
            ("https://user:secret@app.example.com/cb", 400),
            ("http://127.0.0.1:4040/cb", 201),
            ("http://[::1]:4040/cb", 201),
            ("http://localhost:4040/cb", 201),
            ("https://app.example.com/cb", 201),
        ] {
            let (status, body) = send(
                &s,
                Method::POST,
                "/api/admin/clients",
                &root,
                Some(json!({"name": "app", "type": "public", "redirect_uris": [uri]})),
            )
            .await;
            assert_eq!(status, want, "{backend}: {uri}: {body}");
        }
    }
}
