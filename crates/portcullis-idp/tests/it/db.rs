use std::time::Duration;

use portcullis_idp::{Idp, IdpConfig, KeyRing, MasterKey, PasswordHasher, Store};
use portcullis_jwt::Algorithm;

pub const NOW: i64 = 1_750_000_000;
pub const ISSUER: &str = "https://id.test/";

/// A fresh, empty store per backend. PostgreSQL gets its own schema per call, so tests
/// run in parallel on one database.
pub async fn stores() -> Vec<(&'static str, Store)> {
    let dir =
        std::env::temp_dir().join(portcullis_testkit::postgres::unique_name("portcullis-idp"));
    let mut out = vec![("sqlite", Store::open_sqlite_dir(&dir).await.unwrap())];
    if let Some(url) = portcullis_testkit::postgres::fresh_schema_url().await {
        out.push(("postgres", Store::connect(&url).await.unwrap()));
    }
    out
}

pub fn fast_hasher() -> PasswordHasher {
    PasswordHasher::with_params(64, 1, 1, 4, Duration::from_secs(10)).unwrap()
}

pub async fn idp_on(store: Store) -> Idp {
    idp_with(store, immediate_config()).await
}

/// An issuer on `store` with `config`.
pub async fn idp_with(store: Store, config: IdpConfig) -> Idp {
    idp_with_hasher(store, fast_hasher(), config).await
}

/// An issuer on `store` with `config`, hashing with `hasher` (keep a clone to count
/// its work).
pub async fn idp_with_hasher(store: Store, hasher: PasswordHasher, config: IdpConfig) -> Idp {
    let keys = KeyRing::new(
        store.clone(),
        MasterKey::generate().unwrap(),
        Algorithm::ES256,
    )
    .unwrap();
    keys.ensure_active(NOW).await.unwrap();
    Idp::new(store, hasher, keys, config)
}

/// Accounts usable at once (most scenarios sign up and sign in straight away).
pub fn immediate_config() -> IdpConfig {
    IdpConfig {
        require_verified_email: false,
        ..IdpConfig::new(ISSUER)
    }
}

/// Verifies an access token against the issuer's published keys; returns its claims.
pub async fn verify(
    idp: &Idp,
    token: &str,
    audience: &str,
    now: i64,
) -> serde_json::Map<String, serde_json::Value> {
    let jwks = idp.keys().jwks(now, 3600).await.unwrap().to_string();
    let set = portcullis_jwt::KeySet::from_jwks_json(jwks.as_bytes()).unwrap();
    let verifier = portcullis_jwt::Verifier::new(
        portcullis_jwt::Validation::new(ISSUER, audience).require_typ("at+jwt"),
    );
    let verified = verifier
        .verify(token, &set, portcullis_jwt::NumericDate::from_secs(now))
        .unwrap();
    verified.claims.into_raw()
}
