//! Request bodies of the passkey ceremonies (`/api/auth/passkeys/*`).

use serde::{Deserialize, Serialize};

use super::field;

json_bodies! {
    /// `POST /api/auth/passkeys/register/finish`.
    pub struct PasskeyRegisterFinishRequest {
        /// The `ceremony` that `register/begin` answered.
        #[serde(deserialize_with = "field::required")]
        #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 128))]
        pub ceremony: String,
        /// The passkey's name, shown on the account page (1 to 64 characters).
        #[serde(deserialize_with = "field::required")]
        #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 64, pattern = r"^[^\x00-\x1f\x7f-\x9f]*$"))]
        pub name: String,
        /// What `navigator.credentials.create` resolved to, as JSON (its `toJSON()`
        /// form: binary values in base64url).
        #[cfg_attr(feature = "openapi", schema(value_type = Object))]
        pub credential: serde_json::Value,
    }

    /// `POST /api/auth/passkeys/authenticate/begin`.
    pub struct PasskeyAuthenticateBeginRequest {
        /// The `mfa_token` of a sign-in waiting for its second step: the options then name
        /// that user's passkeys. Without it, a sign-in with a passkey alone.
        #[serde(default, deserialize_with = "field::not_null")]
        #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 128))]
        pub mfa_token: Option<String>,
    }

    /// `POST /api/auth/passkeys/authenticate/finish`.
    pub struct PasskeyAuthenticateFinishRequest {
        /// The `ceremony` that `authenticate/begin` answered (without `mfa_token`).
        #[serde(deserialize_with = "field::required")]
        #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 128))]
        pub ceremony: String,
        /// What `navigator.credentials.get` resolved to, as JSON (binary values in
        /// base64url).
        #[cfg_attr(feature = "openapi", schema(value_type = Object))]
        pub credential: serde_json::Value,
    }
}
