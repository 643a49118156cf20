//! Integration tests against external test vectors: Project Wycheproof (JWS, JWK, JWE and
//! the signature primitives behind every algorithm we accept) and examples printed in the
//! JOSE RFCs. The data lives in `tests/data/` (see its README for provenance).
//!
//! Every vector file is iterated completely: each case is checked against its label, and
//! the number of cases seen is compared with the file's `numberOfTests`, so an empty or
//! truncated file cannot pass. Where our verdict differs from a label on purpose, the case
//! is listed with its reason in the one table of [`quirks::QUIRKS`].

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "test helpers outside #[test] fns: a panic is a test failure with its message"
)]

mod common;
mod quirks;
mod rfc;
mod signatures;
mod signatures_rsa;
mod wycheproof_jwe;
mod wycheproof_jwk;
mod wycheproof_jws;
