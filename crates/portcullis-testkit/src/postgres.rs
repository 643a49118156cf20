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
/// (`search_path`).
///
/// `None` when `PORTCULLIS_TEST_DATABASE_URL` is unset: the only case in which a
/// PostgreSQL scenario may be skipped. The skip is then said in the test output (a
/// `SKIPPED` line naming the test, written past the harness's output capture), and
/// under `CI=true` it is not allowed: the test fails instead, so a CI run without
/// PostgreSQL cannot pass on SQLite alone.
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
        let test = std::thread::current().name().unwrap_or("a test").to_owned();
        if ci() {
            panic!(
                "CI is set but PORTCULLIS_TEST_DATABASE_URL is not: the PostgreSQL scenario of {test} would be skipped"
            );
        }
        say_skipped(&test);
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

/// `CI=true` (or `1`): skipping a PostgreSQL scenario is a failure there.
fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Writes the skip to the process's real stderr: `eprintln!` inside a test is captured
/// by the harness and shown only on failure, so a skip said that way is never seen.
fn say_skipped(test: &str) {
    use std::io::Write as _;
    let line =
        format!("SKIPPED PostgreSQL scenario of {test}: PORTCULLIS_TEST_DATABASE_URL is not set\n");
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}
