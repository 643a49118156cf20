//! The identity domain on both backends: every scenario runs on SQLite and, when
//! `PORTCULLIS_TEST_DATABASE_URL` is set, on PostgreSQL.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    unreachable_pub
)]

mod admin_ops;
mod api_keys;
mod auth;
mod db;
mod hygiene;
mod keys;
mod orgs;
mod rbac;
mod refresh;
