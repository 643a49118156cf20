//! How a setting is declared once and read from every source: the `settings!` macro
//! (the struct, its defaults, the layer, the table [`SETTINGS`](super::SETTINGS)), and
//! [`SettingValue`], how each type of value is read from TOML and from text.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use portcullis_idp::Secret;
use serde::Deserialize as _;
use serde::de::{Deserializer, Error as _};

use super::SigningAlg;

/// One setting as the command line, the environment and the file know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Setting {
    /// Its name: the TOML key and the field of [`ServerConfig`](super::ServerConfig).
    pub key: &'static str,
    /// The environment variable that sets it.
    pub env: &'static str,
    /// Its documentation, one line per line of the field's doc comment.
    pub doc: &'static str,
    /// A switch (`true`/`false`): as a flag it takes no value.
    pub switch: bool,
    /// Which commands need it.
    pub group: Group,
}

impl Setting {
    /// The command-line flag that sets it: the key with dashes (`--data-dir`).
    pub fn flag(&self) -> String {
        format!("--{}", self.key.replace('_', "-"))
    }

    /// The documentation as one line.
    pub fn help(&self) -> String {
        self.doc.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// Which commands need a setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// Where the data is and how it is sealed: every command that opens the database.
    Storage,
    /// How the issuer runs: `serve` (administrative commands read it from the file and
    /// the environment too, so that they mint and rotate as the server would).
    Server,
}

/// A type a setting can have: read from TOML (any serde format) and from text (an
/// environment variable or a flag).
pub(crate) trait SettingValue: Sized {
    /// Whether it is a switch (a flag without a value).
    const SWITCH: bool = false;

    /// Reads it from text; the error says what was expected.
    fn parse(text: &str) -> Result<Self, String>;

    /// Reads it from the file.
    fn deserialize_setting<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error>;
}

/// `#[serde(deserialize_with)]` of every field of the layer.
pub(crate) fn present<'de, D: Deserializer<'de>, T: SettingValue>(
    d: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize_setting(d).map(Some)
}

/// Types whose text form is `FromStr` and whose TOML form is their serde form.
macro_rules! plain {
    ($($ty:ty),*) => {$(
        impl SettingValue for $ty {
            fn parse(text: &str) -> Result<Self, String> {
                text.parse().map_err(|e| format!("{e}"))
            }

            fn deserialize_setting<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                <$ty as serde::Deserialize>::deserialize(d)
            }
        }
    )*};
}

plain!(SocketAddr, PathBuf, String, usize, u32, SigningAlg);

impl SettingValue for bool {
    const SWITCH: bool = true;

    fn parse(text: &str) -> Result<Self, String> {
        match text.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "on" => Ok(true),
            "false" | "0" | "no" | "off" => Ok(false),
            _ => Err(format!("{text:?} is not true or false")),
        }
    }

    fn deserialize_setting<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <bool as serde::Deserialize>::deserialize(d)
    }
}

/// Secrets are read like strings and never shown.
impl SettingValue for Secret {
    fn parse(text: &str) -> Result<Self, String> {
        Ok(Self::new(text.to_owned()))
    }

    fn deserialize_setting<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Self::new)
    }
}

/// A list of addresses: a TOML array, or text separated by commas.
impl SettingValue for Vec<IpAddr> {
    fn parse(text: &str) -> Result<Self, String> {
        text.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().map_err(|e| format!("{s:?}: {e}")))
            .collect()
    }

    fn deserialize_setting<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <Vec<IpAddr> as serde::Deserialize>::deserialize(d)
    }
}

/// A list of words (origins): a TOML array, or text separated by commas.
impl SettingValue for Vec<String> {
    fn parse(text: &str) -> Result<Self, String> {
        Ok(text
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect())
    }

    fn deserialize_setting<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <Vec<String> as serde::Deserialize>::deserialize(d)
    }
}

impl<T: SettingValue> SettingValue for Option<T> {
    const SWITCH: bool = T::SWITCH;

    fn parse(text: &str) -> Result<Self, String> {
        T::parse(text).map(Some)
    }

    fn deserialize_setting<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize_setting(d).map(Some)
    }
}

/// A duration: whole seconds (`900`), or a number with a unit: `30s`, `15m`, `2h`, `14d`.
/// In TOML, an integer is seconds and a string is read as text.
impl SettingValue for Duration {
    fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let split = text
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len());
        let (number, unit) = text.split_at(split);
        let expected = || format!("{text:?} is not a duration such as 900, 30s, 15m, 2h or 14d");
        let number: u64 = number.parse().map_err(|_| expected())?;
        let scale = match unit.trim() {
            "" | "s" => 1,
            "m" => 60,
            "h" => 3600,
            "d" => 24 * 3600,
            _ => return Err(expected()),
        };
        number
            .checked_mul(scale)
            .map(Duration::from_secs)
            .ok_or_else(expected)
    }

    fn deserialize_setting<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Seconds(u64),
            Text(String),
        }
        match Raw::deserialize(d).map_err(|_| {
            D::Error::custom("expected a duration: seconds, or a string such as \"15m\"")
        })? {
            Raw::Seconds(s) => Ok(Duration::from_secs(s)),
            Raw::Text(t) => Self::parse(&t).map_err(D::Error::custom),
        }
    }
}

