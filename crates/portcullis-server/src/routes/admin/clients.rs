//! `/api/admin/clients…`: OAuth clients. Confidential clients get a secret, shown once
//! at creation; public ones (browser apps) need redirect URIs. Secret hashes are never
//! shown.

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portcullis::Require;
use portcullis_idp::{BrandingSpec, ClientChange, ClientDetails, ClientSpec};
use portcullis_proto::requests::{CreateClientRequest, UpdateClientRequest};
use portcullis_proto::{ClientBranding, ClientView, CreatedClient, Page};

use super::errors::AdminErrors;
use super::{AdminRead, AdminWrite, PageQuery};
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::routes::no_store;
use crate::state::AppState;

fn view(c: ClientDetails) -> ClientView {
    ClientView {
        id: c.info.id,
        name: c.info.name,
        confidential: c.info.confidential != 0,
        audience: c.info.audience,
        audiences: c.audiences,
        third_party: !c.info.first_party,
        disabled: c.info.disabled,
        created_at: c.info.created_at,
        redirect_uris: c.redirect_uris,
        post_logout_redirect_uris: c.post_logout_redirect_uris,
        id_token_signed_response_alg: c
            .info
            .id_token_signed_response_alg
            .unwrap_or_else(|| "RS256".to_owned()),
        branding: ClientBranding {
            display_name: c.branding.display_name,
            logo_uri: c.branding.logo_uri,
            accent_color: c.branding.accent_color,
        },
    }
}

/// Lists OAuth clients, by id.
#[utoipa::path(
    get,
    path = "/clients",
    operation_id = "list_clients",
    tag = "Admin: clients",
    params(portcullis_proto::requests::PageParams),
    responses(
        AdminErrors,
        (status = 200, description = "A page of clients", body = portcullis_proto::Page<portcullis_proto::ClientView>)
    ),
    security(("admin_token" = ["admin:read"]))
)]
pub(crate) async fn list(
    _: Require<AdminRead>,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<ClientView>>, ApiError> {
    let page = PageQuery::only(raw.as_deref())?;
    let rows = state
        .idp
        .list_clients(page.after.as_deref(), page.limit)
        .await?;
    let mut clients = Vec::with_capacity(rows.len());
    for row in rows {
        clients.push(view(state.idp.find_client(&row.id).await?));
    }
    Ok(Json(page.page(clients, |c| c.id.clone(), |c| c)))
}

/// Registers an OAuth client.
///
/// The answer shows the secret of a confidential client, once. The client may request
/// tokens for its `audience` and the `audiences` listed (the issuer's admin API only if
/// named); a `third_party` client gets its users' tokens only after they consent.
#[utoipa::path(
    post,
    path = "/clients",
    operation_id = "create_client",
    tag = "Admin: clients",
    request_body = portcullis_proto::requests::CreateClientRequest,
    responses(
        AdminErrors,
        (status = 201, description = "The new client and its secret", body = portcullis_proto::CreatedClient)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn create(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<CreateClientRequest>,
) -> Result<Response, ApiError> {
    let spec = ClientSpec {
        name: &body.name,
        confidential: body.client_type.unwrap_or_default().is_confidential(),
        audience: body.audience.as_deref(),
        audiences: body.audiences.as_deref().unwrap_or_default(),
        third_party: body.third_party.unwrap_or(false),
        permissions: body.permissions.as_deref().unwrap_or_default(),
        redirect_uris: body.redirect_uris.as_deref().unwrap_or_default(),
        post_logout_redirect_uris: body
            .post_logout_redirect_uris
            .as_deref()
            .unwrap_or_default(),
        id_token_signed_response_alg: body.id_token_signed_response_alg.as_deref(),
    };
    let (client, secret) = state.idp.register_client(&spec, state.clock.now()).await?;
    let body = CreatedClient {
        client_secret: secret.map(|s| s.expose().to_owned()),
        client: view(client),
    };
    Ok(no_store((StatusCode::CREATED, Json(body)).into_response()))
}

/// Shows a client, never its secret.
#[utoipa::path(
    get,
    path = "/clients/{client}",
    operation_id = "get_client",
    tag = "Admin: clients",
    params(("client" = String, Path, description = "The client id")),
    responses(
        AdminErrors,
        (status = 200, description = "The client", body = portcullis_proto::ClientView),
        (status = 404, description = "No such client", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:read"]))
)]
pub(crate) async fn get(
    _: Require<AdminRead>,
    State(state): State<AppState>,
    Path(client): Path<String>,
) -> Result<Json<ClientView>, ApiError> {
    Ok(Json(view(state.idp.find_client(&client).await?)))
}

/// Changes a client.
///
/// Any of `name`, `redirect_uris`, `post_logout_redirect_uris`, `audiences` (each list
/// replaces the registered one; the default audience stays allowed), `third_party`,
/// `id_token_signed_response_alg` and `branding` (replaced whole: a display name, an
/// `https` logo URL, a `#rrggbb` accent colour; anything else is refused with 400).
#[utoipa::path(
    patch,
    path = "/clients/{client}",
    operation_id = "update_client",
    tag = "Admin: clients",
    params(("client" = String, Path, description = "The client id")),
    request_body = portcullis_proto::requests::UpdateClientRequest,
    responses(
        AdminErrors,
        (status = 200, description = "The changed client", body = portcullis_proto::ClientView),
        (status = 404, description = "No such client", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn update(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path(client): Path<String>,
    ApiJson(body): ApiJson<UpdateClientRequest>,
) -> Result<Json<ClientView>, ApiError> {
    let UpdateClientRequest {
        name,
        redirect_uris,
        post_logout_redirect_uris: logout_uris,
        id_token_signed_response_alg: id_token_alg,
        audiences,
        third_party,
        branding,
    } = body;
    if name.is_none()
        && redirect_uris.is_none()
        && logout_uris.is_none()
        && audiences.is_none()
        && third_party.is_none()
        && id_token_alg.is_none()
        && branding.is_none()
    {
        return Err(ApiError::BadRequest(
            "nothing to change: give name, redirect_uris, post_logout_redirect_uris, audiences, third_party, id_token_signed_response_alg or branding".into(),
        ));
    }
    let change = ClientChange {
        name: name.as_deref(),
        redirect_uris: redirect_uris.as_deref(),
        post_logout_redirect_uris: logout_uris.as_deref(),
        audiences: audiences.as_deref(),
        third_party,
        id_token_signed_response_alg: id_token_alg.as_deref(),
        branding: branding.as_ref().map(|b| BrandingSpec {
            display_name: b.display_name.as_deref(),
            logo_uri: b.logo_uri.as_deref(),
            accent_color: b.accent_color.as_deref(),
        }),
    };
    let client = state
        .idp
        .update_client(&client, &change, state.clock.now())
        .await?;
    Ok(Json(view(client)))
}

/// Deletes a client; its sessions are revoked.
#[utoipa::path(
    delete,
    path = "/clients/{client}",
    operation_id = "delete_client",
    tag = "Admin: clients",
    params(("client" = String, Path, description = "The client id")),
    responses(
        AdminErrors,
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such client", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn delete(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path(client): Path<String>,
) -> Result<Response, ApiError> {
    state.idp.delete_client(&client, state.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
