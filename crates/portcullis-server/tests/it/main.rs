//! The issuer over real HTTP, on SQLite and (when `PORTCULLIS_TEST_DATABASE_URL` is set)
//! PostgreSQL: the auth API, the OAuth endpoints, discovery, and the guard verifying
//! what the issuer signs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    unreachable_pub
)]

mod admin;
mod admin_client;
mod admin_clients;
mod admin_orgs;
mod admin_rbac;
mod admin_users;
mod api_keys;
mod auth_api;
mod browser;
mod discovery;
mod grants;
mod helpers;
mod introspection_limits;
mod mail;
mod mfa;
mod mfa_policy;
mod nodes;
mod oauth;
mod openapi;
mod outage;
mod outbound;
mod own_audience;
mod passkeys;
mod registration;
mod schema_fuzz;
mod token_types;
mod upstream;
mod webhooks;
