//! `DELETE /api/admin/users/{user}/factors`: an administrator's reset of a user's second
//! factors.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use portcullis::Require;

use super::AdminWrite;
use super::errors::AdminErrors;
use crate::error::ApiError;
use crate::state::AppState;

/// Resets a user's second factors.
///
/// Removes the authenticator app, the recovery codes and any sign-in waiting for a
/// code, and forgives the wrong codes counted so far: the next sign-in asks for the
/// password only. Audited (`factor.reset`).
#[utoipa::path(
    delete,
    path = "/users/{user}/factors",
    operation_id = "reset_user_factors",
    tag = "Admin: users",
    params(portcullis_proto::requests::UserPath),
    responses(
        AdminErrors,
        (status = 204, description = "Reset"),
        (status = 404, description = "No such user", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn reset(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path(user): Path<String>,
) -> Result<StatusCode, ApiError> {
    state
        .idp
        .reset_second_factors(&user, state.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
