//! Mail asked for through a hosted form (a password reset link, a sign-in code),
//! answered before anything is looked up.
//!
//! Whether an address has an account must not show in the answer, nor in how long it
//! takes: a known address costs a lookup, a token, an audit event and a queued mail; an
//! unknown one a single lookup. So the form only queues the request and answers at
//! once; one worker handles the queue in order. A full queue drops the request (logged):
//! the answer is the same either way, and a flood cannot grow memory.

use portcullis_i18n::Locale;
use portcullis_idp::{Idp, Secret};
use tokio::sync::mpsc;

/// How many requests may wait for the worker.
const QUEUE: usize = 1024;

/// An address is at most 254 bytes; anything longer cannot have an account.
const MAX_EMAIL_BYTES: usize = 254;

/// What is asked for.
enum Kind {
    /// A password reset link.
    Reset,
    /// A sign-in code for the browser holding `handle`, whose link opens `link`.
    SignInCode { handle: Secret, link: String },
}

/// One request: the address as typed, the language of the page it came from (the
/// mail's language), and when it was made.
struct Request {
    kind: Kind,
    email: String,
    locale: Locale,
    at: i64,
}

/// The sending side, held by the hosted pages.
#[derive(Debug, Clone)]
pub(crate) struct MailRequests {
    tx: mpsc::Sender<Request>,
}

impl MailRequests {
    /// The queue and its worker, which runs until every sender is gone.
    pub(crate) fn start(idp: Idp) -> (Self, impl Future<Output = ()> + Send + 'static) {
        let (tx, mut rx) = mpsc::channel::<Request>(QUEUE);
        let worker = async move {
            while let Some(r) = rx.recv().await {
                let done = match &r.kind {
                    Kind::Reset => {
                        portcullis_i18n::scope(r.locale, idp.request_password_reset(&r.email, r.at))
                            .await
                    }
                    Kind::SignInCode { handle, link } => {
                        let sent = idp.send_sign_in_code(handle, &r.email, link, r.at);
                        portcullis_i18n::scope(r.locale, sent).await
                    }
                };
                if let Err(e) = done {
                    tracing::warn!(error = %e, "asked-for mail not queued");
                }
            }
        };
        (Self { tx }, worker)
    }

    /// Queues a password reset for `email`, asked at `at` from a page in `locale`;
    /// `false` if the queue is full (or stopped).
    pub(crate) fn reset(&self, email: &str, locale: Locale, at: i64) -> bool {
        self.submit(Kind::Reset, email, locale, at)
    }

    /// Queues a sign-in code for the browser holding `handle`; `false` as
    /// [`reset`](Self::reset).
    pub(crate) fn sign_in_code(
        &self,
        handle: Secret,
        email: &str,
        link: String,
        locale: Locale,
        at: i64,
    ) -> bool {
        self.submit(Kind::SignInCode { handle, link }, email, locale, at)
    }

    fn submit(&self, kind: Kind, email: &str, locale: Locale, at: i64) -> bool {
        if email.len() > MAX_EMAIL_BYTES {
            return true;
        }
        self.tx
            .try_send(Request {
                kind,
                email: email.to_owned(),
                locale,
                at,
            })
            .is_ok()
    }
}
