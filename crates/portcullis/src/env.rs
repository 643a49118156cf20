//! Configuration from the environment, with the names users know from
//! `express-oauth2-jwt-bearer`: `ISSUER_BASE_URL`, `AUDIENCE`, `ISSUER`, `JWKS_URI`,
//! `SECRET`, `TOKEN_SIGNING_ALG`, `CLOCK_TOLERANCE`; and `TOKEN_TYP` and the
//! `INTROSPECTION_*` variables of this crate.

use std::time::Duration;

use portcullis_jwt::Algorithm;

use crate::{BuildError, Guard, GuardBuilder, Introspection, IssuerConfig};

impl Guard {
    /// Builds a guard from the process environment. See [`Guard::from_env_with`].
    pub fn from_env() -> Result<Guard, BuildError> {
        Self::from_env_with(|name| std::env::var(name).ok())
    }

    /// Builds a guard from variables looked up with `var`:
    ///
    /// | variable | meaning |
    /// |---|---|
    /// | `ISSUER_BASE_URL` | issuer URL; keys by OpenID discovery |
    /// | `AUDIENCE` | required audience (comma-separated for several) |
    /// | `ISSUER` | exact `iss`, with `JWKS_URI` or `SECRET` |
    /// | `JWKS_URI` | key set URL (no discovery) |
    /// | `SECRET` | shared HMAC secret (the `express-jwt` case) |
    /// | `TOKEN_SIGNING_ALG` | the one accepted algorithm (`RS256`, `ES256`, `HS256`, …) |
    /// | `CLOCK_TOLERANCE` | leeway in seconds (default 5) |
    /// | `TOKEN_TYP` | required `typ` header of access tokens (`at+jwt` for Portcullis and other RFC 9068 issuers) |
    /// | `INTROSPECTION_URL`, `INTROSPECTION_CLIENT_ID`, `INTROSPECTION_CLIENT_SECRET` | accept opaque API keys, checked by RFC 7662 introspection (all three or none) |
    ///
    /// ```
    /// use portcullis::{Guard, BuildError};
    /// let vars = |name: &str| match name {
    ///     "ISSUER_BASE_URL" => Some("https://tenant.auth0.com".to_owned()),
    ///     "AUDIENCE" => Some("https://hello-world.example.com".to_owned()),
    ///     _ => None,
    /// };
    /// assert!(Guard::from_env_with(vars).is_ok());
    /// let missing = Guard::from_env_with(|name| (name == "ISSUER_BASE_URL").then(|| "https://x".to_owned()));
    /// assert!(matches!(missing, Err(BuildError::Env { name: "AUDIENCE", .. })));
    /// ```
    pub fn from_env_with(var: impl Fn(&str) -> Option<String>) -> Result<Guard, BuildError> {
        builder_from_env(&var)?.build()
    }
}

/// The builder `from_env_with` would build, so callers can add to it.
pub fn builder_from_env(var: &dyn Fn(&str) -> Option<String>) -> Result<GuardBuilder, BuildError> {
    let get = |name: &str| {
        var(name)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let audience = get("AUDIENCE").ok_or(BuildError::Env {
        name: "AUDIENCE",
        why: "required: the identifier of this API (e.g. https://hello-world.example.com)".into(),
    })?;
    let alg = get("TOKEN_SIGNING_ALG")
        .map(|a| {
            Algorithm::from_name(&a).ok_or(BuildError::Env {
                name: "TOKEN_SIGNING_ALG",
                why: format!("unknown algorithm {a:?}"),
            })
        })
        .transpose()?;
    let leeway = get("CLOCK_TOLERANCE")
        .map(|s| {
            s.parse::<u64>()
                .map(Duration::from_secs)
                .map_err(|_| BuildError::Env {
                    name: "CLOCK_TOLERANCE",
                    why: "must be a whole number of seconds".into(),
                })
        })
        .transpose()?;
    let issuer = get("ISSUER");
    let mut config = if let Some(secret) = get("SECRET") {
        let alg = alg.unwrap_or(Algorithm::HS256);
        if !alg.is_symmetric() {
            return Err(BuildError::Env {
                name: "TOKEN_SIGNING_ALG",
                why: "SECRET needs HS256, HS384 or HS512".into(),
            });
        }
        let issuer = issuer
            .or_else(|| get("ISSUER_BASE_URL"))
            .ok_or(BuildError::Env {
                name: "ISSUER",
                why: "required with SECRET: the exact iss of your tokens".into(),
            })?;
        IssuerConfig::shared_secret(alg, secret.into_bytes(), issuer)
    } else if let Some(uri) = get("JWKS_URI") {
        let issuer = issuer
            .or_else(|| get("ISSUER_BASE_URL"))
            .ok_or(BuildError::Env {
                name: "ISSUER",
                why: "required with JWKS_URI: the exact iss of your tokens".into(),
            })?;
        IssuerConfig::jwks_uri(uri, issuer)
    } else if let Some(base) = get("ISSUER_BASE_URL") {
        IssuerConfig::discover(base)
    } else {
        return Err(BuildError::Env {
            name: "ISSUER_BASE_URL",
            why: "set ISSUER_BASE_URL (or JWKS_URI with ISSUER, or SECRET with ISSUER)".into(),
        });
    };
    config = config.audiences(audience.split(',').map(str::trim).filter(|a| !a.is_empty()));
    if let Some(alg) = alg {
        config = config.algorithms([alg]);
    }
    if let Some(leeway) = leeway {
        config = config.leeway(leeway);
    }
    if let Some(typ) = get("TOKEN_TYP") {
        config = config.require_typ(typ);
    }
    let mut builder = Guard::builder().issuer(config);
    match (
        get("INTROSPECTION_URL"),
        get("INTROSPECTION_CLIENT_ID"),
        get("INTROSPECTION_CLIENT_SECRET"),
    ) {
        (None, None, None) => {}
        (Some(url), Some(id), Some(secret)) => {
            builder = builder.introspection(Introspection::new(url, id, secret));
        }
        _ => {
            return Err(BuildError::Env {
                name: "INTROSPECTION_URL",
                why: "API keys need INTROSPECTION_URL, INTROSPECTION_CLIENT_ID and INTROSPECTION_CLIENT_SECRET together".into(),
            });
        }
    }
    Ok(builder)
}
