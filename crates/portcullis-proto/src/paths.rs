//! Every route of the issuer, in one place: the router and the discovery document are
//! both built from these constants, so they cannot disagree.

/// `POST` JSON sign-up for first-party apps.
pub const SIGNUP: &str = "/api/auth/signup";
/// `POST` JSON email + password login for first-party apps.
pub const LOGIN: &str = "/api/auth/login";
/// `POST` the second step of a JSON login: the `mfa_token` it answered and a code.
pub const LOGIN_MFA: &str = "/api/auth/login/mfa";
/// `GET` the signed-in user's second factors (an access token for the issuer itself).
pub const MFA: &str = "/api/auth/mfa";
/// `POST` starts setting up an authenticator app for the signed-in user.
pub const MFA_TOTP: &str = "/api/auth/mfa/totp";
/// `POST` confirms the new authenticator app with its first code; answers the
/// recovery codes.
pub const MFA_TOTP_CONFIRM: &str = "/api/auth/mfa/totp/confirm";
/// `POST` removes the authenticator app (and recovery codes), given one of its codes or
/// a recovery code.
pub const MFA_TOTP_REMOVE: &str = "/api/auth/mfa/totp/remove";
/// `GET` the signed-in browser's passkeys (the hosted pages' session cookie).
pub const PASSKEYS: &str = "/api/auth/passkeys";
/// `POST` begins registering a passkey for the signed-in browser's user.
pub const PASSKEYS_REGISTER_BEGIN: &str = "/api/auth/passkeys/register/begin";
/// `POST` finishes it: the new credential and its name.
pub const PASSKEYS_REGISTER_FINISH: &str = "/api/auth/passkeys/register/finish";
/// `POST` begins a sign-in with a passkey (alone, or as a sign-in's second step).
pub const PASSKEYS_AUTHENTICATE_BEGIN: &str = "/api/auth/passkeys/authenticate/begin";
/// `POST` finishes a sign-in with a passkey alone: the browser session cookie.
pub const PASSKEYS_AUTHENTICATE_FINISH: &str = "/api/auth/passkeys/authenticate/finish";
/// `POST` the hosted sign-in page's passkey form: a sign-in with a passkey alone, then
/// on with the authorization request.
pub const AUTHORIZE_PASSKEY: &str = "/authorize/passkey";
/// `GET` the signed-in browser user's account security page (passkeys, authenticator
/// app, recovery codes); `POST` its forms.
pub const ACCOUNT_SECURITY: &str = "/account/security";
/// `POST` the account security page's sign-in (a recent sign-in is needed to change
/// factors).
pub const ACCOUNT_SIGN_IN: &str = "/account/security/sign-in";
/// `POST` the second step of that sign-in.
pub const ACCOUNT_MFA: &str = "/account/security/mfa";
/// `GET` the hosted pages' passkey script.
pub const PASSKEYS_SCRIPT: &str = "/assets/passkeys.js";
/// `POST` revokes the caller's session (refresh token family).
pub const LOGOUT: &str = "/api/auth/logout";
/// `GET` the authorization endpoint (code + PKCE), with the hosted sign-in page.
pub const AUTHORIZE: &str = "/authorize";
/// `POST` the hosted sign-in form.
pub const AUTHORIZE_LOGIN: &str = "/authorize/login";
/// `POST` the hosted sign-in's second step: a code for the challenge of the sign-in form.
pub const AUTHORIZE_MFA: &str = "/authorize/mfa";
/// `POST` the hosted sign-in's step that sets up a second factor: the new app's first code.
pub const AUTHORIZE_ENROL: &str = "/authorize/mfa/enrol";
/// `GET` the link of a mailed sign-in code (the code page, filled in); `POST` mails a
/// sign-in code (when sign-in by email is on).
pub const AUTHORIZE_EMAIL: &str = "/authorize/email";
/// `POST` the hosted sign-in's mailed code.
pub const AUTHORIZE_EMAIL_CODE: &str = "/authorize/email/code";
/// `GET` the answer of another identity provider to a sign-in sent there (the redirect
/// URI to register at every provider).
pub const UPSTREAM_CALLBACK: &str = "/upstream/callback";
/// `POST` goes on with an authorization request once signed in (after the recovery codes
/// were shown).
pub const AUTHORIZE_CONTINUE: &str = "/authorize/continue";
/// `POST` the hosted consent form (third-party clients).
pub const AUTHORIZE_CONSENT: &str = "/authorize/consent";
/// `GET` the hosted sign-up form; `POST` creates the account.
pub const AUTHORIZE_SIGNUP: &str = "/authorize/signup";
/// `GET` follows an email verification link.
pub const VERIFY_EMAIL: &str = "/verify-email";
/// `GET` asks for a reset link; `POST` sends it.
pub const FORGOT_PASSWORD: &str = "/forgot-password";
/// The hosted page an invitation's link opens: sign in with the invited address to join.
pub const JOIN: &str = "/join";
/// `POST` the invitation page's second step: a code for the challenge of its sign-in.
pub const JOIN_MFA: &str = "/join/mfa";
/// `GET` the new-password form behind a reset link; `POST` sets it.
pub const RESET_PASSWORD: &str = "/reset-password";
/// `GET` OpenID Connect RP-initiated logout.
pub const END_SESSION: &str = "/logout";
/// `GET` the hosted pages' stylesheet.
pub const STYLESHEET: &str = "/assets/portcullis.css";
/// A client's accent colour as a stylesheet (`?client=…`), so that its branded pages
/// keep `style-src 'self'`.
pub const BRAND_STYLESHEET: &str = "/assets/brand.css";
/// `POST` accepts an organization invitation as the signed-in user.
pub const ACCEPT_INVITATION: &str = "/api/auth/invitations/accept";
/// `POST` the signed-in user (access token as `Authorization: Bearer`) leaves the
/// organization `{org}` (id or slug).
pub const LEAVE_ORGANIZATION: &str = "/api/auth/orgs/{org}/leave";
/// `GET` the signed-in user's consents to third-party clients (an access token for the
/// issuer's own audience as `Authorization: Bearer`).
pub const CONSENTS: &str = "/api/auth/consents";
/// `DELETE` withdraws the signed-in user's consents to the client `{client}`; its
/// sessions for the user end.
pub const CONSENT: &str = "/api/auth/consents/{client}";
/// `POST` the OAuth 2.0 token endpoint.
pub const TOKEN: &str = "/oauth/token";
/// `POST` token revocation (RFC 7009).
pub const REVOKE: &str = "/oauth/revoke";
/// `POST` token introspection (RFC 7662).
pub const INTROSPECT: &str = "/oauth/introspect";
/// `GET` OpenID Connect userinfo.
pub const USERINFO: &str = "/userinfo";
/// `GET` the public signing keys.
pub const JWKS: &str = "/.well-known/jwks.json";
/// `GET` OpenID Connect discovery.
pub const OPENID_CONFIGURATION: &str = "/.well-known/openid-configuration";
/// `GET` OAuth 2.0 authorization server metadata (RFC 8414).
pub const OAUTH_METADATA: &str = "/.well-known/oauth-authorization-server";
/// `GET` liveness.
pub const HEALTHZ: &str = "/healthz";
/// `GET` readiness (the database answers).
pub const READYZ: &str = "/readyz";
/// `GET` Prometheus metrics.
pub const METRICS: &str = "/metrics";
/// Prefix of the admin API.
pub const ADMIN: &str = "/api/admin";
/// `GET` the OpenAPI 3.1 document of the issuer's JSON endpoints.
pub const OPENAPI: &str = "/openapi.json";
/// `GET` the API reference page, rendered from that document.
pub const DOCS: &str = "/docs";
/// `GET` the API reference page's stylesheet.
pub const DOCS_STYLESHEET: &str = "/assets/docs.css";
