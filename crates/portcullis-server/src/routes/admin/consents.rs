//! `/api/admin/users/{user}/consents…`: what a user allowed third-party clients, and
//! withdrawing it (the client's sessions for the user end).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portcullis::Require;
use portcullis_proto::ConsentView;

use super::errors::AdminErrors;
use super::{AdminRead, AdminWrite};
use crate::error::ApiError;
use crate::routes::consents::consent_view;
use crate::state::AppState;

/// Lists a user's consents to third-party clients.
#[utoipa::path(
    get,
    path = "/users/{user}/consents",
    operation_id = "list_consents",
    tag = "Admin: users",
    params(portcullis_proto::requests::UserPath),
    responses(
        AdminErrors,
        (status = 200, description = "The consents, by client and audience", body = Vec<portcullis_proto::ConsentView>),
        (status = 404, description = "No such user", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:read"]))
)]
pub(crate) async fn list(
    _: Require<AdminRead>,
    State(state): State<AppState>,
    Path(user): Path<String>,
) -> Result<Json<Vec<ConsentView>>, ApiError> {
    let consents = state.idp.consents(&user).await?;
    Ok(Json(consents.into_iter().map(consent_view).collect()))
}

/// Withdraws a user's consents to a client.
///
/// The client's sessions for the user are revoked; it must ask again.
#[utoipa::path(
    delete,
    path = "/users/{user}/consents/{client}",
    operation_id = "revoke_consent",
    tag = "Admin: users",
    params(portcullis_proto::requests::UserPath, ("client" = String, Path, description = "The client id")),
    responses(
        AdminErrors,
        (status = 204, description = "Withdrawn"),
        (status = 404, description = "No such user, or no consent to this client", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn revoke(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path((user, client)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    state
        .idp
        .revoke_consent(&user, &client, "admin", state.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
