//! The WebAuthn relying party: which RP ID credentials are bound to, and which origins'
//! pages may use them.

use std::time::Duration;

use url::Url;
use webauthn_rs::prelude::{Webauthn, WebauthnBuilder};

use super::CEREMONY_TTL;

/// Where passkeys work, as configured. Empty means "from the issuer URL": the RP ID is
/// the issuer's host and the only origin is the issuer's own.
///
/// ```
/// use portcullis_idp::PasskeySettings;
/// let s = PasskeySettings::default();
/// assert_eq!(s.resolve("http://localhost:8080/").unwrap(), ("localhost".to_owned(), vec!["http://localhost:8080".to_owned()]));
/// assert!(s.resolve("http://127.0.0.1:8080/").is_err(), "browsers take no IP address as RP ID");
/// let s = PasskeySettings { rp_id: Some("example.com".into()), origins: vec!["https://app.example.com".into()] };
/// assert_eq!(s.resolve("https://id.example.com/").unwrap().1, ["https://id.example.com", "https://app.example.com"]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PasskeySettings {
    /// The RP ID: the issuer's host or a registrable suffix of it (`example.com` for
    /// `https://id.example.com/`). Credentials are bound to it for good: changing it
    /// later makes every registered passkey unusable.
    pub rp_id: Option<String>,
    /// Origins besides the issuer's own whose pages may use the passkeys (each must be
    /// within the RP ID).
    pub origins: Vec<String>,
}

impl PasskeySettings {
    /// The RP ID and the allowed origins for `issuer`, or why there are none.
    pub fn resolve(&self, issuer: &str) -> Result<(String, Vec<String>), String> {
        let url = Url::parse(issuer).map_err(|e| format!("issuer {issuer:?}: {e}"))?;
        let Some(host) = url.domain() else {
            return Err(format!(
                "passkeys need a host name, and the issuer {issuer:?} has an IP address (use http://localhost:PORT/ for development)"
            ));
        };
        let rp_id = self
            .rp_id
            .clone()
            .unwrap_or_else(|| host.to_owned())
            .to_ascii_lowercase();
        let mut origins = vec![url.origin().ascii_serialization()];
        for extra in &self.origins {
            let parsed = Url::parse(extra).map_err(|e| format!("passkey origin {extra:?}: {e}"))?;
            let origin = parsed.origin().ascii_serialization();
            if !matches!(parsed.scheme(), "https" | "http") || origin == "null" {
                return Err(format!("passkey origin {extra:?} is not an http(s) origin"));
            }
            if !origins.contains(&origin) {
                origins.push(origin);
            }
        }
        for origin in &origins {
            let within = Url::parse(origin)
                .ok()
                .and_then(|u| u.domain().map(str::to_owned))
                .is_some_and(|d| d == rp_id || d.ends_with(&format!(".{rp_id}")));
            if !within {
                return Err(format!(
                    "the passkey RP ID {rp_id:?} is not the host of {origin} or a suffix of it"
                ));
            }
        }
        Ok((rp_id, origins))
    }
}

/// The relying party the ceremonies run with.
#[derive(Debug, Clone)]
pub(crate) struct RelyingParty {
    pub(crate) webauthn: Webauthn,
}

impl RelyingParty {
    /// Builds it for `issuer`; the error says why passkeys are off.
    pub(crate) fn new(issuer: &str, settings: &PasskeySettings) -> Result<Self, String> {
        let (rp_id, origins) = settings.resolve(issuer)?;
        let parsed: Vec<Url> = origins
            .iter()
            .map(|o| Url::parse(o).map_err(|e| format!("origin {o}: {e}")))
            .collect::<Result<_, _>>()?;
        let (first, rest) = parsed
            .split_first()
            .ok_or_else(|| "no origin for passkeys".to_owned())?;
        let mut builder = WebauthnBuilder::new(&rp_id, first)
            .map_err(|e| format!("passkey relying party: {e}"))?
            .rp_name(&rp_id)
            .timeout(Duration::from_secs(CEREMONY_TTL.unsigned_abs()));
        for origin in rest {
            builder = builder.append_allowed_origin(origin);
        }
        let webauthn = builder
            .build()
            .map_err(|e| format!("passkey relying party: {e}"))?;
        Ok(Self { webauthn })
    }
}
