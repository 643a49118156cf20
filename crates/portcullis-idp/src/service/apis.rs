//! Registering APIs (audiences) and their permissions.

use serde_json::json;

use super::Idp;
use super::audit::{AuditAction, AuditEvent};
use crate::error::{IdpError, Result};
use crate::ids::new_id;
use crate::store::ApiRow;

/// Checks a permission name: 1 to 200 visible ASCII characters, no quotes or
/// backslashes (it goes into space-separated `scope` strings).
pub(crate) fn check_permission(permission: &str) -> Result<()> {
    let valid = !permission.is_empty()
        && permission.len() <= 200
        && permission
            .chars()
            .all(|c| c.is_ascii_graphic() && c != '"' && c != '\\');
    if valid {
        Ok(())
    } else {
        Err(IdpError::invalid(
            "permission must be 1 to 200 visible ASCII characters, no spaces or quotes",
        ))
    }
}

/// An optional description or display name: trimmed, at most `max` characters.
pub(crate) fn check_text(field: &str, text: &str, max: usize) -> Result<String> {
    let text = text.trim();
    if text.chars().count() > max || text.chars().any(char::is_control) {
        return Err(IdpError::invalid(format!(
            "{field} must be at most {max} characters, without control characters"
        )));
    }
    Ok(text.to_owned())
}

impl Idp {
    /// Registers an API by its audience identifier, with its permissions (idempotent on
    /// permissions; the API itself must be new, else [`IdpError::Conflict`]).
    pub async fn create_api(
        &self,
        identifier: &str,
        name: &str,
        permissions: &[&str],
        now: i64,
    ) -> Result<ApiRow> {
        let identifier = identifier.trim();
        let valid = !identifier.is_empty()
            && identifier.len() <= 500
            && !identifier
                .chars()
                .any(|c| c.is_whitespace() || c.is_control());
        if !valid {
            return Err(IdpError::invalid(
                "identifier is required (at most 500 characters, no spaces)",
            ));
        }
        for p in permissions {
            check_permission(p)?;
        }
        let api = ApiRow {
            id: new_id("api")?,
            identifier: identifier.to_owned(),
            name: check_text("name", name, 200)?,
            created_at: now,
        };
        self.store().insert_api(&api).await?;
        for p in permissions {
            self.add_permission(&api.id, p).await?;
        }
        self.audit(
            AuditEvent::new(AuditAction::ApiCreated)
                .on(&api.id)
                .with(json!({ "identifier": api.identifier })),
            now,
        )
        .await;
        Ok(api)
    }

    /// The API with this id (`api_…`) or identifier.
    pub async fn find_api(&self, id_or_identifier: &str) -> Result<ApiRow> {
        self.store()
            .api(id_or_identifier)
            .await?
            .ok_or(IdpError::NotFound("API"))
    }

    /// Deletes an API, its permissions and every grant of them (roles, clients,
    /// organization roles), and revokes the sessions whose tokens are for it. The
    /// issuer's default audience cannot be deleted ([`IdpError::Conflict`]).
    pub async fn delete_api(&self, id_or_identifier: &str, now: i64) -> Result<()> {
        let api = self.find_api(id_or_identifier).await?;
        if self.config().default_audience.as_deref() == Some(api.identifier.as_str()) {
            return Err(IdpError::conflict(
                "this API is the default audience of the issuer; change default_audience first",
            ));
        }
        if !self.store().delete_api(&api.id).await? {
            return Err(IdpError::NotFound("API"));
        }
        // Sessions for it would keep refreshing tokens for an audience that is gone.
        let revoked = self
            .store()
            .revoke_sessions_for_audience(&api.identifier, now)
            .await?;
        self.audit(
            AuditEvent::new(AuditAction::ApiDeleted)
                .on(&api.id)
                .with(json!({ "identifier": api.identifier, "sessions_revoked": revoked })),
            now,
        )
        .await;
        Ok(())
    }

    /// Adds a permission to an API (idempotent).
    pub async fn add_permission(&self, api_id: &str, permission: &str) -> Result<()> {
        check_permission(permission)?;
        self.store().insert_permission(api_id, permission).await
    }

    /// Adds a new permission to an API; [`IdpError::Conflict`] if it has it already.
    pub async fn create_permission(
        &self,
        api: &str,
        permission: &str,
        description: Option<&str>,
        now: i64,
    ) -> Result<()> {
        let api = self.find_api(api).await?;
        check_permission(permission)?;
        let description = description
            .map(|d| check_text("description", d, 500))
            .transpose()?
            .filter(|d| !d.is_empty());
        let added = self
            .store()
            .add_permission(&api.id, permission, description.as_deref())
            .await?;
        if !added {
            return Err(IdpError::conflict(format!(
                "the API already has the permission {permission}"
            )));
        }
        self.audit(
            AuditEvent::new(AuditAction::ApiPermissionAdded)
                .on(&api.id)
                .with(json!({ "permission": permission })),
            now,
        )
        .await;
        Ok(())
    }

    /// Removes a permission from an API, and from every role and client granting it.
    pub async fn remove_permission(&self, api: &str, permission: &str, now: i64) -> Result<()> {
        let api = self.find_api(api).await?;
        if !self.store().delete_permission(&api.id, permission).await? {
            return Err(IdpError::NotFound("permission"));
        }
        self.audit(
            AuditEvent::new(AuditAction::ApiPermissionRemoved)
                .on(&api.id)
                .with(json!({ "permission": permission })),
            now,
        )
        .await;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permission_names_and_texts() {
        for good in ["read:messages", "a", "admin:write", &"p".repeat(200)] {
            assert!(check_permission(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "has space",
            "quo\"te",
            "back\\slash",
            "é",
            &"p".repeat(201),
        ] {
            assert!(check_permission(bad).is_err(), "{bad}");
        }
        assert_eq!(check_text("name", "  Hello ", 10).unwrap(), "Hello");
        assert!(check_text("name", "a\nb", 10).is_err());
        assert!(check_text("name", &"x".repeat(11), 10).is_err());
    }
}
