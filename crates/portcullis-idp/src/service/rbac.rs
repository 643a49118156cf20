//! Roles: what they grant of each API, and who has them. Users' tokens carry the
//! permissions of their roles for the token's audience, re-read at every refresh.

use serde_json::json;

use super::Idp;
use super::apis::check_text;
use super::audit::{AuditAction, AuditEvent};
use crate::error::{IdpError, Result};
use crate::ids::new_id;
use crate::store::RoleRow;

impl Idp {
    /// Creates a role granting `permissions` of the API `api_identifier` (added to the
    /// API if it lacks them). Returns the role's id.
    pub async fn create_role(
        &self,
        name: &str,
        api_identifier: &str,
        permissions: &[&str],
        now: i64,
    ) -> Result<String> {
        let api = self
            .store()
            .api_by_identifier(api_identifier)
            .await?
            .ok_or(IdpError::NotFound("API"))?;
        for p in permissions {
            super::apis::check_permission(p)?;
        }
        let role = self.new_role(name, None, now).await?;
        for p in permissions {
            self.add_permission(&api.id, p).await?;
            self.store()
                .grant_role_permission(&role.id, &api.id, p)
                .await?;
        }
        Ok(role.id)
    }

    /// Creates a role that grants nothing yet; [`IdpError::Conflict`] if the name is
    /// taken.
    pub async fn new_role(
        &self,
        name: &str,
        description: Option<&str>,
        now: i64,
    ) -> Result<RoleRow> {
        let name = name.trim();
        let valid = !name.is_empty() && name.len() <= 100 && !name.chars().any(char::is_control);
        if !valid {
            return Err(IdpError::invalid(
                "role name is required (at most 100 characters, no control characters)",
            ));
        }
        let role = RoleRow {
            id: new_id("rol")?,
            name: name.to_owned(),
            description: description
                .map(|d| check_text("description", d, 500))
                .transpose()?
                .filter(|d| !d.is_empty()),
            created_at: now,
        };
        self.store().insert_role(&role).await?;
        self.audit(
            AuditEvent::new(AuditAction::RoleCreated)
                .on(&role.id)
                .with(json!({ "name": role.name })),
            now,
        )
        .await;
        Ok(role)
    }

    /// The role with this id (`rol_…`) or name.
    pub async fn find_role(&self, id_or_name: &str) -> Result<RoleRow> {
        self.store()
            .role(id_or_name)
            .await?
            .ok_or(IdpError::NotFound("role"))
    }

    /// Deletes a role; whoever had it loses what it granted at their next refresh.
    pub async fn delete_role(&self, role: &str, now: i64) -> Result<()> {
        let role = self.find_role(role).await?;
        if !self.store().delete_role(&role.id).await? {
            return Err(IdpError::NotFound("role"));
        }
        self.audit(
            AuditEvent::new(AuditAction::RoleDeleted)
                .on(&role.id)
                .with(json!({ "name": role.name })),
            now,
        )
        .await;
        Ok(())
    }

    /// Lets a role grant an existing permission of an API (idempotent).
    pub async fn grant_role(
        &self,
        role: &str,
        api: &str,
        permission: &str,
        now: i64,
    ) -> Result<()> {
        let role = self.find_role(role).await?;
        let api = self.find_api(api).await?;
        if !self.store().has_permission(&api.id, permission).await? {
            return Err(IdpError::NotFound("permission"));
        }
        self.store()
            .grant_role_permission(&role.id, &api.id, permission)
            .await?;
        self.audit(
            AuditEvent::new(AuditAction::RolePermissionGranted)
                .on(&role.id)
                .with(json!({ "api": api.identifier, "permission": permission })),
            now,
        )
        .await;
        Ok(())
    }

    /// Stops a role granting a permission of an API.
    pub async fn revoke_role(
        &self,
        role: &str,
        api: &str,
        permission: &str,
        now: i64,
    ) -> Result<()> {
        let role = self.find_role(role).await?;
        let api = self.find_api(api).await?;
        if !self
            .store()
            .revoke_role_permission(&role.id, &api.id, permission)
            .await?
        {
            return Err(IdpError::NotFound("permission of this role"));
        }
        self.audit(
            AuditEvent::new(AuditAction::RolePermissionRevoked)
                .on(&role.id)
                .with(json!({ "api": api.identifier, "permission": permission })),
            now,
        )
        .await;
        Ok(())
    }

    /// Gives the user (id or email) the role (id or name). Idempotent.
    pub async fn assign_role(&self, user: &str, role: &str, now: i64) -> Result<()> {
        let user = self.find_user(user).await?;
        let role = self.find_role(role).await?;
        self.store().assign_role(&user.id, &role.id).await?;
        self.audit(
            AuditEvent::new(AuditAction::RoleAssigned)
                .on(&user.id)
                .with(json!({ "role": role.name })),
            now,
        )
        .await;
        Ok(())
    }

    /// Takes the role (id or name) from the user (id or email); what it granted goes at
    /// their next refresh.
    pub async fn unassign_role(&self, user: &str, role: &str, now: i64) -> Result<()> {
        let user = self.find_user(user).await?;
        let role = self.find_role(role).await?;
        if !self.store().unassign_role(&user.id, &role.id).await? {
            return Err(IdpError::NotFound("role assignment"));
        }
        self.audit(
            AuditEvent::new(AuditAction::RoleUnassigned)
                .on(&user.id)
                .with(json!({ "role": role.name })),
            now,
        )
        .await;
        Ok(())
    }
}
