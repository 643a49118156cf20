//! SMTP delivery of the outbox. Every message is stored first (the outbox is the queue,
//! so a restart or an SMTP outage loses nothing); when `smtp_url` is set, a worker
//! claims due messages with a lease, sends them, and retries failures with backoff.
//!
//! Transport security is safe by default: `smtps://` is TLS from the first byte,
//! `smtp://` must upgrade with STARTTLS (no credentials or mail cross in clear text),
//! and only a loopback relay may be spoken to unencrypted, unless
//! `allow_insecure_smtp` says otherwise.

use std::time::Duration;

use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use portcullis_idp::store::DueMail;
use portcullis_idp::{Idp, Secret, retry_delay};

use crate::clock::Clock;
use crate::config::{ConfigError, loopback_host};

/// How the connection to the relay is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Security {
    /// TLS from the first byte (`smtps://`, port 465 by default).
    ImplicitTls,
    /// Plain connect, then STARTTLS, refusing to go on without it (`smtp://`, port 587).
    StartTls,
    /// No encryption: loopback relays, or `allow_insecure_smtp`.
    Plain,
}

/// A parsed `smtp_url`.
#[derive(Debug, Clone)]
pub(crate) struct SmtpEndpoint {
    pub(crate) host: String,
    pub(crate) port: u16,
    pub(crate) security: Security,
    pub(crate) credentials: Option<(String, Secret)>,
}

/// Parses `smtp_url`: `smtps://[user[:password]@]host[:port]` or
/// `smtp://[user[:password]@]host[:port]`. Messages never name the password.
pub(crate) fn parse_smtp_url(raw: &str, allow_insecure: bool) -> Result<SmtpEndpoint, ConfigError> {
    let bad = |why: &str| ConfigError(format!("smtp_url: {why}"));
    let url = url::Url::parse(raw).map_err(|_| bad("not a URL"))?;
    let host = url
        .host_str()
        .map(|h| h.trim_start_matches('[').trim_end_matches(']').to_owned())
        .filter(|h| !h.is_empty())
        .ok_or_else(|| bad("no host"))?;
    if url.path().len() > 1 || url.query().is_some() || url.fragment().is_some() {
        return Err(bad(
            "only scheme, user, password, host and port are allowed",
        ));
    }
    let security = match url.scheme() {
        "smtps" => Security::ImplicitTls,
        "smtp" if loopback_host(&host) || allow_insecure => Security::Plain,
        "smtp" => Security::StartTls,
        _ => return Err(bad("the scheme must be smtps:// or smtp://")),
    };
    let port = url.port().unwrap_or(match security {
        Security::ImplicitTls => 465,
        Security::StartTls | Security::Plain => 587,
    });
    let decode = |s: &str| {
        percent_decode(s).ok_or_else(|| bad("user or password is not valid percent-encoded UTF-8"))
    };
    let credentials = if url.username().is_empty() {
        None
    } else {
        let user = decode(url.username())?;
        let password = decode(url.password().unwrap_or_default())?;
        Some((user, Secret::new(password)))
    };
    Ok(SmtpEndpoint {
        host,
        port,
        security,
        credentials,
    })
}

fn percent_decode(s: &str) -> Option<String> {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .ok()
        .map(std::borrow::Cow::into_owned)
}

/// Parses `mail_from`, or makes `Portcullis <no-reply@issuer-host>`.
pub(crate) fn parse_mail_from(raw: Option<&str>, issuer: &str) -> Result<Mailbox, ConfigError> {
    let text = match raw {
        Some(r) => r.to_owned(),
        None => {
            let host = url::Url::parse(issuer)
                .ok()
                .and_then(|u| u.host_str().map(str::to_owned))
                .filter(|h| h.contains('.') && h.parse::<std::net::IpAddr>().is_err())
                .unwrap_or_else(|| "localhost".to_owned());
            format!("Portcullis <no-reply@{host}>")
        }
    };
    text.parse::<Mailbox>()
        .map_err(|e| ConfigError(format!("mail_from {text:?} is not an address: {e}")))
}

