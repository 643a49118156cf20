//! [`CliError`]: why a command failed, and its exit code.

use portcullis_server::ConfigError;

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