/// Declares every setting once: its doc comment, name, type, default and environment
/// variable. Generates [`ServerConfig`](super::ServerConfig) and its `Default`,
/// [`ConfigLayer`](super::ConfigLayer) (each setting optional) with the one function that
/// lays a layer over a configuration, and [`SETTINGS`](super::SETTINGS), from which the
/// command line builds its flags, reads the environment, and documents them all.
macro_rules! settings {
    (
        $(#[$config_meta:meta])*
        pub struct ServerConfig;
        $(
            $(#[doc = $doc:literal])*
            [$group:ident] $key:ident: $ty:ty = $default:expr, env $env:ident;
        )*
    ) => {
        $(#[$config_meta])*
        #[derive(Debug, Clone)]
        pub struct ServerConfig {
            $(
                $(#[doc = $doc])*
                pub $key: $ty,
            )*
        }

        impl Default for ServerConfig {
            fn default() -> Self {
                Self { $($key: $default,)* }
            }
        }

        /// Some settings of a [`ServerConfig`], as one source gives them (a TOML file, the
        /// environment, the command line): `None` leaves the value below in place.
        ///
        /// A TOML file deserializes into it; unknown keys are refused. Text sources go
        /// through [`set`](Self::set).
        #[derive(Debug, Clone, Default, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct ConfigLayer {
            $(
                #[doc = concat!("[`ServerConfig::", stringify!($key), "`], if this source sets it.")]
                #[serde(default, deserialize_with = "setting::present")]
                pub $key: Option<$ty>,
            )*
        }

        /// Every setting, in declaration order.
        pub const SETTINGS: &[Setting] = &[
            $(
                Setting {
                    key: stringify!($key),
                    env: stringify!($env),
                    doc: concat!($($doc, "\n",)*),
                    switch: <$ty as SettingValue>::SWITCH,
                    group: Group::$group,
                },
            )*
        ];

        impl ConfigLayer {
            /// Sets `setting` from text (an environment variable, a flag's value). The
            /// error says what was expected, not where the text came from.
            pub fn set(&mut self, setting: &Setting, text: &str) -> Result<(), ConfigError> {
                match setting.key {
                    $(
                        stringify!($key) => {
                            self.$key = Some(<$ty as SettingValue>::parse(text).map_err(ConfigError)?);
                        }
                    )*
                    other => return Err(ConfigError(format!("unknown setting {other:?}"))),
                }
                Ok(())
            }
        }

        impl ServerConfig {
            /// Lays `layer` over this configuration: what it sets replaces what is here.
            pub fn apply(&mut self, layer: ConfigLayer) {
                $(
                    if let Some(value) = layer.$key {
                        self.$key = value;
                    }
                )*
            }
        }
    };
}

pub(crate) use settings;

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn durations_are_seconds_or_a_number_with_a_unit() {
        for (text, secs) in [
            ("900", 900),
            ("30s", 30),
            ("15m", 900),
            ("2h", 7200),
            ("14d", 14 * 24 * 3600),
            (" 0 ", 0),
        ] {
            assert_eq!(
                Duration::parse(text),
                Ok(Duration::from_secs(secs)),
                "{text}"
            );
        }
        for bad in [
            "",
            "m",
            "15 minutes",
            "-1",
            "1.5h",
            "99999999999999999999d",
            "15M",
        ] {
            assert!(Duration::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn secrets_never_print() {
        let config = super::super::ServerConfig {
            master_key: Some("distinctive-master-key".into()),
            database_url: Some("postgres://u:distinctive-db@h/x".into()),
            smtp_url: Some("smtps://u:distinctive-smtp@h".into()),
            ..Default::default()
        };
        let mut layer = super::super::ConfigLayer::default();
        let master = super::super::SETTINGS
            .iter()
            .find(|s| s.key == "master_key")
            .unwrap();
        layer.set(master, "distinctive-layer-key").unwrap();
        let shown = format!("{config:?} {layer:?}");
        assert!(!shown.contains("distinctive"), "{shown}");
    }

    #[test]
    fn switches_and_lists_read_from_text() {
        assert_eq!(bool::parse("off"), Ok(false));
        assert_eq!(bool::parse("TRUE"), Ok(true));
        assert!(bool::parse("maybe").is_err());
        assert_eq!(
            Vec::<IpAddr>::parse("10.0.0.1, ::1,").unwrap(),
            vec![
                IpAddr::from([10, 0, 0, 1]),
                IpAddr::from(std::net::Ipv6Addr::LOCALHOST)
            ]
        );
        assert!(Vec::<IpAddr>::parse("10.0.0.1,nope").is_err());
    }
}
