//! [`AuthMethods`]: how a user proved who they are when signing in, as tokens state it
//! (RFC 8176 `amr` values).

use std::fmt;

use crate::Acr;

/// How a sign-in was made. Access tokens and ID tokens carry it as `amr`; sessions,
/// browser sessions and authorization codes remember it, so a refresh or a code
/// exchange states the sign-in they come from.
///
/// | sign-in | `amr` |
/// |---|---|
/// | password | `["pwd"]` |
/// | password, then a code from an authenticator app | `["pwd", "otp", "mfa"]` |
/// | password, then a recovery code | `["pwd", "mfa"]` |
///
/// A recovery code is a second factor (`mfa`) but no one-time-password device, so a
/// resource server that wants the authenticator app itself asks for `otp`.
///
/// ```
/// use portcullis_idp::AuthMethods;
/// assert_eq!(AuthMethods::PasswordAndTotp.amr(), ["pwd", "otp", "mfa"]);
/// assert_eq!(AuthMethods::try_from("pwd mfa".to_owned()), Ok(AuthMethods::PasswordAndRecoveryCode));
/// assert!(AuthMethods::Password.amr() == ["pwd"] && !AuthMethods::Password.is_multi_factor());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuthMethods {
    /// A password alone.
    Password,
    /// A password and a code from an authenticator app (RFC 6238).
    PasswordAndTotp,
    /// A password and a single-use recovery code.
    PasswordAndRecoveryCode,
}

impl AuthMethods {
    /// The RFC 8176 values, as the `amr` claim lists them.
    pub const fn amr(self) -> &'static [&'static str] {
        match self {
            Self::Password => &["pwd"],
            Self::PasswordAndTotp => &["pwd", "otp", "mfa"],
            Self::PasswordAndRecoveryCode => &["pwd", "mfa"],
        }
    }

    /// Whether two factors were used.
    pub const fn is_multi_factor(self) -> bool {
        !matches!(self, Self::Password)
    }

    /// The authentication context class such a sign-in reaches (the `acr` claim).
    ///
    /// ```
    /// use portcullis_idp::{Acr, AuthMethods};
    /// assert_eq!(AuthMethods::Password.acr(), Acr::SingleFactor);
    /// assert_eq!(AuthMethods::PasswordAndTotp.acr(), Acr::MultiFactor);
    /// ```
    pub const fn acr(self) -> Acr {
        match self {
            Self::Password => Acr::SingleFactor,
            Self::PasswordAndTotp | Self::PasswordAndRecoveryCode => Acr::MultiFactor,
        }
    }

    /// The stored form: the values separated by spaces.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Password => "pwd",
            Self::PasswordAndTotp => "pwd otp mfa",
            Self::PasswordAndRecoveryCode => "pwd mfa",
        }
    }
}

impl fmt::Display for AuthMethods {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for AuthMethods {
    type Error = String;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        [
            Self::Password,
            Self::PasswordAndTotp,
            Self::PasswordAndRecoveryCode,
        ]
        .into_iter()
        .find(|m| m.as_str() == s)
        .ok_or_else(|| format!("unknown sign-in methods {s:?}"))
    }
}
