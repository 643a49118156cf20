//! Schemas the OpenAPI document uses for values of a known shape (permission names,
//! user references, redirect URIs, role names), and path parameters.

/// The schema of a permission name: 1 to 200 visible ASCII characters, no quotes or
/// backslashes (it goes into space-separated `scope` strings), e.g. `read:messages`.
#[cfg(feature = "openapi")]
#[derive(utoipa::ToSchema)]
#[schema(pattern = r#"^[!#-\[\]-~]{1,200}$"#, example = "read:messages")]
pub struct PermissionName(pub String);

/// The schema of the grant types the token endpoint takes.
#[cfg(feature = "openapi")]
#[derive(utoipa::ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum GrantType {
    /// RFC 6749 §4.1.3, with PKCE.
    AuthorizationCode,
    /// RFC 6749 §6.
    RefreshToken,
    /// RFC 6749 §4.4.
    ClientCredentials,
}

/// The schema of a revocation or introspection hint (RFC 7009 §2.1).
#[cfg(feature = "openapi")]
#[derive(utoipa::ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum TokenTypeHint {
    /// An access token.
    AccessToken,
    /// A refresh token.
    RefreshToken,
}

/// The schema of a reference to a user: their id (`usr_…`) or their email (an address
/// of the common shape; the server takes any it can deliver to).
#[cfg(feature = "openapi")]
#[derive(utoipa::ToSchema)]
#[schema(
    pattern = r"^(usr_[A-Za-z0-9_-]{1,64}|[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,40}(\.[A-Za-z0-9-]{1,40}){1,3})$",
    example = "ada@example.com"
)]
pub struct UserRef(pub String);

/// A user in a path: `{user}`.
#[cfg(feature = "openapi")]
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct UserPath {
    /// The user: id (`usr_…`) or email.
    #[param(value_type = UserRef)]
    pub user: String,
}

/// The schema of a redirect URI: absolute, https (or http on loopback), without a
/// fragment.
#[cfg(feature = "openapi")]
#[derive(utoipa::ToSchema)]
#[schema(format = "uri", example = "https://app.example.com/callback")]
pub struct RedirectUri(pub String);

/// The schema of an organization role's name: 1 to 64 letters, digits, `_`, `-` or `:`;
/// one the organizations define (`owner`, `admin` and `member` exist from the start).
#[cfg(feature = "openapi")]
#[derive(utoipa::ToSchema)]
#[schema(pattern = "^[A-Za-z0-9_:-]{1,64}$", example = "member")]
pub struct OrgRoleName(pub String);
