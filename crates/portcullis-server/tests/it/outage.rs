//! The database goes away under the server and comes back: 503 with `Retry-After`
//! during the outage, full service afterwards, no restart. PostgreSQL is reached
//! through a TCP proxy the test can cut.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde_json::json;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

use crate::helpers::{config_for_pg, postgres_url, start};

/// Forwards to `target` while `up`; when cut, drops every connection and refuses new ones.
async fn proxy(target: String) -> (u16, Arc<AtomicBool>, Arc<Notify>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let up = Arc::new(AtomicBool::new(true));
    let cut = Arc::new(Notify::new());
    let (up2, cut2) = (Arc::clone(&up), Arc::clone(&cut));
    tokio::spawn(async move {
        loop {
            let Ok((mut inbound, _)) = listener.accept().await else {
                continue;
            };
            if !up2.load(Ordering::SeqCst) {
                continue; // dropped: connection refused/reset
            }
            let target = target.clone();
            let cut = Arc::clone(&cut2);
            tokio::spawn(async move {
                let Ok(mut outbound) = TcpStream::connect(&target).await else {
                    return;
                };
                tokio::select! {
                    _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                    () = cut.notified() => {}
                }
            });
        }
    });
    (port, up, cut)
}

#[tokio::test]
async fn a_database_outage_is_503_then_recovers_without_restart() {
    let Some(url) = postgres_url().await else {
        return;
    };
    let parsed = url::Url::parse(&url).unwrap();
    let target = format!(
        "{}:{}",
        parsed.host_str().unwrap(),
        parsed.port().unwrap_or(5432)
    );
    let (port, up, cut) = proxy(target).await;
    let mut via_proxy = parsed.clone();
    via_proxy.set_port(Some(port)).unwrap();
    let s = start(config_for_pg(via_proxy.to_string())).await;
    s.server
        .idp()
        .create_api(crate::helpers::API, "Hello", &[], 1_800_000_000)
        .await
        .unwrap();
    s.signup("ada@example.com").await;
    let body = json!({"email": "ada@example.com", "password": "correct horse battery"});
    let login = || s.post_json("/api/auth/login", &body);
    assert_eq!(login().await.status, 200);

    up.store(false, Ordering::SeqCst);
    cut.notify_waiters();
    let during = login().await;
    assert_eq!(during.status, 503, "{}", during.text);
    assert_eq!(during.body["message"], "Service Unavailable");
    assert!(during.headers.contains_key("retry-after"));
    assert_eq!(s.get("/readyz", None).await.status, 503);
    // Keys already published are still served? They come from the database too: 503 is
    // the honest answer, and discovery (no database) keeps working.
    assert_eq!(
        s.get("/.well-known/openid-configuration", None)
            .await
            .status,
        200
    );

    up.store(true, Ordering::SeqCst);
    let mut recovered = false;
    for _ in 0..100 {
        if s.get("/readyz", None).await.status == 200 {
            recovered = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(recovered, "the pool reconnects by itself");
    assert_eq!(login().await.status, 200, "full service, no restart");
}
