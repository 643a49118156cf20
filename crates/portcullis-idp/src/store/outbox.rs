//! The outbox: every message is stored here first, then delivered over SMTP by
//! claiming due messages with a lease (so nodes do not send one message twice) and
//! recording each outcome.

use super::Store;
use crate::error::Result;

/// A message in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OutboxRow {
    /// `msg_…`, sortable by time.
    pub id: String,
    /// NumericDate.
    pub at: i64,
    /// Recipient.
    pub to_email: String,
    /// Subject.
    pub subject: String,
    /// Plain-text body (contains the link).
    pub body: String,
    /// When an SMTP server accepted it (never, without SMTP).
    pub sent_at: Option<i64>,
    /// Why the last delivery attempt failed.
    pub last_error: Option<String>,
}

impl Store {
    /// Queues a message, due for delivery at once.
    pub async fn insert_outbox(&self, m: &OutboxRow) -> Result<()> {
        sqlx::query(
            "INSERT INTO outbox (id, at, to_email, subject, body, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $2)",
        )
        .bind(&m.id)
        .bind(m.at)
        .bind(&m.to_email)
        .bind(&m.subject)
        .bind(&m.body)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The newest messages, optionally to one address.
    pub async fn outbox(&self, to: Option<&str>, limit: i64) -> Result<Vec<OutboxRow>> {
        Ok(sqlx::query_as(
            "SELECT id, at, to_email, subject, body, sent_at, last_error FROM outbox WHERE ($1 IS NULL OR to_email = $1)
             ORDER BY id DESC LIMIT $2",
        )
        .bind(to)
        .bind(limit.clamp(1, 500))
        .fetch_all(self.pool())
        .await?)
    }
}

/// A message claimed for delivery.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DueMail {
    /// `msg_…`.
    pub id: String,
    /// Failed attempts so far.
    pub attempts: i64,
    /// Recipient (a normalized address).
    pub to_email: String,
    /// Subject.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
}

/// What a sent message's body becomes.
pub const SENT_BODY: &str = "(sent; the body is not kept because it held a single-use link)";

impl Store {
    /// Claims up to `limit` messages due at `now` and queued after `oldest`, leasing each
    /// for `lease` seconds.
    pub async fn claim_mail(
        &self,
        now: i64,
        oldest: i64,
        lease: i64,
        limit: i64,
    ) -> Result<Vec<DueMail>> {
        let due: Vec<DueMail> = sqlx::query_as(
            "SELECT id, attempts, to_email, subject, body FROM outbox
             WHERE sent_at IS NULL AND next_attempt_at <= $1 AND at > $2
             ORDER BY next_attempt_at LIMIT $3",
        )
        .bind(now)
        .bind(oldest)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        let mut claimed = Vec::with_capacity(due.len());
        for mail in due {
            let won = sqlx::query(
                "UPDATE outbox SET next_attempt_at = $1
                 WHERE id = $2 AND sent_at IS NULL AND next_attempt_at <= $3",
            )
            .bind(now + lease)
            .bind(&mail.id)
            .bind(now)
            .execute(self.pool())
            .await?
            .rows_affected()
                == 1;
            if won {
                claimed.push(mail);
            }
        }
        Ok(claimed)
    }

    /// Records that the SMTP server accepted message `id`, and forgets its body: the
    /// body held a live single-use link (reset, verification, invitation) whose token
    /// is stored only hashed everywhere else.
    pub async fn mail_sent(&self, id: &str, now: i64) -> Result<()> {
        sqlx::query("UPDATE outbox SET sent_at = $1, last_error = NULL, body = $2 WHERE id = $3")
            .bind(now)
            .bind(SENT_BODY)
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Deletes messages queued before `before`, sent or not (none is sent after a day,
    /// and no link in one outlives a week). Returns how many went.
    pub async fn prune_outbox(&self, before: i64) -> Result<u64> {
        Ok(sqlx::query("DELETE FROM outbox WHERE at < $1")
            .bind(before)
            .execute(self.pool())
            .await?
            .rows_affected())
    }

    /// Records a failed attempt; the message is tried again at `next`, or never when
    /// `next` is `None`.
    pub async fn mail_failed(&self, id: &str, error: &str, next: Option<i64>) -> Result<()> {
        sqlx::query(
            "UPDATE outbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2 WHERE id = $3",
        )
        .bind(error)
        .bind(next)
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(())
    }
}
