//! Configuration from the environment (and `.env`): `PORT`, `CLIENT_ORIGIN_URL`, and the
//! guard's `ISSUER_BASE_URL` / `AUDIENCE` (or `JWKS_URI`+`ISSUER`, `SECRET`+`ISSUER`).

use http::HeaderValue;
use portcullis::{BuildError, Guard};

/// Everything the API needs to start.
pub struct Config {
    /// TCP port on all interfaces (default 6060).
    pub port: u16,
    /// The one browser origin allowed by CORS, if any.
    pub client_origin: Option<HeaderValue>,
    /// The configured guard.
    pub guard: Guard,
}

/// What is wrong with the configuration, in words for the person starting the server.
#[derive(Debug)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Config {
    /// Reads the configuration through `var` (the process environment in `main`).
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let port = match var("PORT").filter(|p| !p.trim().is_empty()) {
            None => 6060,
            Some(p) => p
                .trim()
                .parse::<u16>()
                .map_err(|_| ConfigError(format!("PORT must be a port number, got {p:?}")))?,
        };
        let client_origin = match var("CLIENT_ORIGIN_URL").filter(|o| !o.trim().is_empty()) {
            None => None,
            Some(o) => {
                let o = o.trim().trim_end_matches('/');
                if !(o.starts_with("http://") || o.starts_with("https://")) {
                    return Err(ConfigError(format!(
                        "CLIENT_ORIGIN_URL must be an origin like http://localhost:4040, got {o:?}"
                    )));
                }
                Some(HeaderValue::from_str(o).map_err(|_| {
                    ConfigError(format!("CLIENT_ORIGIN_URL is not a valid origin: {o:?}"))
                })?)
            }
        };
        let guard = Guard::from_env_with(&var).map_err(|e| ConfigError(describe(&e)))?;
        Ok(Config {
            port,
            client_origin,
            guard,
        })
    }
}

fn describe(e: &BuildError) -> String {
    match e {
        BuildError::Env { name, why } => format!("{name}: {why}"),
        other => other.to_string(),
    }
}
