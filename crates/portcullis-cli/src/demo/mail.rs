//! In `--demo` mode without SMTP, mail is printed to the terminal as it is queued, so
//! a newcomer can follow the confirmation and reset links. Printed to stdout, not to
//! the log: links are secrets, and the log never carries them.

use std::time::Duration;

use portcullis_idp::Idp;

/// Prints every message queued after the call, once, forever (the demo aborts it at
/// exit with the process).
pub(crate) async fn print_new_mail(idp: Idp) {
    let mut seen = match idp.store().outbox(None, 1).await {
        Ok(latest) => latest.into_iter().next().map(|m| m.id),
        Err(_) => None,
    };
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    loop {
        tick.tick().await;
        let Ok(mut recent) = idp.store().outbox(None, 50).await else {
            continue;
        };
        // Newest first from the store; print oldest first, only what is new.
        recent.retain(|m| seen.as_ref().is_none_or(|s| m.id > *s));
        recent.reverse();
        for m in recent {
            println!(
                "\n--- mail to {} (demo: no SMTP configured): {}\n{}",
                m.to_email, m.subject, m.body
            );
            seen = Some(m.id);
        }
    }
}
