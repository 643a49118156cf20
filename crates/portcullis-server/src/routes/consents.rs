//! `GET /api/auth/consents` and `DELETE /api/auth/consents/{client}`: the signed-in
//! user's consents to third-party clients, with an access token minted for the issuer
//! itself (a token for another API is refused).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portcullis_idp::model::ConsentRow;
use portcullis_proto::ConsentView;

use super::IssuerCaller;
use crate::error::ApiError;
use crate::state::AppState;

/// A consent as the API shows it.
pub(crate) fn consent_view(c: ConsentRow) -> ConsentView {
    ConsentView {
        scopes: c.scope.split_whitespace().map(str::to_owned).collect(),
        client_id: c.client_id,
        client_name: c.client_name,
        audience: c.audience,
        created_at: c.created_at,
        updated_at: c.updated_at,
    }
}

/// Lists the signed-in user's consents to third-party clients.
#[utoipa::path(
    get,
    path = portcullis_proto::paths::CONSENTS,
    operation_id = "list_my_consents",
    tag = "Auth",
    responses(
        (status = 200, description = "The consents, by client and audience", body = Vec<portcullis_proto::ConsentView>),
        (status = 401, description = "No access token, or not one for the issuer itself (with `WWW-Authenticate: Bearer`)", body = portcullis_proto::MessageBody)
    ),
    security(("issuer_token" = []))
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    IssuerCaller(sub): IssuerCaller,
) -> Result<Response, ApiError> {
    let consents = state.idp.consents(&sub).await?;
    Ok(Json(consents.into_iter().map(consent_view).collect::<Vec<_>>()).into_response())
}

/// Withdraws the signed-in user's consents to a client.
///
/// The client's sessions for the user end; it must ask again.
#[utoipa::path(
    delete,
    path = portcullis_proto::paths::CONSENT,
    operation_id = "revoke_my_consent",
    tag = "Auth",
    params(("client" = String, Path, description = "The client id")),
    responses(
        (status = 204, description = "Withdrawn; the client's sessions for the user are revoked"),
        (status = 401, description = "No access token, or not one for the issuer itself (with `WWW-Authenticate: Bearer`)", body = portcullis_proto::MessageBody),
        (status = 404, description = "No consent to this client", body = portcullis_proto::MessageBody)
    ),
    security(("issuer_token" = []))
)]
pub(crate) async fn revoke(
    State(state): State<AppState>,
    Path(client): Path<String>,
    IssuerCaller(sub): IssuerCaller,
) -> Result<Response, ApiError> {
    state
        .idp
        .revoke_consent(&sub, &client, "user", state.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
