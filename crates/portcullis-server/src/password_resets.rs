//! Forgot-password requests, answered before anything is looked up.
//!
//! Whether an address has an account must not show in the answer, nor in how long it
//! takes: a known address costs a lookup, a token, an audit event and a queued mail; an
//! unknown one a single lookup. So the form only queues the request and answers at
//! once; one worker handles the queue in order. A full queue drops the request (logged):
//! the answer is the same either way, and a flood cannot grow memory.

use portcullis_i18n::Locale;
use portcullis_idp::Idp;
use tokio::sync::mpsc;

/// How many requests may wait for the worker.
const QUEUE: usize = 1024;

/// One request: the address as typed, the language of the page it came from (the
/// mail's language), and when it was made.
struct Request {
    email: String,
    locale: Locale,
    at: i64,
}

/// The sending side, held by the hosted pages.
#[derive(Debug, Clone)]
pub(crate) struct ResetRequests {
    tx: mpsc::Sender<Request>,
}

impl ResetRequests {
    /// The queue and its worker, which runs until every sender is gone.
    pub(crate) fn start(idp: Idp) -> (Self, impl Future<Output = ()> + Send + 'static) {
        let (tx, mut rx) = mpsc::channel::<Request>(QUEUE);
        let worker = async move {
            while let Some(r) = rx.recv().await {
                let sent =
                    portcullis_i18n::scope(r.locale, idp.request_password_reset(&r.email, r.at));
                if let Err(e) = sent.await {
                    tracing::warn!(error = %e, "password reset not queued");
                }
            }
        };
        (Self { tx }, worker)
    }

    /// Queues a request made at `at` from a page in `locale`; `false` if the queue is
    /// full (or stopped).
    pub(crate) fn submit(&self, email: &str, locale: Locale, at: i64) -> bool {
        // An address is at most 254 bytes; anything longer cannot have an account.
        if email.len() > 254 {
            return true;
        }
        self.tx
            .try_send(Request {
                email: email.to_owned(),
                locale,
                at,
            })
            .is_ok()
    }
}
