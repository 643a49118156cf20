//! The answers every admin operation may give besides its own, declared once for the
//! OpenAPI document: each operation lists [`AdminErrors`] first in its `responses`, then
//! what it answers itself (which wins where both name a status).

use portcullis_proto::MessageBody;

/// The guard's, the body's and the database's answers, shared by every admin operation.
#[derive(utoipa::IntoResponses)]
#[expect(dead_code, reason = "describes answers for the document; never built")]
pub(crate) enum AdminErrors {
    /// A parameter or the body is invalid (the message names it), or the
    /// `Authorization` header is malformed (`Bearer error="invalid_request"`).
    #[response(status = 400)]
    BadRequest(MessageBody),
    /// No admin token, or not a valid one (with `WWW-Authenticate: Bearer`).
    #[response(status = 401)]
    Unauthorized(MessageBody),
    /// The token lacks the permission the operation requires
    /// (`WWW-Authenticate: Bearer error="insufficient_scope"`).
    #[response(status = 403)]
    Forbidden(MessageBody),
    /// The body is larger than the server's limit.
    #[response(status = 413)]
    PayloadTooLarge(MessageBody),
    /// The database is unavailable (with `Retry-After`).
    #[response(status = 503)]
    Unavailable(MessageBody),
}
