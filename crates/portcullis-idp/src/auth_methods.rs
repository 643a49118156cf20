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
/// | password, then a device-bound passkey | `["pwd", "hwk", "mfa"]` |
/// | password, then a synced passkey | `["pwd", "swk", "mfa"]` |
/// | a device-bound passkey alone (user verified) | `["hwk", "user", "mfa"]` |
/// | a synced passkey alone (user verified) | `["swk", "user", "mfa"]` |
/// | a code sent by email | `["email"]` |
/// | a code sent by email, then a second factor | `["email", …, "mfa"]`, as after a password |
///
/// A recovery code is a second factor (`mfa`) but no one-time-password device, so a
/// resource server that wants the authenticator app itself asks for `otp`.
///
/// A code sent by email proves the mailbox, one factor: RFC 8176 has no value for it
/// (`otp` means a one-time-password device, `sms` a text message), so it is stated as
/// `email`, the value other issuers use for it.
///
/// A passkey is a key held by an authenticator: `hwk` (hardware-secured key) when the
/// authenticator says the credential cannot leave it, `swk` (software-secured key) when
/// it is backup eligible, i.e. synced to other devices through a cloud account. Alone it
/// is still two factors: every passkey sign-in requires user verification (a PIN or
/// biometric, `user`) on the authenticator that holds the key.
///
/// ```
/// use portcullis_idp::AuthMethods;
/// assert_eq!(AuthMethods::PasswordAndTotp.amr(), ["pwd", "otp", "mfa"]);
/// assert_eq!(AuthMethods::try_from("pwd mfa".to_owned()), Ok(AuthMethods::PasswordAndRecoveryCode));
/// assert!(AuthMethods::Password.amr() == ["pwd"] && !AuthMethods::Password.is_multi_factor());
/// assert_eq!(AuthMethods::Passkey { synced: true }.amr(), ["swk", "user", "mfa"]);
/// assert!(AuthMethods::Passkey { synced: false }.is_multi_factor());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuthMethods {
    /// A password alone.
    Password,
    /// A password and a code from an authenticator app (RFC 6238).
    PasswordAndTotp,
    /// A password and a single-use recovery code.
    PasswordAndRecoveryCode,
    /// A password and a passkey as the second factor.
    PasswordAndPasskey {
        /// The passkey is synced (backup eligible): `swk`; otherwise `hwk`.
        synced: bool,
    },
    /// A passkey alone, with user verification.
    Passkey {
        /// The passkey is synced (backup eligible): `swk`; otherwise `hwk`.
        synced: bool,
    },
    /// A code sent by email.
    EmailCode,
    /// A code sent by email and a code from an authenticator app.
    EmailCodeAndTotp,
    /// A code sent by email and a single-use recovery code.
    EmailCodeAndRecoveryCode,
    /// A code sent by email and a passkey as the second factor.
    EmailCodeAndPasskey {
        /// The passkey is synced (backup eligible): `swk`; otherwise `hwk`.
        synced: bool,
    },
}

/// What the first step of a sign-in proved, before any second factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FirstFactor {
    /// A password.
    Password,
    /// A code sent by email.
    EmailCode,
}

impl FirstFactor {
    /// The sign-in it makes alone.
    ///
    /// ```
    /// use portcullis_idp::{AuthMethods, FirstFactor};
    /// assert_eq!(FirstFactor::EmailCode.alone(), AuthMethods::EmailCode);
    /// ```
    pub const fn alone(self) -> AuthMethods {
        match self {
            Self::Password => AuthMethods::Password,
            Self::EmailCode => AuthMethods::EmailCode,
        }
    }

    /// The stored form: its `amr` value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Password => "pwd",
            Self::EmailCode => "email",
        }
    }
}

impl TryFrom<String> for FirstFactor {
    type Error = String;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        [Self::Password, Self::EmailCode]
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| format!("unknown first factor {s:?}"))
    }
}

