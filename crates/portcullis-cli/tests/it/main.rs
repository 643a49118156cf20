//! The `portcullis` binary end to end: the demo walkthrough, configuration errors, and
//! the administrative commands.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    unreachable_pub
)]

mod admin;
mod config;
mod crash;
mod demo;
mod helpers;
mod logs;
