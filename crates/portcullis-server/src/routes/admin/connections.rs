//! `/api/admin/connections…`: connections to other identity providers; and
//! `/api/admin/users/{user}/identities…`: the users' accounts at them.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portcullis::Require;
use portcullis_idp::{Connection, ConnectionSpec, Secret};
use portcullis_proto::requests::{CreateConnectionRequest, UpdateConnectionRequest};
use portcullis_proto::{ConnectionView, IdentityView};

use super::errors::AdminErrors;
use super::{AdminRead, AdminWrite};
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::routes::hosted::upstream::callback_url;
use crate::state::AppState;

fn view(state: &AppState, c: Connection) -> ConnectionView {
    ConnectionView {
        id: c.id,
        name: c.name,
        display_name: c.display_name,
        kind: c.kind,
        issuer: c.issuer,
        client_id: c.client_id,
        has_client_secret: c.has_secret,
        scopes: c.scopes,
        enabled: c.enabled,
        redirect_uri: callback_url(state),
        organization: c.org_id,
        created_at: c.created_at,
    }
}

/// Creates a connection to an OpenID Connect provider.
///
/// Its sign-in button appears on the hosted sign-in page at once; `connection=NAME` at
/// `/authorize` goes straight to it. Register the answer's `redirect_uri` at the
/// provider. The client secret is stored sealed and never shown again.
#[utoipa::path(
    post,
    path = "/connections",
    operation_id = "create_connection",
    tag = "Admin: connections",
    request_body = portcullis_proto::requests::CreateConnectionRequest,
    responses(
        AdminErrors,
        (status = 201, description = "The connection", body = portcullis_proto::ConnectionView),
        (status = 404, description = "No such organization", body = portcullis_proto::MessageBody),
        (status = 409, description = "The name is taken", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn create(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<CreateConnectionRequest>,
) -> Result<Response, ApiError> {
    let spec = ConnectionSpec {
        name: body.name,
        display_name: body.display_name,
        issuer: body.issuer,
        client_id: body.client_id,
        client_secret: body.client_secret.map(Secret::new),
        scopes: body.scopes,
        organization: body.organization,
    };
    let created = state.idp.create_connection(spec, state.clock.now()).await?;
    Ok((StatusCode::CREATED, Json(view(&state, created))).into_response())
}

/// Lists the connections, never their secrets.
#[utoipa::path(
    get,
    path = "/connections",
    operation_id = "list_connections",
    tag = "Admin: connections",
    responses(
        AdminErrors,
        (status = 200, description = "The connections", body = Vec<portcullis_proto::ConnectionView>)
    ),
    security(("admin_token" = ["admin:read"]))
)]
pub(crate) async fn list(
    _: Require<AdminRead>,
    State(state): State<AppState>,
) -> Result<Json<Vec<ConnectionView>>, ApiError> {
    let all = state.idp.connections().await?;
    Ok(Json(all.into_iter().map(|c| view(&state, c)).collect()))
}

/// One connection.
#[utoipa::path(
    get,
    path = "/connections/{connection}",
    operation_id = "get_connection",
    tag = "Admin: connections",
    params(("connection" = String, Path, description = "The connection: id (`con_…`) or name")),
    responses(
        AdminErrors,
        (status = 200, description = "The connection", body = portcullis_proto::ConnectionView),
        (status = 404, description = "No such connection", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:read"]))
)]
pub(crate) async fn get(
    _: Require<AdminRead>,
    State(state): State<AppState>,
    Path(connection): Path<String>,
) -> Result<Json<ConnectionView>, ApiError> {
    let c = state.idp.connection(&connection).await?;
    Ok(Json(view(&state, c)))
}

/// Turns a connection on or off, or gives it to an organization.
#[utoipa::path(
    patch,
    path = "/connections/{connection}",
    operation_id = "update_connection",
    tag = "Admin: connections",
    params(("connection" = String, Path, description = "The connection: id (`con_…`) or name")),
    request_body = portcullis_proto::requests::UpdateConnectionRequest,
    responses(
        AdminErrors,
        (status = 200, description = "The connection", body = portcullis_proto::ConnectionView),
        (status = 404, description = "No such connection", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn update(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path(connection): Path<String>,
    ApiJson(body): ApiJson<UpdateConnectionRequest>,
) -> Result<Json<ConnectionView>, ApiError> {
    let now = state.clock.now();
    let mut c = state.idp.connection(&connection).await?;
    if let Some(org) = &body.organization {
        c = state
            .idp
            .set_connection_org(&c.id, org.as_deref(), now)
            .await?;
    }
    if let Some(enabled) = body.enabled {
        c = state
            .idp
            .set_connection_enabled(&c.id, enabled, now)
            .await?;
    }
    Ok(Json(view(&state, c)))
}

/// Deletes a connection and every identity linked through it.
///
/// Users who could sign in only through it keep their accounts, and can sign in again
/// once they have another way (a password reset, a passkey, an emailed code).
#[utoipa::path(
    delete,
    path = "/connections/{connection}",
    operation_id = "delete_connection",
    tag = "Admin: connections",
    params(("connection" = String, Path, description = "The connection: id (`con_…`) or name")),
    responses(
        AdminErrors,
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such connection", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn delete(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path(connection): Path<String>,
) -> Result<StatusCode, ApiError> {
    state
        .idp
        .delete_connection(&connection, state.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A user's identities at other providers.
#[utoipa::path(
    get,
    path = "/users/{user}/identities",
    operation_id = "list_user_identities",
    tag = "Admin: users",
    params(portcullis_proto::requests::UserPath),
    responses(
        AdminErrors,
        (status = 200, description = "The identities", body = Vec<portcullis_proto::IdentityView>),
        (status = 404, description = "No such user", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:read"]))
)]
pub(crate) async fn identities(
    _: Require<AdminRead>,
    State(state): State<AppState>,
    Path(user): Path<String>,
) -> Result<Json<Vec<IdentityView>>, ApiError> {
    let user = state.idp.find_user(&user).await?;
    let rows = state.idp.identities_of(&user.id).await?;
    Ok(Json(
        rows.into_iter()
            .map(|i| IdentityView {
                connection_id: i.connection_id,
                subject: i.subject,
                email: i.email,
                created_at: i.created_at,
                last_used_at: i.last_used_at,
            })
            .collect(),
    ))
}

/// Unlinks one of a user's identities.
///
/// Refused (409) when it is the user's only way to sign in.
#[utoipa::path(
    delete,
    path = "/users/{user}/identities/{connection}/{subject}",
    operation_id = "unlink_user_identity",
    tag = "Admin: users",
    params(
        portcullis_proto::requests::UserPath,
        ("connection" = String, Path, description = "The connection's id (`con_…`)"),
        ("subject" = String, Path, description = "The provider's `sub` (URL-encoded)")
    ),
    responses(
        AdminErrors,
        (status = 204, description = "Unlinked"),
        (status = 404, description = "No such user or identity", body = portcullis_proto::MessageBody),
        (status = 409, description = "The user's only way to sign in", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn unlink(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path((user, connection, subject)): Path<(String, String, String)>,
) -> Result<StatusCode, ApiError> {
    let user = state.idp.find_user(&user).await?;
    state
        .idp
        .unlink_identity(&user.id, &connection, &subject, state.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
