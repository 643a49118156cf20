//! [`AuthMethods`]: how a user proved who they are when signing in, as tokens state it
//! (RFC 8176 `amr` values).

use std::fmt;

use crate::Acr;

/// How a sign-in was made. Access tokens and ID tokens carry it as `amr`; sessions,
/// browser sessions and authorization codes remember it, so a refresh or a code
/// exchange states the sign-in they come from.
///
/// A sign-in is a first step ([`FirstFactor`]), maybe followed by a second factor
/// ([`SecondFactor`]), or a passkey alone:
///
/// | sign-in | `amr` |
/// |---|---|
/// | password | `["pwd"]` |
/// | a code sent by email | `["email"]` |
/// | another identity provider | `["fed"]` |
/// | any of these, then a code from an authenticator app | `[…, "otp", "mfa"]` |
/// | any of these, then a recovery code | `[…, "mfa"]` |
/// | any of these, then a device-bound passkey | `[…, "hwk", "mfa"]` |
/// | any of these, then a synced passkey | `[…, "swk", "mfa"]` |
/// | a device-bound passkey alone (user verified) | `["hwk", "user", "mfa"]` |
/// | a synced passkey alone (user verified) | `["swk", "user", "mfa"]` |
///
/// A recovery code is a second factor (`mfa`) but no one-time-password device, so a
/// resource server that wants the authenticator app itself asks for `otp`. A code sent by
/// email proves the mailbox, one factor; RFC 8176 has no value for it (`otp` means a
/// one-time-password device, `sms` a text message), so it is stated as `email`. A
/// sign-in through another identity provider is `fed` (RFC 8176's federated
/// authentication), whatever that provider asked of the user.
///
/// A passkey is a key held by an authenticator: `hwk` (hardware-secured key) when the
/// authenticator says the credential cannot leave it, `swk` (software-secured key) when
/// it is backup eligible, i.e. synced to other devices through a cloud account. Alone it
/// is still two factors: every passkey sign-in requires user verification (a PIN or
/// biometric, `user`) on the authenticator that holds the key.
///
/// ```
/// use portcullis_idp::{AuthMethods, FirstFactor, SecondFactor};
/// let totp = AuthMethods::Steps(FirstFactor::Password, Some(SecondFactor::Totp));
/// assert_eq!(totp.amr(), ["pwd", "otp", "mfa"]);
/// assert_eq!(AuthMethods::try_from("pwd mfa".to_owned()),
///     Ok(AuthMethods::Steps(FirstFactor::Password, Some(SecondFactor::RecoveryCode))));
/// assert!(AuthMethods::PASSWORD.amr() == ["pwd"] && !AuthMethods::PASSWORD.is_multi_factor());
/// assert_eq!(AuthMethods::Passkey { synced: true }.amr(), ["swk", "user", "mfa"]);
/// assert!(AuthMethods::Passkey { synced: false }.is_multi_factor());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuthMethods {
    /// A first step, and the second factor that followed it, if any.
    Steps(FirstFactor, Option<SecondFactor>),
    /// A passkey alone, with user verification.
    Passkey {
        /// The passkey is synced (backup eligible): `swk`; otherwise `hwk`.
        synced: bool,
    },
}

/// What the first step of a sign-in proved, before any second factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FirstFactor {
    /// A password (`pwd`).
    Password,
    /// A code sent by email (`email`).
    EmailCode,
    /// Another identity provider (`fed`).
    Federated,
}

/// The second factor of a sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SecondFactor {
    /// A code from an authenticator app (RFC 6238): `otp`.
    Totp,
    /// A single-use recovery code (no value of its own).
    RecoveryCode,
    /// A passkey.
    Passkey {
        /// The passkey is synced (backup eligible): `swk`; otherwise `hwk`.
        synced: bool,
    },
}

/// `hwk` or `swk`: how a passkey's key is held.
const fn key_value(synced: bool) -> &'static str {
    if synced { "swk" } else { "hwk" }
}

impl FirstFactor {
    /// Every first step.
    const ALL: [Self; 3] = [Self::Password, Self::EmailCode, Self::Federated];

    /// The sign-in it makes alone.
    ///
    /// ```
    /// use portcullis_idp::{AuthMethods, FirstFactor};
    /// assert_eq!(FirstFactor::EmailCode.alone().amr(), ["email"]);
    /// ```
    pub const fn alone(self) -> AuthMethods {
        AuthMethods::Steps(self, None)
    }

    /// Its `amr` value, also its stored form.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Password => "pwd",
            Self::EmailCode => "email",
            Self::Federated => "fed",
        }
    }
}

impl TryFrom<String> for FirstFactor {
    type Error = String;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| format!("unknown first factor {s:?}"))
    }
}

impl SecondFactor {
    /// The sign-in it completes after `first`.
    ///
    /// ```
    /// use portcullis_idp::{FirstFactor, SecondFactor};
    /// assert_eq!(SecondFactor::Totp.after(FirstFactor::EmailCode).amr(), ["email", "otp", "mfa"]);
    /// ```
    pub const fn after(self, first: FirstFactor) -> AuthMethods {
        AuthMethods::Steps(first, Some(self))
    }
}

impl AuthMethods {
    /// A password alone.
    pub const PASSWORD: Self = Self::Steps(FirstFactor::Password, None);