/// Sends messages through one relay.
pub(crate) struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    pub(crate) fn new(endpoint: SmtpEndpoint, from: Mailbox) -> Result<Self, ConfigError> {
        let builder = match endpoint.security {
            Security::ImplicitTls => AsyncSmtpTransport::<Tokio1Executor>::relay(&endpoint.host),
            Security::StartTls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&endpoint.host)
            }
            Security::Plain => Ok(AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(
                &endpoint.host,
            )),
        }
        .map_err(|e| ConfigError(format!("smtp_url: {e}")))?;
        let mut builder = builder
            .port(endpoint.port)
            .timeout(Some(Duration::from_secs(10)));
        if let Some((user, password)) = endpoint.credentials {
            builder = builder.credentials(Credentials::new(user, password.expose().to_owned()));
        }
        Ok(Self {
            transport: builder.build(),
            from,
        })
    }

    async fn send(&self, mail: &DueMail) -> Result<(), String> {
        let to = mail
            .to_email
            .parse::<Mailbox>()
            .map_err(|e| format!("bad recipient: {e}"))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject.as_str())
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body.clone())
            .map_err(|e| format!("bad message: {e}"))?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

/// Seconds a claimed message is left to the claiming node.
const LEASE: i64 = 60;
/// Messages older than this are not sent any more: their links would have expired.
const MAX_AGE: i64 = 24 * 3600;

/// Runs forever; the server aborts it at shutdown.
pub(crate) async fn run(idp: Idp, clock: Clock, mailer: Mailer) {
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    loop {
        tick.tick().await;
        let now = clock.now();
        let due = match idp.store().claim_mail(now, now - MAX_AGE, LEASE, 20).await {
            Ok(d) => d,
            Err(e) => {
                tracing::warn!(error = %e, "mail queue unavailable");
                continue;
            }
        };
        for mail in due {
            let outcome = mailer.send(&mail).await;
            let now = clock.now();
            let recorded = match outcome {
                Ok(()) => {
                    tracing::info!(id = %mail.id, to = %mail.to_email, "mail sent");
                    idp.store().mail_sent(&mail.id, now).await
                }
                Err(error) => {
                    let error: String = error.chars().take(300).collect();
                    let next = retry_delay(mail.attempts).map(|d| now + d);
                    tracing::warn!(id = %mail.id, %error, given_up = next.is_none(), "mail not sent");
                    idp.store().mail_failed(&mail.id, &error, next).await
                }
            };
            if let Err(e) = recorded {
                tracing::warn!(error = %e, "mail outcome not recorded");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_urls_are_secure_unless_loopback_or_allowed() {
        let e = parse_smtp_url("smtps://mail.example.com", false).unwrap();
        assert_eq!((e.security, e.port), (Security::ImplicitTls, 465));
        let e = parse_smtp_url("smtp://u%40x:p%3Aw+d@mail.example.com:2525", false).unwrap();
        assert_eq!((e.security, e.port), (Security::StartTls, 2525));
        let (user, password) = e.credentials.unwrap();
        assert_eq!((user.as_str(), password.expose()), ("u@x", "p:w+d"));
        for local in [
            "smtp://127.0.0.1:2525",
            "smtp://localhost",
            "smtp://[::1]:25",
        ] {
            assert_eq!(
                parse_smtp_url(local, false).unwrap().security,
                Security::Plain,
                "{local}"
            );
        }
        assert_eq!(
            parse_smtp_url("smtp://mail.example.com", true)
                .unwrap()
                .security,
            Security::Plain
        );
    }

    #[test]
    fn bad_smtp_urls_are_refused_without_echoing_the_password() {
        for bad in [
            "",
            "mail.example.com",
            "http://mail.example.com",
            "smtp://",
            "smtps://mail.example.com/path",
            "smtps://mail.example.com?tls=none",
            "smtps://user:hunter2@mail.example.com/x",
            "smtps://user:%FF@mail.example.com",
        ] {
            let err = parse_smtp_url(bad, false).unwrap_err().0;
            assert!(err.starts_with("smtp_url: "), "{bad}: {err}");
            assert!(!err.contains("hunter2"), "{err}");
        }
    }

    #[test]
    fn mail_from_defaults_to_the_issuer_host() {
        let from = parse_mail_from(None, "https://id.example.com/").unwrap();
        assert_eq!(from.email.to_string(), "no-reply@id.example.com");
        let local = parse_mail_from(None, "http://127.0.0.1:8080/").unwrap();
        assert_eq!(local.email.to_string(), "no-reply@localhost");
        let named = parse_mail_from(Some("Acme <auth@acme.example>"), "").unwrap();
        assert_eq!(named.name.as_deref(), Some("Acme"));
        for bad in ["", "not an address", "a@b\r\nBcc: x@y.example"] {
            assert!(parse_mail_from(Some(bad), "").is_err(), "{bad:?}");
        }
    }
}
