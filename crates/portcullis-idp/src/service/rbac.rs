//! Registering APIs, permissions and roles, and giving roles to users.

use super::Idp;
use crate::error::{IdpError, Result};
use crate::ids::new_id;
use crate::store::ApiRow;

impl Idp {
    /// Registers an API by its audience identifier, with its permissions (idempotent on
    /// permissions; the API itself must be new).
    pub async fn create_api(
        &self,
        identifier: &str,
        name: &str,
        permissions: &[&str],
        now: i64,
    ) -> Result<ApiRow> {
        let identifier = identifier.trim();
        if identifier.is_empty() || identifier.len() > 500 {
            return Err(IdpError::invalid(
                "identifier is required (at most 500 characters)",
            ));
        }
        let api = ApiRow {
            id: new_id("api")?,
            identifier: identifier.to_owned(),
            name: name.trim().to_owned(),
        };
        self.store().insert_api(&api, now).await?;
        for p in permissions {
            self.add_permission(&api.id, p).await?;
        }
        Ok(api)
    }

    /// Adds a permission to an API.
    pub async fn add_permission(&self, api_id: &str, permission: &str) -> Result<()> {
        let valid = !permission.is_empty()
            && permission.len() <= 200
            && permission
                .chars()
                .all(|c| c.is_ascii_graphic() && c != '"' && c != '\\');
        if !valid {
            return Err(IdpError::invalid(
                "permission must be 1 to 200 visible ASCII characters, no spaces or quotes",
            ));
        }
        self.store().insert_permission(api_id, permission).await
    }

    /// Creates a role granting `permissions` of the API `api_identifier`.
    pub async fn create_role(
        &self,
        name: &str,
        api_identifier: &str,
        permissions: &[&str],
        now: i64,
    ) -> Result<String> {
        let name = name.trim();
        if name.is_empty() || name.len() > 100 {
            return Err(IdpError::invalid(
                "role name is required (at most 100 characters)",
            ));
        }
        let api = self
            .store()
            .api_by_identifier(api_identifier)
            .await?
            .ok_or(IdpError::NotFound("API"))?;
        let id = new_id("rol")?;
        self.store().insert_role(&id, name, now).await?;
        for p in permissions {
            self.add_permission(&api.id, p).await?;
            self.store().grant_role_permission(&id, &api.id, p).await?;
        }
        Ok(id)
    }

    /// Gives the user with this email the named role.
    pub async fn assign_role(&self, email: &str, role: &str, now: i64) -> Result<()> {
        let email = crate::Email::parse(email)?;
        let user = self
            .store()
            .user_by_email(email.as_str())
            .await?
            .ok_or(IdpError::NotFound("user"))?;
        let role_id = self
            .store()
            .role_id(role)
            .await?
            .ok_or(IdpError::NotFound("role"))?;
        self.store().assign_role(&user.id, &role_id).await?;
        self.audit(
            "role.assigned",
            None,
            Some(&user.id),
            serde_json::json!({ "role": role }),
            now,
        )
        .await;
        Ok(())
    }

    /// Lets a machine client receive permissions of an API.
    pub async fn grant_client(
        &self,
        client_id: &str,
        api_identifier: &str,
        permissions: &[&str],
    ) -> Result<()> {
        let api = self
            .store()
            .api_by_identifier(api_identifier)
            .await?
            .ok_or(IdpError::NotFound("API"))?;
        for p in permissions {
            self.add_permission(&api.id, p).await?;
            self.store()
                .grant_client_permission(client_id, &api.id, p)
                .await?;
        }
        Ok(())
    }
}
