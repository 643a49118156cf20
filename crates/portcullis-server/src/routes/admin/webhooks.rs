//! `/api/admin/webhooks…`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portcullis::Require;
use portcullis_proto::requests::CreateWebhookRequest;
use portcullis_proto::{CreatedWebhook, WebhookView};

use super::errors::AdminErrors;
use super::{AdminRead, AdminWrite};
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::routes::no_store;
use crate::state::AppState;

/// Registers a webhook for audit events.
///
/// The answer shows its signing secret, once.
#[utoipa::path(
    post,
    path = "/webhooks",
    operation_id = "create_webhook",
    tag = "Admin: webhooks",
    request_body = portcullis_proto::requests::CreateWebhookRequest,
    responses(
        AdminErrors,
        (status = 201, description = "The webhook and its secret", body = portcullis_proto::CreatedWebhook)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn create(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<CreateWebhookRequest>,
) -> Result<Response, ApiError> {
    let events = body.events.as_deref().unwrap_or("*");
    let (row, secret) = state
        .idp
        .create_webhook(&body.url, events, state.clock.now())
        .await?;
    let answer = CreatedWebhook {
        id: row.id,
        url: row.url,
        events: row.events,
        secret: secret.expose().to_owned(),
    };
    Ok(no_store(
        (StatusCode::CREATED, Json(answer)).into_response(),
    ))
}

/// Lists webhooks with their delivery counts, never their secrets.
#[utoipa::path(
    get,
    path = "/webhooks",
    operation_id = "list_webhooks",
    tag = "Admin: webhooks",
    responses(
        AdminErrors,
        (status = 200, description = "The webhooks", body = Vec<portcullis_proto::WebhookView>)
    ),
    security(("admin_token" = ["admin:read"]))
)]
pub(crate) async fn list(
    _: Require<AdminRead>,
    State(state): State<AppState>,
) -> Result<Json<Vec<WebhookView>>, ApiError> {
    let mut out = Vec::new();
    for w in state.idp.webhooks().await? {
        let deliveries = state.idp.deliveries_of(&w.id).await?;
        let delivered = deliveries
            .iter()
            .filter(|d| d.delivered_at.is_some())
            .count();
        let last_error = deliveries.iter().rev().find_map(|d| d.last_error.clone());
        out.push(WebhookView {
            deliveries: deliveries.len(),
            delivered,
            last_error,
            id: w.id,
            url: w.url,
            events: w.events,
            created_at: w.created_at,
        });
    }
    Ok(Json(out))
}

/// Deletes a webhook.
#[utoipa::path(
    delete,
    path = "/webhooks/{id}",
    operation_id = "delete_webhook",
    tag = "Admin: webhooks",
    params(("id" = String, Path, description = "The webhook id (`whk_…`)")),
    responses(
        AdminErrors,
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such webhook", body = portcullis_proto::MessageBody)
    ),
    security(("admin_token" = ["admin:write"]))
)]
pub(crate) async fn delete(
    _: Require<AdminWrite>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    if state.idp.delete_webhook(&id, state.clock.now()).await? {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(ApiError::NotFound("webhook"))
    }
}
