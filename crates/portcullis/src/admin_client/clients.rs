//! OAuth clients: machine clients and browser apps.

use reqwest::Method;
use serde::Serialize;

use super::{
    AdminClient, AdminError, ClientBranding, ClientView, CreatedClient, Page, paged, segment,
};

/// A client to register with [`AdminClient::create_client`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NewClientRequest {
    /// Display name.
    pub name: String,
    /// `true` for a public client (a browser app: no secret, redirect URIs required);
    /// `false` for a confidential one, which gets a secret.
    #[serde(rename = "type", serialize_with = "client_type")]
    pub public: bool,
    /// The audience (a registered API) of its tokens by default; it may request it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audience: Option<String>,
    /// Other registered APIs it may request tokens for (the issuer's admin API only
    /// when named here or as `audience`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub audiences: Vec<String>,
    /// A third-party client: users consent on a hosted page before it gets their
    /// tokens. `false` (the default): first-party.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub third_party: bool,
    /// Permissions of `audience` it receives with client credentials.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub permissions: Vec<String>,
    /// Where authorization codes may be sent.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub redirect_uris: Vec<String>,
    /// Where RP-initiated logout may return.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub post_logout_redirect_uris: Vec<String>,
    /// The algorithm of its ID tokens (`None`: RS256); one of discovery's
    /// `id_token_signing_alg_values_supported`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token_signed_response_alg: Option<String>,
}

fn client_type<S: serde::Serializer>(public: &bool, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(if *public { "public" } else { "confidential" })
}

/// A change to a client for [`AdminClient::update_client`]: each `None` stays as it is,
/// each list replaces the registered one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ClientChange {
    /// Display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Where authorization codes may be sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_uris: Option<Vec<String>>,
    /// Where RP-initiated logout may return.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post_logout_redirect_uris: Option<Vec<String>>,
    /// The algorithm of its ID tokens.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token_signed_response_alg: Option<String>,
    /// The APIs it may request besides its default audience (which stays).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audiences: Option<Vec<String>>,
    /// Whether users consent on a hosted page before it gets their tokens.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub third_party: Option<bool>,
    /// How its hosted pages look, replacing the current branding whole (an empty one
    /// clears it). The issuer refuses a logo that is not `https` and a colour that is
    /// not `#rrggbb`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub branding: Option<ClientBranding>,
}

impl AdminClient {
    /// One page of clients, by id.
    pub async fn clients(
        &self,
        after: Option<&str>,
        limit: u32,
    ) -> Result<Page<ClientView>, AdminError> {
        self.call(Method::GET, &paged("clients", after, limit), None)
            .await
    }

    /// The client with this id (never its secret).
    pub async fn client(&self, id: &str) -> Result<ClientView, AdminError> {
        self.call(Method::GET, &format!("clients/{}", segment(id)), None)
            .await
    }

    /// Registers a client; a confidential client's secret is in the answer, once.
    ///
    /// ```no_run
    /// # async fn demo(admin: portcullis::AdminClient) -> Result<(), portcullis::AdminError> {
    /// use portcullis::admin_client::NewClientRequest;
    ///
    /// let created = admin
    ///     .create_client(&NewClientRequest {
    ///         name: "reports".into(),
    ///         audience: Some("https://api.example.com".into()),
    ///         permissions: vec!["read:reports".into()],
    ///         ..NewClientRequest::default()
    ///     })
    ///     .await?;
    /// let secret = created.client_secret.expect("confidential clients get a secret");
    /// # let _ = secret; Ok(()) }
    /// ```
    pub async fn create_client(
        &self,
        client: &NewClientRequest,
    ) -> Result<CreatedClient, AdminError> {
        let body = serde_json::to_value(client).map_err(|e| AdminError::Config(e.to_string()))?;
        self.call(Method::POST, "clients", Some(body)).await
    }

    /// Renames a client, replaces its redirect URIs or the APIs it may request, makes it
    /// first- or third-party, changes the algorithm of its ID tokens or its branding.
    ///
    /// ```no_run
    /// # async fn demo(admin: portcullis::AdminClient) -> Result<(), portcullis::AdminError> {
    /// use portcullis::admin_client::{ClientBranding, ClientChange};
    ///
    /// let branded = admin
    ///     .update_client("acme-web", &ClientChange {
    ///         branding: Some(ClientBranding {
    ///             display_name: Some("Acme Cloud".into()),
    ///             logo_uri: Some("https://cdn.acme.example/logo.svg".into()),
    ///             accent_color: Some("#0a7b83".into()),
    ///         }),
    ///         ..ClientChange::default()
    ///     })
    ///     .await?;
    /// assert_eq!(branded.branding.accent_color.as_deref(), Some("#0a7b83"));
    /// # Ok(()) }
    /// ```
    pub async fn update_client(
        &self,
        id: &str,
        change: &ClientChange,
    ) -> Result<ClientView, AdminError> {
        let body = serde_json::to_value(change).map_err(|e| AdminError::Config(e.to_string()))?;
        self.call(
            Method::PATCH,
            &format!("clients/{}", segment(id)),
            Some(body),
        )
        .await
    }

    /// Deletes a client; its sessions are revoked.
    pub async fn delete_client(&self, id: &str) -> Result<(), AdminError> {
        self.call_unit(Method::DELETE, &format!("clients/{}", segment(id)), None)
            .await
    }
}
