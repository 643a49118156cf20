//! [`Server`]: opens storage and keys, binds, serves until shut down.

use std::net::SocketAddr;
use std::time::Duration;

use portcullis_idp::{Idp, IdpConfig, IdpError, KeyRing, MasterKey, PasswordHasher, Secret, Store};
use thiserror::Error;
use tokio::sync::oneshot;
use tokio::task::{JoinHandle, JoinSet};

use crate::clock::Clock;
use crate::config::{ConfigError, ServerConfig, secs};
use crate::state::AppState;

/// Why the server could not start.
#[derive(Debug, Error)]
pub enum StartError {
    /// A setting is wrong.
    #[error("configuration: {0}")]
    Config(#[from] ConfigError),
    /// Storage or keys could not be opened.
    #[error("{0}")]
    Idp(#[from] IdpError),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The cause.
        source: std::io::Error,
    },
}

/// A running issuer.
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    issuer: String,
    idp: Idp,
    shutdown: Option<oneshot::Sender<()>>,
    serve: JoinHandle<std::io::Result<()>>,
    /// Everything that runs besides HTTP (see [`Starting::serve`]); stopped together.
    background: JoinSet<()>,
    routes: Vec<crate::ServedRoute>,
}

/// An issuer whose storage, keys and address are ready but which accepts no
/// connection yet: seed it through [`idp`](Self::idp), then [`serve`](Self::serve).
///
/// Until then the port is bound (so the issuer URL names it) but not listening: a
/// client that waits for the port, or for `/readyz`, never meets a half-seeded issuer.
#[derive(Debug)]
pub struct Starting {
    socket: tokio::net::TcpSocket,
    addr: SocketAddr,
    issuer: String,
    idp: Idp,
    config: ServerConfig,
    clock: Clock,
}

impl Starting {
    /// Opens storage and keys and binds the address, without listening.
    pub async fn open(config: ServerConfig, clock: Clock) -> Result<Self, StartError> {
        config.validate()?;
        let bind_error = |source| StartError::Bind {
            addr: config.listen,
            source,
        };
        let socket = match config.listen {
            SocketAddr::V4(_) => tokio::net::TcpSocket::new_v4(),
            SocketAddr::V6(_) => tokio::net::TcpSocket::new_v6(),
        }
        .map_err(bind_error)?;
        // As `TcpListener::bind` does: a restart may reuse a port in TIME_WAIT.
        #[cfg(unix)]
        socket.set_reuseaddr(true).map_err(bind_error)?;
        socket.bind(config.listen).map_err(bind_error)?;
        let addr = socket.local_addr().map_err(bind_error)?;
        // Port 0: the issuer URL names the port actually bound (also a configured
        // issuer on port 0, such as `http://localhost:0/`, whose host passkeys accept).
        let mut config = config;
        match config.issuer.as_deref().map(url::Url::parse) {
            None => config.issuer = Some(format!("http://{addr}/")),
            Some(Ok(mut url)) if url.port() == Some(0) => {
                if url.set_port(Some(addr.port())).is_ok() {
                    config.issuer = Some(url.to_string());
                }
            }
            Some(_) => {}
        }
        let issuer = config.issuer()?;
        let idp = open_idp(&config, clock.now()).await?;
        // The admin API is protected by the guard, fetching this very server's keys over
        // loopback, exactly as an external API would.
        idp.ensure_admin_api(
            &admin_audience(&issuer),
            portcullis_proto::admin::ADMIN_READ,
            portcullis_proto::admin::ADMIN_WRITE,
            portcullis_proto::admin::ADMIN_ROLE,
            clock.now(),
        )
        .await?;
        Ok(Self {
            socket,
            addr,
            issuer,
            idp,
            config,
            clock,
        })
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The issuer identifier (ends with `/`).
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The domain, for seeding before the first request.
    pub fn idp(&self) -> &Idp {
        &self.idp
    }

    /// Starts listening and serving.
    pub async fn serve(self) -> Result<Server, StartError> {
        let Self {
            socket,
            addr,
            issuer,
            idp,
            config,
            clock,
        } = self;
        // Retired keys stay published while their tokens can still be presented.
        let retain = secs(config.access_token_ttl) + 300;
        let admin_audience = admin_audience(&issuer);
        let loopback = match addr.ip() {
            std::net::IpAddr::V4(_) => format!("http://127.0.0.1:{}", addr.port()),
            std::net::IpAddr::V6(_) => format!("http://[::1]:{}", addr.port()),
        };
        let admin_guard = portcullis::Guard::builder()
            .issuer(
                portcullis::IssuerConfig::jwks_uri(
                    format!("{loopback}{}", portcullis_proto::paths::JWKS),
                    issuer.clone(),
                )
                .audience(admin_audience)
                // Its own access tokens say `typ: at+jwt`; nothing else passes for one.
                .require_at_jwt_typ(true),
            )
            .build()
            .map_err(|e| StartError::Config(ConfigError(format!("admin API guard: {e}"))))?;
        let ip_limit = crate::ip_limit::IpLimit::new(
            config.rate_limit_per_minute,
            config.trusted_proxies.clone(),
        );
        let client_limit =
            crate::client_limit::ClientLimit::new(config.introspection_rate_limit_per_minute);
        let (mail, mail_worker) = crate::mail_requests::MailRequests::start(idp.clone());
        let state = AppState {
            idp: idp.clone(),
            clock: clock.clone(),
            metrics: crate::metrics::handle(),
            retain_retired_keys: retain,
            jwks_max_age: config.jwks_max_age.as_secs(),
            key_publish_delay: secs(config.key_publish_delay),
            ip_limit: ip_limit.clone(),
            client_limit: client_limit.clone(),
            mail,
            upstreams: crate::upstream::Upstreams::new(
                config.outbound_policy(),
                config.upstream_timeout,
            )
            .map_err(|e| StartError::Config(ConfigError(format!("upstream client: {e}"))))?,
        };
        let (app, routes) = crate::app::router_and_routes(
            state,
            &admin_guard,
            config.body_limit,
            config.request_timeout,
        );
        let listener = socket.listen(1024).map_err(|source| StartError::Bind {
            addr: config.listen,
            source,
        })?;
        let (tx, rx) = oneshot::channel::<()>();
        let serve = tokio::spawn(async move {
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .with_graceful_shutdown(async move {
                let _ = rx.await;
            })
            .await
        });
        // Besides HTTP, one supervisor runs: mail asked for through forms, forgetting idle
        // rate-limit entries, webhook deliveries, mail (with SMTP configured) and key
        // maintenance. Each loops until shutdown aborts them together.
        let mut background = JoinSet::new();
        let mut running = vec!["asked-for mail", "rate-limit expiry", "webhooks"];
        background.spawn(mail_worker);
        background.spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                ip_limit.forget_idle();
                client_limit.forget_idle();
            }
        });
        background.spawn(crate::webhooks::run(
            idp.clone(),
            clock.clone(),
            config.outbound_policy(),
        ));
        if let Some(url) = &config.smtp_url {
            let mailer = crate::smtp::Mailer::new(
                crate::smtp::parse_smtp_url(url.expose(), config.allow_insecure_smtp)?,
                crate::smtp::parse_mail_from(config.mail_from.as_deref(), &issuer)?,
            )?;
            background.spawn(crate::smtp::run(idp.clone(), clock.clone(), mailer));
            running.push("mail");
        }
        background.spawn(crate::maintenance::run(
            idp.clone(),
            clock,
            secs(config.key_publish_delay),
            retain,
        ));
        running.push("key maintenance");
        tracing::info!(%addr, %issuer, backend = ?idp.backend(), background = ?running, "portcullis issuer listening");
        if let Some(why) = idp.passkeys_off_because() {
            tracing::info!(%why, "passkeys are off");
        }
        Ok(Server {
            addr,
            issuer,
            idp,
            shutdown: Some(tx),
            serve,
            background,
            routes,
        })
    }
}

