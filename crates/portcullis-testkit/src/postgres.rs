//! A fresh PostgreSQL schema per test, so storage tests run in parallel on the one
//! database `PORTCULLIS_TEST_DATABASE_URL` names (`.ci/run` always sets it, on a
//! database of its own that it drops afterwards).

use std::sync::atomic::{AtomicU64, Ordering};

use sqlx::Connection as _;

/// A name no other test in any process uses: `prefix`, pid, time, counter.
pub fn unique_name(prefix: &str) -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!(
        "{prefix}_{}_{nanos}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    )
}

/// Creates an empty schema and returns a database URL whose connections use it
/// (`search_path`). `None`, with a note on stderr, when the variable is unset: the
/// only case in which a PostgreSQL scenario may be skipped.
///
/// ```no_run
/// # async fn demo() {
/// if let Some(url) = portcullis_testkit::postgres::fresh_schema_url().await {
///     assert!(url.contains("search_path"));
/// }
/// # }
/// ```
#[allow(
    clippy::expect_used,
    reason = "a test cannot go on without its database"
)]
pub async fn fresh_schema_url() -> Option<String> {
    let Some(url) = std::env::var("PORTCULLIS_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        eprintln!("PORTCULLIS_TEST_DATABASE_URL is not set: PostgreSQL scenarios skipped");
        return None;
    };
    let schema = unique_name("t");
    let mut conn = sqlx::PgConnection::connect(&url)
        .await
        .expect("PORTCULLIS_TEST_DATABASE_URL is set but PostgreSQL does not answer");
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&mut conn)
        .await
        .expect("create a test schema");
    let sep = if url.contains('?') { '&' } else { '?' };
    Some(format!("{url}{sep}options=-c%20search_path%3D{schema}"))
}
