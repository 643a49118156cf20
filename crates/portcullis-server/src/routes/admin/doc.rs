//! The admin API's part of the OpenAPI document: paths relative to `/api/admin`, as the
//! admin router declares them (see [`crate::routes::openapi`], which nests them).

use utoipa::OpenApi;

use super::{
    api_keys, apis, audit, clients, consents, factors, invitations, keys, orgs, roles, sessions,
    users, webhooks,
};

/// Every operation of the admin router.
#[derive(OpenApi)]
#[openapi(paths(
    audit::list,
    users::list,
    users::create,
    users::get,
    users::update,
    users::delete,
    users::disable,
    factors::reset,
    sessions::list,
    sessions::revoke_all,
    sessions::revoke,
    consents::list,
    consents::revoke,
    roles::assign,
    roles::unassign,
    apis::list,
    apis::create,
    apis::get,
    apis::delete,
    apis::permissions,
    apis::add_permission,
    apis::remove_permission,
    roles::list,
    roles::create,
    roles::get,
    roles::delete,
    roles::grant,
    roles::revoke,
    clients::list,
    clients::create,
    clients::get,
    clients::update,
    clients::delete,
    orgs::list,
    orgs::create,
    orgs::get,
    orgs::members,
    orgs::invite,
    invitations::list,
    invitations::revoke,
    orgs::set_member,
    orgs::remove_member,
    api_keys::list,
    api_keys::create,
    api_keys::revoke,
    webhooks::list,
    webhooks::create,
    webhooks::delete,
    keys::list,
    keys::rotate,
))]
pub(crate) struct AdminApi;