impl AuthMethods {
    /// Every value, for parsing the stored form.
    const ALL: [Self; 12] = [
        Self::Password,
        Self::PasswordAndTotp,
        Self::PasswordAndRecoveryCode,
        Self::PasswordAndPasskey { synced: false },
        Self::PasswordAndPasskey { synced: true },
        Self::Passkey { synced: false },
        Self::Passkey { synced: true },
        Self::EmailCode,
        Self::EmailCodeAndTotp,
        Self::EmailCodeAndRecoveryCode,
        Self::EmailCodeAndPasskey { synced: false },
        Self::EmailCodeAndPasskey { synced: true },
    ];

    /// The RFC 8176 values, as the `amr` claim lists them.
    pub const fn amr(self) -> &'static [&'static str] {
        match self {
            Self::Password => &["pwd"],
            Self::PasswordAndTotp => &["pwd", "otp", "mfa"],
            Self::PasswordAndRecoveryCode => &["pwd", "mfa"],
            Self::PasswordAndPasskey { synced: false } => &["pwd", "hwk", "mfa"],
            Self::PasswordAndPasskey { synced: true } => &["pwd", "swk", "mfa"],
            Self::Passkey { synced: false } => &["hwk", "user", "mfa"],
            Self::Passkey { synced: true } => &["swk", "user", "mfa"],
            Self::EmailCode => &["email"],
            Self::EmailCodeAndTotp => &["email", "otp", "mfa"],
            Self::EmailCodeAndRecoveryCode => &["email", "mfa"],
            Self::EmailCodeAndPasskey { synced: false } => &["email", "hwk", "mfa"],
            Self::EmailCodeAndPasskey { synced: true } => &["email", "swk", "mfa"],
        }
    }

    /// Whether two factors were used.
    pub const fn is_multi_factor(self) -> bool {
        !matches!(self, Self::Password | Self::EmailCode)
    }

    /// The authentication context class such a sign-in reaches (the `acr` claim).
    ///
    /// ```
    /// use portcullis_idp::{Acr, AuthMethods};
    /// assert_eq!(AuthMethods::Password.acr(), Acr::SingleFactor);
    /// assert_eq!(AuthMethods::PasswordAndTotp.acr(), Acr::MultiFactor);
    /// assert_eq!(AuthMethods::Passkey { synced: true }.acr(), Acr::PhishingResistant);
    /// ```
    pub const fn acr(self) -> Acr {
        match self {
            Self::Password | Self::EmailCode => Acr::SingleFactor,
            Self::PasswordAndTotp
            | Self::PasswordAndRecoveryCode
            | Self::EmailCodeAndTotp
            | Self::EmailCodeAndRecoveryCode => Acr::MultiFactor,
            Self::PasswordAndPasskey { .. }
            | Self::Passkey { .. }
            | Self::EmailCodeAndPasskey { .. } => Acr::PhishingResistant,
        }
    }

    /// The stored form: the values separated by spaces.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Password => "pwd",
            Self::PasswordAndTotp => "pwd otp mfa",
            Self::PasswordAndRecoveryCode => "pwd mfa",
            Self::PasswordAndPasskey { synced: false } => "pwd hwk mfa",
            Self::PasswordAndPasskey { synced: true } => "pwd swk mfa",
            Self::Passkey { synced: false } => "hwk user mfa",
            Self::Passkey { synced: true } => "swk user mfa",
            Self::EmailCode => "email",
            Self::EmailCodeAndTotp => "email otp mfa",
            Self::EmailCodeAndRecoveryCode => "email mfa",
            Self::EmailCodeAndPasskey { synced: false } => "email hwk mfa",
            Self::EmailCodeAndPasskey { synced: true } => "email swk mfa",
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
        Self::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| format!("unknown sign-in methods {s:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::AuthMethods;

    #[test]
    fn every_value_round_trips_through_its_stored_form_and_matches_its_amr() {
        for m in AuthMethods::ALL {
            assert_eq!(AuthMethods::try_from(m.as_str().to_owned()), Ok(m));
            assert_eq!(m.amr().join(" "), m.as_str());
            assert_eq!(m.is_multi_factor(), m.amr().contains(&"mfa"), "{m}");
        }
        assert!(AuthMethods::try_from("pwd hwk".to_owned()).is_err());
    }
}