    /// The RFC 8176 values, as the `amr` claim lists them.
    pub fn amr(self) -> Vec<&'static str> {
        match self {
            Self::Passkey { synced } => vec![key_value(synced), "user", "mfa"],
            Self::Steps(first, second) => {
                let mut values = vec![first.as_str()];
                match second {
                    None => return values,
                    Some(SecondFactor::Totp) => values.push("otp"),
                    Some(SecondFactor::RecoveryCode) => {}
                    Some(SecondFactor::Passkey { synced }) => values.push(key_value(synced)),
                }
                values.push("mfa");
                values
            }
        }
    }

    /// Whether two factors were used.
    pub const fn is_multi_factor(self) -> bool {
        !matches!(self, Self::Steps(_, None))
    }

    /// The authentication context class such a sign-in reaches (the `acr` claim).
    ///
    /// ```
    /// use portcullis_idp::{Acr, AuthMethods, FirstFactor, SecondFactor};
    /// assert_eq!(AuthMethods::PASSWORD.acr(), Acr::SingleFactor);
    /// assert_eq!(AuthMethods::Steps(FirstFactor::Federated, Some(SecondFactor::Totp)).acr(), Acr::MultiFactor);
    /// assert_eq!(AuthMethods::Passkey { synced: true }.acr(), Acr::PhishingResistant);
    /// ```
    pub const fn acr(self) -> Acr {
        match self {
            Self::Steps(_, None) => Acr::SingleFactor,
            Self::Steps(_, Some(SecondFactor::Totp | SecondFactor::RecoveryCode)) => {
                Acr::MultiFactor
            }
            Self::Steps(_, Some(SecondFactor::Passkey { .. })) | Self::Passkey { .. } => {
                Acr::PhishingResistant
            }
        }
    }
}

impl fmt::Display for AuthMethods {
    /// The stored form: the `amr` values separated by spaces.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.amr().join(" "))
    }
}

impl TryFrom<String> for AuthMethods {
    type Error = String;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        let unknown = || format!("unknown sign-in methods {s:?}");
        let values: Vec<&str> = s.split(' ').collect();
        let parsed = match values.as_slice() {
            [key, "user", "mfa"] if *key == "hwk" || *key == "swk" => Self::Passkey {
                synced: *key == "swk",
            },
            [first, rest @ ..] => {
                let first = FirstFactor::try_from((*first).to_owned()).map_err(|_| unknown())?;
                let second = match rest {
                    [] => None,
                    ["otp", "mfa"] => Some(SecondFactor::Totp),
                    ["mfa"] => Some(SecondFactor::RecoveryCode),
                    [key, "mfa"] if *key == "hwk" || *key == "swk" => Some(SecondFactor::Passkey {
                        synced: *key == "swk",
                    }),
                    _ => return Err(unknown()),
                };
                Self::Steps(first, second)
            }
            [] => return Err(unknown()),
        };
        Ok(parsed)
    }
}

#[cfg(test)]
mod tests {
    use super::{AuthMethods, FirstFactor, SecondFactor};

    fn every_value() -> Vec<AuthMethods> {
        let seconds = [
            None,
            Some(SecondFactor::Totp),
            Some(SecondFactor::RecoveryCode),
            Some(SecondFactor::Passkey { synced: false }),
            Some(SecondFactor::Passkey { synced: true }),
        ];
        let mut all: Vec<AuthMethods> = FirstFactor::ALL
            .into_iter()
            .flat_map(|f| seconds.map(|s| AuthMethods::Steps(f, s)))
            .collect();
        all.extend([
            AuthMethods::Passkey { synced: false },
            AuthMethods::Passkey { synced: true },
        ]);
        all
    }

    #[test]
    fn every_value_round_trips_through_its_stored_form_and_matches_its_amr() {
        let all = every_value();
        assert_eq!(all.len(), 17);
        let stored: std::collections::HashSet<String> =
            all.iter().map(ToString::to_string).collect();
        assert_eq!(stored.len(), all.len(), "every sign-in is stored apart");
        for m in all {
            assert_eq!(AuthMethods::try_from(m.to_string()), Ok(m));
            assert_eq!(m.amr().join(" "), m.to_string());
            assert_eq!(m.is_multi_factor(), m.amr().contains(&"mfa"), "{m}");
        }
        for bad in [
            "",
            "pwd hwk",
            "pwd otp",
            "mfa",
            "hwk user",
            "pwd mfa mfa",
            "user",
            "pwd  otp mfa",
        ] {
            assert!(AuthMethods::try_from(bad.to_owned()).is_err(), "{bad:?}");
        }
        // What earlier versions stored still reads the same.
        for (old, new) in [
            ("pwd", AuthMethods::PASSWORD),
            (
                "pwd otp mfa",
                AuthMethods::Steps(FirstFactor::Password, Some(SecondFactor::Totp)),
            ),
            ("hwk user mfa", AuthMethods::Passkey { synced: false }),
            (
                "email swk mfa",
                AuthMethods::Steps(
                    FirstFactor::EmailCode,
                    Some(SecondFactor::Passkey { synced: true }),
                ),
            ),
        ] {
            assert_eq!(AuthMethods::try_from(old.to_owned()), Ok(new));
        }
    }
}
