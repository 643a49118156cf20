//! Mail over SMTP: the outbox is delivered to a real SMTP conversation (a small sink on
//! port 0), refusals are retried with backoff, and the delivered link works.

use std::sync::{Arc, Mutex};

use portcullis_server::Clock;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

use crate::helpers::{TestServer, servers_with};

/// One message as the relay received it.
#[derive(Debug, Clone)]
struct Received {
    mail_from: String,
    rcpt_to: Vec<String>,
    data: String,
}

/// A minimal SMTP relay: it answers what a client needs for one plain-text message and
/// refuses the first `refusals` DATA commands with 451 (try again later). Written by
/// hand because the point is a real SMTP conversation without installing a mail server.
#[derive(Clone)]
struct Sink {
    port: u16,
    received: Arc<Mutex<Vec<Received>>>,
    refusals: Arc<Mutex<usize>>,
    /// The verb of every command the relay was sent, in order.
    commands: Arc<Mutex<Vec<String>>>,
}

impl Sink {
    async fn start(refusals: usize) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let sink = Self {
            port: listener.local_addr().unwrap().port(),
            received: Arc::default(),
            refusals: Arc::new(Mutex::new(refusals)),
            commands: Arc::default(),
        };
        let s = sink.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let s = s.clone();
                tokio::spawn(async move { s.session(stream).await });
            }
        });
        sink
    }

    async fn session(&self, stream: tokio::net::TcpStream) -> std::io::Result<()> {
        let (r, mut w) = stream.into_split();
        let mut r = BufReader::new(r);
        w.write_all(b"220 sink.test ESMTP\r\n").await?;
        let (mut from, mut to) = (String::new(), Vec::new());
        loop {
            let mut line = String::new();
            if r.read_line(&mut line).await? == 0 {
                return Ok(());
            }
            let upper = line.to_ascii_uppercase();
            let verb = upper.split_whitespace().next().unwrap_or_default();
            self.commands.lock().unwrap().push(verb.to_owned());
            let reply: &[u8] = if upper.starts_with("EHLO") {
                b"250-sink.test\r\n250 8BITMIME\r\n"
            } else if upper.starts_with("MAIL FROM:") {
                from = line[10..].trim().to_owned();
                b"250 ok\r\n"
            } else if upper.starts_with("RCPT TO:") {
                to.push(line[8..].trim().to_owned());
                b"250 ok\r\n"
            } else if upper.starts_with("DATA") {
                let refuse = {
                    let mut n = self.refusals.lock().unwrap();
                    let refuse = *n > 0;
                    *n = n.saturating_sub(1);
                    refuse
                };
                if refuse {
                    b"451 4.3.0 try again later\r\n"
                } else {
                    w.write_all(b"354 go ahead\r\n").await?;
                    let mut data = String::new();
                    loop {
                        let mut l = String::new();
                        if r.read_line(&mut l).await? == 0 || l == ".\r\n" {
                            break;
                        }
                        data.push_str(l.strip_prefix('.').unwrap_or(&l));
                    }
                    self.received.lock().unwrap().push(Received {
                        mail_from: std::mem::take(&mut from),
                        rcpt_to: std::mem::take(&mut to),
                        data,
                    });
                    b"250 queued\r\n"
                }
            } else if upper.starts_with("RSET") || upper.starts_with("NOOP") {
                b"250 ok\r\n"
            } else if upper.starts_with("QUIT") {
                w.write_all(b"221 bye\r\n").await?;
                return Ok(());
            } else {
                b"502 not implemented\r\n"
            };
            w.write_all(reply).await?;
        }
    }

    fn commands(&self) -> Vec<String> {
        self.commands.lock().unwrap().clone()
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

/// Decodes a quoted-printable ASCII body (RFC 2045 §6.7): soft line breaks, `=XX`.
fn quoted_printable(body: &str) -> String {
    let joined = body.replace("=\r\n", "");
    let mut out = String::new();
    let mut rest = joined.as_str();
    while let Some(i) = rest.find('=') {
        out.push_str(&rest[..i]);
        let byte = u8::from_str_radix(&rest[i + 1..i + 3], 16).unwrap();
        out.push(char::from(byte));
        rest = &rest[i + 3..];
    }
    out.push_str(rest);
    out
}

/// Polls `f` for up to ten seconds.
async fn eventually<T>(mut f: impl AsyncFnMut() -> Option<T>) -> T {
    for _ in 0..100 {
        if let Some(v) = f().await {
            return v;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("not within ten seconds");
}

/// One server per backend reading `clock`, each sending through its own relay of
/// `sinks`, addressed as `smtp://{host}:{port}`.
async fn servers_with_relays(
    clock: &Clock,
    sinks: &[Sink],
    host: &str,
) -> Vec<(&'static str, TestServer)> {
    let ports = sinks.iter().map(|s| s.port).collect::<Vec<_>>();
    let next = std::sync::atomic::AtomicUsize::new(0);
    servers_with(clock.clone(), |mut c| {
        let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        c.smtp_url = Some(format!("smtp://{host}:{}", ports[i]).into());
        c.mail_from = Some("Portcullis Test <auth@example.com>".into());
        c
    })
    .await
}

/// Ada's newest message in the outbox.
async fn ada_mail(idp: &portcullis_idp::Idp) -> portcullis_idp::store::OutboxRow {
    let mut rows = idp
        .store()
        .outbox(Some("ada@example.com"), 1)
        .await
        .unwrap();
    rows.remove(0)
}

/// Signs ada up and queues a verification mail for her.
async fn queue_verification<'s>(s: &'s TestServer, clock: &Clock) -> &'s portcullis_idp::Idp {
    s.signup("ada@example.com").await;
    let idp = s.server.idp();
    let user = idp.find_user("ada@example.com").await.unwrap();
    idp.send_verification(&user.id, clock.now()).await.unwrap();
    idp
}

#[tokio::test]
async fn the_outbox_goes_out_over_smtp_and_refusals_are_retried() {
    let clock = Clock::manual(1_800_000_000);
    let sinks = [Sink::start(1).await, Sink::start(1).await];
    let servers = servers_with_relays(&clock, &sinks, "127.0.0.1").await;
    for ((backend, s), sink) in servers.into_iter().zip(&sinks) {
        let idp = queue_verification(&s, &clock).await;
        // The relay refuses the first attempt: recorded, retried after 5 s of backoff.
        let pending = eventually(async || {
            let row = ada_mail(idp).await;
            row.last_error.is_some().then_some(row)
        })
        .await;
        let error = pending.last_error.clone().unwrap();
        assert!(error.contains("451"), "{backend}: {error}");
        assert!(sink.received().is_empty(), "{backend}");
        clock.advance(5);
        let mail = eventually(async || sink.received().into_iter().next()).await;
        assert_eq!(mail.mail_from, "<auth@example.com>", "{backend}");
        assert_eq!(mail.rcpt_to, ["<ada@example.com>"], "{backend}");
        assert!(
            mail.data.contains("Subject: Confirm your email address"),
            "{backend}: {}",
            mail.data
        );
        assert!(
            mail.data
                .contains("From: \"Portcullis Test\" <auth@example.com>")
                || mail
                    .data
                    .contains("From: Portcullis Test <auth@example.com>"),
            "{}",
            mail.data
        );
        let row = eventually(async || {
            let row = ada_mail(idp).await;
            row.sent_at.map(|_| row)
        })
        .await;
        // The link in the delivered message is the working one, once.
        let (headers, body) = mail.data.split_once("\r\n\r\n").unwrap();
        assert!(
            headers.contains("Content-Transfer-Encoding: quoted-printable"),
            "{headers}"
        );
        let body = quoted_printable(body);
        let start = body.find("/verify-email?token=").unwrap();
        let path = body[start..].split_whitespace().next().unwrap();
        assert!(
            pending.body.contains(path),
            "{backend}: the stored and sent links agree: {path:?} in {body:?}"
        );
        assert!(
            !row.body.contains(path),
            "{backend}: sent mail forgets the link: {}",
            row.body
        );
        assert_eq!(s.get(path, None).await.status, 200, "{backend}");
        assert!(
            idp.find_user("ada@example.com")
                .await
                .unwrap()
                .email_verified,
            "{backend}"
        );
        // Sent once: later ticks do not send it again. A message queued an hour later
        // goes out in a tick that would also have picked the first one up (it would be
        // due earlier, so claimed first), so once it has arrived, nothing else came.
        clock.advance(3600);
        idp.request_password_reset("ada@example.com", clock.now())
            .await
            .unwrap();
        eventually(async || (sink.received().len() >= 2).then_some(())).await;
        let subjects: Vec<bool> = sink
            .received()
            .iter()
            .map(|m| m.data.contains("Subject: Confirm your email address"))
            .collect();
        assert_eq!(subjects, [true, false], "{backend}: the reset mail alone");
    }
}

#[tokio::test]
async fn an_unusable_smtp_setting_stops_the_server_with_a_clear_message() {
    for (url, expected) in [
        ("http://mail.example.com", "smtps:// or smtp://"),
        ("smtp://", "smtp_url"),
        ("smtps://user:hunter2@mail.example.com/x", "smtp_url"),
    ] {
        let config = portcullis_server::ServerConfig {
            smtp_url: Some(url.into()),
            ..portcullis_server::ServerConfig::default()
        };
        let err = config.validate().unwrap_err().0;
        assert!(err.contains(expected), "{url}: {err}");
        assert!(!err.contains("hunter2"), "{err}");
    }
    let config = portcullis_server::ServerConfig {
        mail_from: Some("not an address".into()),
        ..portcullis_server::ServerConfig::default()
    };
    assert!(config.validate().unwrap_err().0.contains("mail_from"));
    let config = portcullis_server::ServerConfig {
        smtp_url: Some("smtps://user:hunter2@mail.example.com".into()),
        ..portcullis_server::ServerConfig::default()
    };
    assert!(
        !format!("{config:?}").contains("hunter2"),
        "redacted in Debug"
    );
}

#[tokio::test]
async fn a_relay_off_loopback_gets_nothing_without_starttls() {
    let clock = Clock::manual(1_800_000_000);
    // This relay offers no STARTTLS. `0.0.0.0` reaches it (Linux sends a connection
    // to the unspecified address over loopback), but it is not a loopback address, so
    // the issuer treats it as a relay on another host (`smtp://`: STARTTLS required).
    let sinks = [Sink::start(0).await, Sink::start(0).await];
    let servers = servers_with_relays(&clock, &sinks, "0.0.0.0").await;
    for ((backend, s), sink) in servers.into_iter().zip(&sinks) {
        let idp = queue_verification(&s, &clock).await;
        // Wait for the first attempt's outcome, whichever it is.
        let row = eventually(async || {
            let row = ada_mail(idp).await;
            (row.last_error.is_some() || row.sent_at.is_some()).then_some(row)
        })
        .await;
        assert!(row.sent_at.is_none(), "{backend}: sent without TLS");
        assert!(
            sink.commands().first().map(String::as_str) == Some("EHLO"),
            "{backend}: the relay was reached: {:?}",
            sink.commands()
        );
        assert!(
            !sink.commands().iter().any(|c| c == "MAIL" || c == "AUTH"),
            "{backend}: nothing was sent in clear text: {:?}",
            sink.commands()
        );
        assert!(sink.received().is_empty(), "{backend}");
        let error = row.last_error.unwrap_or_default();
        assert!(
            error.to_ascii_lowercase().contains("tls"),
            "{backend}: {error}"
        );
    }
}
