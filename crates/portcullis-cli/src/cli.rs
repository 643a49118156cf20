//! The command line, declared with clap. Every serve setting is a flag, a `PORTCULLIS_*`
//! variable, or a key in the TOML file given by `--config`, in that precedence.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Self-hosted authentication: an OpenID issuer with users, roles and tokens.
#[derive(Debug, Parser)]
#[command(name = "portcullis", version, about)]
pub(crate) struct Cli {
    /// Log as JSON lines (for log collectors).
    #[arg(long, global = true, env = "PORTCULLIS_LOG_JSON")]
    pub log_json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Run the issuer.
    Serve(ServeArgs),
    /// Signing keys.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Users.
    #[command(subcommand)]
    Users(UsersCommand),
    /// APIs (audiences) and their permissions.
    #[command(subcommand)]
    Apis(ApisCommand),
    /// Roles.
    #[command(subcommand)]
    Roles(RolesCommand),
    /// OAuth clients: which APIs they may request, first- or third-party.
    #[command(subcommand)]
    Clients(ClientsCommand),
    /// Mint, decode and verify access tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Organizations, their members and roles.
    #[command(subcommand)]
    Orgs(OrgsCommand),
    /// Mail waiting in the outbox (verification and reset links), newest first.
    Outbox {
        #[command(flatten)]
        store: StoreArgs,
        /// Only mail to this address.
        #[arg(long)]
        to: Option<String>,
        /// How many messages.
        #[arg(long, default_value_t = 10)]
        limit: i64,
    },
    /// API keys of users and organizations.
    #[command(subcommand, name = "api-keys")]
    ApiKeys(ApiKeysCommand),
}

/// Where the database is: shared by every command.
#[derive(Debug, Clone, Args)]
pub(crate) struct StoreArgs {
    /// TOML configuration file (keys as in `ServerConfig`, e.g. `listen = "0.0.0.0:8080"`).
    #[arg(long, env = "PORTCULLIS_CONFIG")]
    pub config: Option<PathBuf>,
    /// Directory of the SQLite database and master key file [default: ./portcullis-data].
    #[arg(long, env = "PORTCULLIS_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// PostgreSQL URL (postgres://…) instead of SQLite.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,
    /// Master key sealing signing keys, 64 hex digits (required with PostgreSQL).
    #[arg(long, env = "PORTCULLIS_MASTER_KEY", hide_env_values = true)]
    pub master_key: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long, env = "PORTCULLIS_LISTEN")]
    pub listen: Option<SocketAddr>,
    /// Public URL of the issuer, the `iss` of its tokens [default: http://LISTEN/].
    #[arg(long, env = "PORTCULLIS_ISSUER")]
    pub issuer: Option<String>,
    /// Algorithm of new signing keys: ES256, RS256 or EdDSA [default: ES256].
    #[arg(long, env = "PORTCULLIS_SIGNING_ALG")]
    pub signing_alg: Option<String>,
    /// Access token lifetime in seconds [default: 900].
    #[arg(long, env = "PORTCULLIS_ACCESS_TOKEN_TTL")]
    pub access_token_ttl: Option<i64>,
    /// Audience of tokens whose request names none [default: the issuer].
    #[arg(long, env = "PORTCULLIS_DEFAULT_AUDIENCE")]
    pub default_audience: Option<String>,
    /// Accept a plain-HTTP issuer URL on a non-loopback host (insecure).
    #[arg(long, env = "PORTCULLIS_ALLOW_INSECURE_HTTP")]
    pub allow_insecure_http: bool,
    /// SMTP relay for mail: smtps://user:pass@host[:465] or smtp://user:pass@host[:587]
    /// (STARTTLS required off loopback) [default: mail stays in the outbox].
    #[arg(long, env = "PORTCULLIS_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// Sender of mail [default: Portcullis <no-reply@ISSUER-HOST>].
    #[arg(long, env = "PORTCULLIS_MAIL_FROM")]
    pub mail_from: Option<String>,
    /// Speak plain SMTP to a non-loopback relay (insecure).
    #[arg(long, env = "PORTCULLIS_ALLOW_INSECURE_SMTP")]
    pub allow_insecure_smtp: bool,
    /// Let accounts sign in before confirming their address, and sign-up return tokens
    /// at once (weaker: sign-up then reveals which addresses have accounts).
    #[arg(long, env = "PORTCULLIS_ALLOW_UNVERIFIED_EMAIL")]
    pub allow_unverified_email: bool,
    /// Let webhooks reach loopback addresses and localhost, over plain HTTP too
    /// (development only, insecure: the issuer then calls services on its own machine).
    #[arg(long, env = "PORTCULLIS_ALLOW_INSECURE_OUTBOUND_LOOPBACK")]
    pub allow_insecure_outbound_loopback: bool,
    /// Let webhooks reach private networks (RFC 1918, fc00::/7, 100.64/10) over HTTPS
    /// (insecure: the issuer then calls internal services).
    #[arg(long, env = "PORTCULLIS_ALLOW_INSECURE_OUTBOUND_PRIVATE")]
    pub allow_insecure_outbound_private: bool,
    /// Also run the seeds' hello-world API on --demo-api-port, seed demo users, and print
    /// a walkthrough.
    #[arg(long)]
    pub demo: bool,
    /// Port of the demo API.
    #[arg(long, default_value_t = 6060, env = "PORT")]
    pub demo_api_port: u16,
    /// Port of the demo single-page app (the seeds' client origin).
    #[arg(long, default_value_t = 4040)]
    pub demo_spa_port: u16,
}

