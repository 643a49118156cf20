//! Merging the TOML file, the environment and the flags into one `ServerConfig`.

use portcullis_server::{ConfigError, ServerConfig};

use crate::cli::{ServeArgs, StoreArgs};

/// Why a command failed, with its exit code.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CliError {
    /// Bad configuration or input: exit 2.
    #[error("{0}")]
    Usage(String),
    /// Anything else: exit 1.
    #[error("{0}")]
    Failed(String),
}

impl CliError {
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            Self::Usage(_) => 2,
            Self::Failed(_) => 1,
        }
    }
}

impl From<ConfigError> for CliError {
    fn from(e: ConfigError) -> Self {
        Self::Usage(e.0)
    }
}

impl From<portcullis_idp::IdpError> for CliError {
    fn from(e: portcullis_idp::IdpError) -> Self {
        match e {
            portcullis_idp::IdpError::InvalidInput(m) | portcullis_idp::IdpError::Conflict(m) => {
                Self::Usage(m)
            }
            other => Self::Failed(other.to_string()),
        }
    }
}

/// The file's settings (or the defaults), then the store flags over them.
pub(crate) fn from_store_args(args: &StoreArgs) -> Result<ServerConfig, CliError> {
    let mut config = match &args.config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| CliError::Usage(format!("cannot read {}: {e}", path.display())))?;
            toml::from_str::<ServerConfig>(&text)
                .map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))?
        }
        None => ServerConfig::default(),
    };
    if let Some(dir) = &args.data_dir {
        config.data_dir.clone_from(dir);
    }
    if args.database_url.is_some() {
        config.database_url.clone_from(&args.database_url);
    }
    if args.master_key.is_some() {
        config.master_key.clone_from(&args.master_key);
    }
    Ok(config)
}

/// Everything `serve` needs, validated.
pub(crate) fn from_serve_args(args: &ServeArgs) -> Result<ServerConfig, CliError> {
    let mut config = from_store_args(&args.store)?;
    if let Some(listen) = args.listen {
        config.listen = listen;
    }
    if args.issuer.is_some() {
        config.issuer.clone_from(&args.issuer);
    }
    if let Some(alg) = &args.signing_alg {
        config.signing_alg = alg.parse()?;
    }
    if let Some(ttl) = args.access_token_ttl {
        config.access_token_ttl = ttl;
    }
    if args.default_audience.is_some() {
        config.default_audience.clone_from(&args.default_audience);
    }
    config.allow_insecure_http |= args.allow_insecure_http;
    if args.smtp_url.is_some() {
        config.smtp_url.clone_from(&args.smtp_url);
    }
    if args.mail_from.is_some() {
        config.mail_from.clone_from(&args.mail_from);
    }
    config.allow_insecure_smtp |= args.allow_insecure_smtp;
    config.allow_unverified_email |= args.allow_unverified_email;
    config.allow_insecure_outbound_loopback |= args.allow_insecure_outbound_loopback;
    config.allow_insecure_outbound_private |= args.allow_insecure_outbound_private;
    config.validate()?;
    Ok(config)
}
