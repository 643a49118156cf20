//! Storage. The only place SQL lives, and the only place the backend is chosen.
//!
//! Both backends run the same runtime-checked queries through sqlx's `Any` driver
//! (portable SQL: `$n` placeholders, `BIGINT` seconds for times, `TEXT` ids, `ON CONFLICT`),
//! each with its own migrations, applied at start.

mod api_keys;
mod apis;
mod audit;
mod branding;
mod browser;
mod clients;
mod columns;
mod consents;
mod email_codes;
mod email_links;
mod keys;
mod mfa;
mod mfa_policy;
mod orgs;
mod outbox;
mod passkeys;
mod private_files;
mod rbac;
mod sessions;
mod throttle;
mod upstream;
mod users;
mod webhooks;

use std::path::Path;
use std::str::FromStr as _;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, ConnectOptions as _, Connection as _, Executor as _};

pub use api_keys::ApiKeyRow;
pub use apis::{ApiRow, PermissionRow};
pub use audit::{AuditRow, MAX_AUDIT_PAGE};
pub use browser::{BrowserSession, CodeRow};
pub use clients::{ClientInfo, ClientRow};
pub use columns::KeyState;
pub use consents::ConsentRow;
pub use keys::KeyRow;
pub(crate) use mfa::ChallengeRow;
pub use mfa::TotpFactorRow;
pub use orgs::{InvitationOffer, InvitationRow, MembershipRow, OrgRow, PendingInvitation};
pub use outbox::{DueMail, OutboxRow, SENT_BODY};
pub(crate) use passkeys::CeremonyRow;
pub use passkeys::PasskeyRow;
pub use rbac::{RoleGrantRow, RoleRow};
pub use sessions::{RefreshOutcome, RefreshStatus, SessionRow, SessionSummary};
pub(crate) use upstream::UpstreamLoginRow;
pub use upstream::{ConnectionRow, IdentityRow, OrgDomainRow};
pub use users::{MAX_PAGE, UserRow};
pub use webhooks::{DeliveryRow, DueDelivery, WebhookRow};

use crate::error::{IdpError, Result};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// Which database is behind the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite (one process).
    Sqlite,
    /// PostgreSQL (several stateless servers may share it).
    Postgres,
}

/// The database: a connection pool with the schema migrated.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

/// A database URL that never shows its password in logs.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}://…{}", &url[..scheme], &url[at..]),
        _ => url.to_owned(),
    }
}

/// How long the first connection may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// One direct connection attempt: the pool would retry a refused connection until its
/// timeout and then say only that it timed out, naming neither the server nor the cause.
async fn probe(url: &str, options: &AnyConnectOptions) -> Result<()> {
    let failed = |cause: String| {
        let address = url::Url::parse(url)
            .ok()
            .and_then(|u| Some(format!("{}:{}", u.host_str()?, u.port().unwrap_or(5432))))
            .unwrap_or_else(|| redact(url));
        IdpError::Connect { address, cause }
    };
    match tokio::time::timeout(CONNECT_TIMEOUT, options.connect()).await {
        Ok(Ok(connection)) => {
            let _ = connection.close().await;
            Ok(())
        }
        Ok(Err(e)) => Err(failed(e.to_string())),
        Err(_) => Err(failed(format!(
            "no answer within {} s",
            CONNECT_TIMEOUT.as_secs()
        ))),
    }
}

impl Store {
    /// Opens (creating if needed) the embedded SQLite database `portcullis.db` in `dir`.
    ///
    /// The directory is created readable by its owner only (0700) and the database
    /// file 0600 before SQLite opens it; SQLite gives its `-wal` and `-shm` files the
    /// database file's mode. An existing database file is narrowed to 0600 too.
    pub async fn open_sqlite_dir(dir: &Path) -> Result<Self> {
        private_files::create_dir(dir).map_err(|e| {
            IdpError::invalid(format!(
                "cannot create data directory {}: {e}",
                dir.display()
            ))
        })?;
        let file = dir.join("portcullis.db");
        private_files::create_file(&file)
            .map_err(|e| IdpError::invalid(format!("cannot create {}: {e}", file.display())))?;
        Self::connect(&format!("sqlite://{}?mode=rwc", file.display())).await
    }

    /// Connects to `sqlite://…` or `postgres://…` and applies the migrations.
    pub async fn connect(url: &str) -> Result<Self> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(IdpError::invalid(format!(
                "unsupported database URL {} (use sqlite:// or postgres://)",
                redact(url)
            )));
        };
        let options = AnyConnectOptions::from_str(url)
            .map_err(|e| IdpError::invalid(format!("bad database URL {}: {e}", redact(url))))?
            .log_statements(tracing::log::LevelFilter::Debug);
        if backend == Backend::Postgres {
            probe(url, &options).await?;
        }
        let pool = AnyPoolOptions::new()
            // SQLite serializes writers anyway; a few connections serve concurrent reads.
            .max_connections(if backend == Backend::Sqlite { 4 } else { 16 })
            .acquire_timeout(Duration::from_secs(5))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA busy_timeout = 5000").await?;
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA synchronous = NORMAL").await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        let migrator = match backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&pool).await?;
        Ok(Self { pool, backend })
    }

    /// The backend in use.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Whether the database answers (for `/readyz`).
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    /// Closes the pool.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }
}

/// `text` with the LIKE wildcards escaped (for `LIKE … ESCAPE '\'`), so user input
/// matches literally.
pub(crate) fn like_escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// Whether a database error is a unique-constraint violation.
pub(crate) fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.is_unique_violation())
}

#[cfg(test)]
mod tests {
    #[test]
    fn urls_are_redacted() {
        assert_eq!(
            super::redact("postgres://u:pw@db:5432/x"),
            "postgres://…@db:5432/x"
        );
        assert_eq!(super::redact("sqlite://data/p.db"), "sqlite://data/p.db");
    }
}