impl Server {
    /// Opens everything and starts serving, with the system clock.
    pub async fn start(config: ServerConfig) -> Result<Self, StartError> {
        Self::start_with_clock(config, Clock::system()).await
    }

    /// As [`start`](Self::start), with a given clock (tests).
    pub async fn start_with_clock(config: ServerConfig, clock: Clock) -> Result<Self, StartError> {
        Starting::open(config, clock).await?.serve().await
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The issuer identifier (ends with `/`).
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// Every method and path the router serves (JSON endpoints, hosted pages and
    /// CORS preflights alike), as the router itself was built.
    pub fn routes(&self) -> &[crate::ServedRoute] {
        &self.routes
    }

    /// The domain, for seeding and administration in-process.
    pub fn idp(&self) -> &Idp {
        &self.idp
    }

    /// Stops accepting, lets in-flight requests finish, closes the database.
    pub async fn shutdown(mut self) -> std::io::Result<()> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        self.background.abort_all();
        let result = (&mut self.serve).await.unwrap_or(Ok(()));
        self.idp.close().await;
        result
    }

    /// Serves until Ctrl-C or SIGTERM, then shuts down gracefully.
    pub async fn wait(self) -> std::io::Result<()> {
        shutdown_signal().await;
        tracing::info!("shutting down");
        self.shutdown().await
    }
}

/// The audience of the issuer's own admin API.
fn admin_audience(issuer: &str) -> String {
    format!("{issuer}{}", portcullis_proto::admin::ADMIN_AUDIENCE_PATH)
}

/// Opens the database (applying migrations) and the signing keys (generating the
/// first one if there is none) as `config` says, without serving: for `serve` and for
/// administrative commands alike.
pub async fn open_idp(config: &ServerConfig, now: i64) -> Result<Idp, StartError> {
    config.validate()?;
    let issuer = config.issuer()?;
    let (store, master) = match &config.database_url {
        Some(url) => {
            let master =
                MasterKey::from_hex(config.master_key.as_ref().map_or("", Secret::expose))?;
            (Store::connect(url.expose()).await?, master)
        }
        None => {
            let store = Store::open_sqlite_dir(&config.data_dir).await?;
            let master = match &config.master_key {
                Some(hex) => MasterKey::from_hex(hex.expose())?,
                None => MasterKey::load_or_create(&config.data_dir.join("master.key"))?,
            };
            (store, master)
        }
    };
    let keys = KeyRing::new(store.clone(), master, config.signing_alg.algorithm())?;
    keys.ensure_active(now).await?;
    let hasher = PasswordHasher::new(config.max_concurrent_hashes, config.hash_queue_timeout)?;
    let idp_config = IdpConfig {
        issuer,
        access_ttl: secs(config.access_token_ttl),
        refresh_idle_ttl: secs(config.refresh_idle_ttl),
        refresh_absolute_ttl: secs(config.refresh_absolute_ttl),
        default_audience: config.default_audience.clone(),
        require_verified_email: !config.allow_unverified_email,
        outbound: config.outbound_policy(),
        mfa_required: config.mfa_required,
        passkeys: config.passkey_settings(),
        email_sign_in: config.email_sign_in,
    };
    Ok(Idp::new(store, hasher, keys, idp_config))
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
