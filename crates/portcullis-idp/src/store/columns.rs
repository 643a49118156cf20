//! How domain values are stored: a flag is a `BIGINT` 0/1 (portable across SQLite and
//! PostgreSQL through sqlx's `Any` driver, which decodes no integer as `bool`), a key's
//! state is its name. Rows read these through `#[sqlx(try_from = …)]`, so the rest of the
//! crate sees `bool` and [`KeyState`], never the encoding.

use std::fmt;

/// A 0/1 column, as read from the database.
#[derive(Debug, Clone, Copy, sqlx::Type)]
#[sqlx(transparent)]
pub(crate) struct Flag(i64);

impl From<Flag> for bool {
    fn from(f: Flag) -> Self {
        f.0 != 0
    }
}

/// A flag as it is written.
pub(crate) fn flag(value: bool) -> i64 {
    i64::from(value)
}

/// Where a signing key is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyState {
    /// Published in the JWKS ahead of use; not signing yet.
    Next,
    /// Being promoted (a short-lived state while one node makes it active).
    Promoting,
    /// Signing.
    Active,
    /// No longer signing; published until the tokens it signed have expired.
    Retired,
}

impl KeyState {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Next => "next",
            Self::Promoting => "promoting",
            Self::Active => "active",
            Self::Retired => "retired",
        }
    }
}

impl fmt::Display for KeyState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for KeyState {
    type Error = String;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        match s.as_str() {
            "next" => Ok(Self::Next),
            "promoting" => Ok(Self::Promoting),
            "active" => Ok(Self::Active),
            "retired" => Ok(Self::Retired),
            other => Err(format!("unknown signing key state {other:?}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_states_round_trip_and_unknown_ones_are_refused() {
        for s in [
            KeyState::Next,
            KeyState::Promoting,
            KeyState::Active,
            KeyState::Retired,
        ] {
            assert_eq!(KeyState::try_from(s.as_str().to_owned()), Ok(s));
        }
        assert!(KeyState::try_from("Active".to_owned()).is_err());
        assert!(bool::from(Flag(1)) && !bool::from(Flag(0)));
    }
}
