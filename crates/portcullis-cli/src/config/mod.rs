//! The configuration of every command, in layers, each over the one before:
//!
//! 1. the defaults ([`ServerConfig::default`]);
//! 2. the TOML file given by `--config` (or `PORTCULLIS_CONFIG`), keys as the settings' names;
//! 3. the environment: each setting's variable (`PORTCULLIS_LISTEN`, … see [`SETTINGS`]);
//! 4. the flags (`--listen`, …): every setting for `serve`, the storage ones for the
//!    administrative commands.
//!
//! Every setting is declared once, in `portcullis-server`'s `ServerConfig`, and reaches
//! all three sources from there: a new setting needs no line here.

use std::path::PathBuf;

use clap::builder::ValueParser;
use clap::{Arg, ArgAction, ArgMatches, Command};
use portcullis_server::{ConfigLayer, Group, SETTINGS, ServerConfig, Setting};

use crate::error::CliError;

/// The file and the flags of a command: with `ALL`, every setting has a flag (`serve`);
/// without, only those saying where the data is ([`Group::Storage`]).
#[derive(Debug, Clone)]
pub(crate) struct ConfigArgs<const ALL: bool> {
    /// `--config`.
    file: Option<PathBuf>,
    /// The settings the flags give (boxed: a layer holds every setting).
    flags: Box<ConfigLayer>,
}

/// What every administrative command takes: the file and where the data is.
pub(crate) type StoreArgs = ConfigArgs<false>;

/// What `serve` takes: the file and a flag for every setting.
pub(crate) type ServeConfigArgs = ConfigArgs<true>;

/// The settings that have flags on a command.
fn flagged<const ALL: bool>() -> impl Iterator<Item = &'static Setting> {
    SETTINGS.iter().filter(|s| ALL || s.group == Group::Storage)
}

const CONFIG: &str = "config";

impl<const ALL: bool> ConfigArgs<ALL> {
    /// The configuration of this command, read from the process environment.
    pub(crate) fn load(&self) -> Result<ServerConfig, CliError> {
        self.load_with(|name| std::env::var(name).ok())
    }

    /// The configuration of this command, with `env` as the environment.
    pub(crate) fn load_with(
        &self,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<ServerConfig, CliError> {
        let mut config = ServerConfig::default();
        if let Some(path) = &self.file {
            let text = std::fs::read_to_string(path)
                .map_err(|e| CliError::Usage(format!("cannot read {}: {e}", path.display())))?;
            let layer = toml::from_str::<ConfigLayer>(&text)
                .map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))?;
            config.apply(layer);
        }
        let mut from_env = ConfigLayer::default();
        for setting in SETTINGS {
            if let Some(text) = env(setting.env).filter(|t| !t.is_empty()) {
                from_env
                    .set(setting, &text)
                    .map_err(|e| CliError::Usage(format!("{}: {e}", setting.env)))?;
            }
        }
        config.apply(from_env);
        config.apply((*self.flags).clone());
        Ok(config)
    }
}

/// The flag of one setting. Its value is checked as the setting reads it, so a bad
/// value is refused by the parser, naming the flag.
fn flag(setting: &'static Setting) -> Arg {
    let check = move |text: &str| {
        ConfigLayer::default()
            .set(setting, text)
            .map(|()| text.to_owned())
    };
    let arg = Arg::new(setting.key)
        .long(setting.flag().trim_start_matches('-').to_owned())
        .value_name(setting.key.to_uppercase())
        .help(format!("{} [env: {}]", setting.help(), setting.env))
        .action(ArgAction::Set)
        .value_parser(ValueParser::new(check));
    if setting.switch {
        // `--allow-insecure-http` alone means true; `--allow-insecure-http=false` overrides
        // a file or variable saying true.
        arg.num_args(0..=1)
            .require_equals(true)
            .default_missing_value("true")
    } else {
        arg
    }
}

impl<const ALL: bool> clap::Args for ConfigArgs<ALL> {
    fn augment_args(cmd: Command) -> Command {
        let file = Arg::new(CONFIG)
            .long(CONFIG)
            .env("PORTCULLIS_CONFIG")
            .value_name("CONFIG")
            .value_parser(clap::value_parser!(PathBuf))
            .help("TOML configuration file: each setting by its name, e.g. `listen = \"0.0.0.0:8080\"`");
        flagged::<ALL>().fold(cmd.arg(file), |cmd, s| cmd.arg(flag(s)))
    }

    fn augment_args_for_update(cmd: Command) -> Command {
        Self::augment_args(cmd)
    }
}

impl<const ALL: bool> clap::FromArgMatches for ConfigArgs<ALL> {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let mut flags = ConfigLayer::default();
        for setting in flagged::<ALL>() {
            if let Some(text) = matches.get_one::<String>(setting.key) {
                flags.set(setting, text).map_err(|e| {
                    clap::Error::raw(
                        clap::error::ErrorKind::ValueValidation,
                        format!("{}: {e}\n", setting.flag()),
                    )
                })?;
            }
        }
        Ok(Self {
            file: matches.get_one::<PathBuf>(CONFIG).cloned(),
            flags: Box::new(flags),
        })
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