#[derive(Debug, Subcommand)]
pub(crate) enum KeysCommand {
    /// List signing keys and their states.
    List(StoreArgs),
    /// One rotation step: stage a next key, or promote the staged one once published
    /// for --publish-delay seconds.
    Rotate {
        #[command(flatten)]
        store: StoreArgs,
        /// Seconds a staged key must be published before it signs.
        #[arg(long, default_value_t = 900)]
        publish_delay: i64,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum UsersCommand {
    /// Create a user; the password is read from PORTCULLIS_NEW_PASSWORD or stdin.
    Create {
        #[command(flatten)]
        store: StoreArgs,
        /// Email.
        #[arg(long)]
        email: String,
        /// Display name.
        #[arg(long)]
        name: Option<String>,
    },
    /// List users (paginated by id).
    List {
        #[command(flatten)]
        store: StoreArgs,
        /// Only emails containing this text.
        #[arg(long)]
        search: Option<String>,
        /// Start after this user id (the last id of the previous page).
        #[arg(long)]
        after: Option<String>,
        /// Page size (at most 200).
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
    /// Show one user (by id or email) with their roles.
    Get {
        #[command(flatten)]
        store: StoreArgs,
        /// `usr_…` or an email.
        user: String,
    },
    /// Disable a user and revoke all their sessions.
    Disable {
        #[command(flatten)]
        store: StoreArgs,
        /// `usr_…` or an email.
        user: String,
    },
    /// Re-enable a disabled user.
    Enable {
        #[command(flatten)]
        store: StoreArgs,
        /// `usr_…` or an email.
        user: String,
    },
    /// Delete a user and everything hanging off them (sessions, API keys, memberships,
    /// roles); refused for the last owner of an organization.
    Delete {
        #[command(flatten)]
        store: StoreArgs,
        /// `usr_…` or an email.
        user: String,
    },
    /// Revoke every session of a user (their refresh tokens stop working).
    RevokeSessions {
        #[command(flatten)]
        store: StoreArgs,
        /// `usr_…` or an email.
        user: String,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum ApisCommand {
    /// Register an API by its audience identifier.
    Create {
        #[command(flatten)]
        store: StoreArgs,
        /// The audience, for example `https://api.example.com`.
        #[arg(long)]
        identifier: String,
        /// Display name.
        #[arg(long, default_value = "")]
        name: String,
        /// Permissions (repeatable).
        #[arg(long = "permission")]
        permissions: Vec<String>,
    },
    /// Delete an API with its permissions and every grant of them.
    Delete {
        #[command(flatten)]
        store: StoreArgs,
        /// Its identifier (or `api_…` id).
        identifier: String,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum RolesCommand {
    /// Create a role granting permissions of an API.
    Create {
        #[command(flatten)]
        store: StoreArgs,
        /// Role name.
        #[arg(long)]
        name: String,
        /// The API's identifier.
        #[arg(long)]
        api: String,
        /// Permissions (repeatable).
        #[arg(long = "permission")]
        permissions: Vec<String>,
    },
    /// Give a user a role.
    Assign {
        #[command(flatten)]
        store: StoreArgs,
        /// The user's email (or `usr_…` id).
        #[arg(long, alias = "user")]
        email: String,
        /// Role name.
        #[arg(long)]
        role: String,
    },
    /// Take a role from a user.
    Unassign {
        #[command(flatten)]
        store: StoreArgs,
        /// The user's email (or `usr_…` id).
        #[arg(long, alias = "user")]
        email: String,
        /// Role name.
        #[arg(long)]
        role: String,
    },
    /// Delete a role.
    Delete {
        #[command(flatten)]
        store: StoreArgs,
        /// Role name (or `rol_…` id).
        name: String,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum ClientsCommand {
    /// Register a machine client; prints its id and secret once.
    Create {
        #[command(flatten)]
        store: StoreArgs,
        /// Display name.
        #[arg(long)]
        name: String,
        /// Default audience (a registered API; the client may request it).
        #[arg(long)]
        audience: Option<String>,
        /// Another registered API the client may request tokens for (repeatable). The
        /// issuer's admin API is allowed only when named here or as --audience.
        #[arg(long = "allow-audience")]
        allow_audiences: Vec<String>,
        /// Users consent on a hosted page before the client gets their tokens (a
        /// third-party client); without it the client is first-party.
        #[arg(long)]
        third_party: bool,
        /// Permissions of --audience granted to the client (repeatable; they must exist).
        #[arg(long = "permission")]
        permissions: Vec<String>,
        /// The algorithm of its ID tokens (OpenID Connect `id_token_signed_response_alg`):
        /// RS256 (the default) or the issuer's access-token algorithm.
        #[arg(long = "id-token-signed-response-alg")]
        id_token_alg: Option<String>,
    },
    /// Show a client: its audiences, whether it is third-party, its redirect URIs.
    Show {
        #[command(flatten)]
        store: StoreArgs,
        /// `cli_…`.
        id: String,
    },
    /// Change which APIs a client may request, or whether it is third-party.
    Update {
        #[command(flatten)]
        store: StoreArgs,
        /// `cli_…`.
        id: String,
        /// The APIs it may request besides its default audience (repeatable; replaces
        /// the list).
        #[arg(long = "allow-audience")]
        allow_audiences: Option<Vec<String>>,
        /// Make it third-party (`true`) or first-party (`false`).
        #[arg(long)]
        third_party: Option<bool>,
    },
    /// Delete a client; its sessions are revoked.
    Delete {
        #[command(flatten)]
        store: StoreArgs,
        /// `cli_…`.
        id: String,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum TokenCommand {
    /// Mint an access token signed by this issuer's active key (like Auth0's "Test" tab).
    Mint {
        #[command(flatten)]
        store: StoreArgs,
        /// The public issuer URL the server uses (the token's `iss`) [default: http://127.0.0.1:8080/].
        #[arg(long, env = "PORTCULLIS_ISSUER")]
        issuer: Option<String>,
        /// The audience (a registered API) [default: the issuer].
        #[arg(long)]
        audience: Option<String>,
        /// The subject.
        #[arg(long, default_value = "portcullis-cli-test")]
        sub: String,
        /// Permissions to include (repeatable).
        #[arg(long = "permission")]
        permissions: Vec<String>,
    },
    /// Decode a JWT without verifying it: header and claims as JSON.
    Inspect {
        /// The token.
        token: String,
    },
    /// Verify a JWT against an issuer's discovery document (any OpenID issuer).
    Verify {
        /// The issuer URL (its discovery document is fetched).
        #[arg(long)]
        issuer: String,
        /// The required audience.
        #[arg(long)]
        audience: String,
        /// Accept a plain-HTTP issuer off loopback (insecure).
        #[arg(long)]
        allow_insecure_http: bool,
        /// The token.
        token: String,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum OrgsCommand {
    /// Create an organization.
    Create {
        #[command(flatten)]
        store: StoreArgs,
        /// Display name.
        #[arg(long)]
        name: String,
        /// Unique slug (lowercase letters, digits, dashes).
        #[arg(long)]
        slug: String,
        /// Its first owner (email or user id).
        #[arg(long)]
        owner: Option<String>,
        /// Metadata, a JSON object.
        #[arg(long)]
        metadata: Option<String>,
    },
    /// Add a member or change their role (owner, admin, member, or a defined role).
    SetMember {
        #[command(flatten)]
        store: StoreArgs,
        /// Organization id or slug.
        #[arg(long)]
        org: String,
        /// Email or user id.
        #[arg(long)]
        user: String,
        /// Role.
        #[arg(long, default_value = "member")]
        role: String,
    },
    /// Invite someone by email (the link goes to the outbox); valid 7 days.
    Invite {
        #[command(flatten)]
        store: StoreArgs,
        /// Organization id or slug.
        #[arg(long)]
        org: String,
        /// Their email.
        #[arg(long)]
        email: String,
        /// The role they get.
        #[arg(long, default_value = "member")]
        role: String,
    },
    /// Remove a member (the last owner stays).
    RemoveMember {
        #[command(flatten)]
        store: StoreArgs,
        /// Organization id or slug.
        #[arg(long)]
        org: String,
        /// Email or user id.
        #[arg(long)]
        user: String,
    },
    /// List an organization's members.
    Members {
        #[command(flatten)]
        store: StoreArgs,
        /// Organization id or slug.
        org: String,
    },
    /// Define an organization role with a rank (owner 300, admin 200, member 100).
    DefineRole {
        #[command(flatten)]
        store: StoreArgs,
        /// Role name.
        #[arg(long)]
        name: String,
        /// Rank: higher outranks lower.
        #[arg(long)]
        rank: i64,
    },
    /// Let an organization role grant permissions of an API inside the organization.
    Grant {
        #[command(flatten)]
        store: StoreArgs,
        /// Role name.
        #[arg(long)]
        role: String,
        /// The API's identifier.
        #[arg(long)]
        api: String,
        /// Permissions (repeatable).
        #[arg(long = "permission")]
        permissions: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum ApiKeysCommand {
    /// Create a key; prints it once (it is stored only as a hash).
    Create {
        #[command(flatten)]
        store: StoreArgs,
        /// Display name.
        #[arg(long)]
        name: String,
        /// Owner: a user (email or id) ...
        #[arg(long, conflicts_with = "org", required_unless_present = "org")]
        user: Option<String>,
        /// ... or an organization (id or slug).
        #[arg(long)]
        org: Option<String>,
        /// The API the key is for (its identifier); other APIs refuse the key
        /// [default: the issuer's default audience].
        #[arg(long)]
        audience: Option<String>,
        /// Permissions (repeatable).
        #[arg(long = "permission")]
        permissions: Vec<String>,
        /// Lifetime in days (default: until revoked).
        #[arg(long)]
        expires_in_days: Option<i64>,
    },
    /// List the keys of a user or an organization.
    List {
        #[command(flatten)]
        store: StoreArgs,
        /// A user (email or id) ...
        #[arg(long, conflicts_with = "org", required_unless_present = "org")]
        user: Option<String>,
        /// ... or an organization (id or slug).
        #[arg(long)]
        org: Option<String>,
    },
    /// Revoke a key by id.
    Revoke {
        #[command(flatten)]
        store: StoreArgs,
        /// `key_…`.
        id: String,
    },
}
