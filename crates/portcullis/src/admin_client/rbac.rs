//! APIs, their permissions, roles, and who has them.

use reqwest::Method;
use serde_json::json;

use super::{AdminClient, AdminError, ApiView, Page, PermissionView, RoleView, paged, segment};

impl AdminClient {
    /// One page of registered APIs, by identifier.
    pub async fn apis(&self, after: Option<&str>, limit: u32) -> Result<Page<ApiView>, AdminError> {
        self.call(Method::GET, &paged("apis", after, limit), None)
            .await
    }

    /// The API with this id (`api_…`) or identifier.
    pub async fn api(&self, id_or_identifier: &str) -> Result<ApiView, AdminError> {
        self.call(
            Method::GET,
            &format!("apis/{}", segment(id_or_identifier)),
            None,
        )
        .await
    }

    /// Registers an API (a resource server) by its audience identifier, with its
    /// permissions.
    ///
    /// ```no_run
    /// # async fn demo(admin: portcullis::AdminClient) -> Result<(), portcullis::AdminError> {
    /// let api = admin.create_api("https://orders.example.com", "Orders", &["read:orders"]).await?;
    /// admin.create_role("clerk", Some("Reads orders")).await?;
    /// admin.grant_role_permission("clerk", &api.identifier, "read:orders").await?;
    /// admin.assign_role("ada@example.com", "clerk").await?; // her next tokens carry read:orders
    /// # Ok(()) }
    /// ```
    pub async fn create_api(
        &self,
        identifier: &str,
        name: &str,
        permissions: &[&str],
    ) -> Result<ApiView, AdminError> {
        let body = json!({ "identifier": identifier, "name": name, "permissions": permissions });
        self.call(Method::POST, "apis", Some(body)).await
    }

    /// Deletes an API with its permissions and every grant of them.
    pub async fn delete_api(&self, id_or_identifier: &str) -> Result<(), AdminError> {
        self.call_unit(
            Method::DELETE,
            &format!("apis/{}", segment(id_or_identifier)),
            None,
        )
        .await
    }

    /// One page of an API's permissions, by name.
    pub async fn permissions(
        &self,
        api: &str,
        after: Option<&str>,
        limit: u32,
    ) -> Result<Page<PermissionView>, AdminError> {
        let path = paged(&format!("apis/{}/permissions", segment(api)), after, limit);
        self.call(Method::GET, &path, None).await
    }

    /// Adds a permission to an API.
    pub async fn add_permission(
        &self,
        api: &str,
        name: &str,
        description: Option<&str>,
    ) -> Result<PermissionView, AdminError> {
        let path = format!("apis/{}/permissions", segment(api));
        let body = json!({ "name": name, "description": description });
        self.call(Method::POST, &path, Some(body)).await
    }

    /// Removes a permission from an API and from every role and client granting it.
    pub async fn remove_permission(&self, api: &str, name: &str) -> Result<(), AdminError> {
        let path = format!("apis/{}/permissions/{}", segment(api), segment(name));
        self.call_unit(Method::DELETE, &path, None).await
    }

    /// One page of roles, by name.
    pub async fn roles(
        &self,
        after: Option<&str>,
        limit: u32,
    ) -> Result<Page<RoleView>, AdminError> {
        self.call(Method::GET, &paged("roles", after, limit), None)
            .await
    }

    /// The role with this id (`rol_…`) or name, with what it grants.
    pub async fn role(&self, id_or_name: &str) -> Result<RoleView, AdminError> {
        self.call(Method::GET, &format!("roles/{}", segment(id_or_name)), None)
            .await
    }

    /// Creates a role that grants nothing yet.
    pub async fn create_role(
        &self,
        name: &str,
        description: Option<&str>,
    ) -> Result<RoleView, AdminError> {
        let body = json!({ "name": name, "description": description });
        self.call(Method::POST, "roles", Some(body)).await
    }

    /// Deletes a role.
    pub async fn delete_role(&self, role: &str) -> Result<(), AdminError> {
        self.call_unit(Method::DELETE, &format!("roles/{}", segment(role)), None)
            .await
    }

    /// Lets a role grant an existing permission of an API (id or identifier).
    pub async fn grant_role_permission(
        &self,
        role: &str,
        api: &str,
        permission: &str,
    ) -> Result<RoleView, AdminError> {
        self.call(Method::PUT, &grant_path(role, api, permission), None)
            .await
    }

    /// Stops a role granting a permission of an API.
    pub async fn revoke_role_permission(
        &self,
        role: &str,
        api: &str,
        permission: &str,
    ) -> Result<(), AdminError> {
        self.call_unit(Method::DELETE, &grant_path(role, api, permission), None)
            .await
    }

    /// Gives a user (id or email) a role (id or name).
    pub async fn assign_role(&self, user: &str, role: &str) -> Result<(), AdminError> {
        let path = format!("users/{}/roles/{}", segment(user), segment(role));
        self.call_unit(Method::PUT, &path, None).await
    }

    /// Takes a role from a user.
    pub async fn unassign_role(&self, user: &str, role: &str) -> Result<(), AdminError> {
        let path = format!("users/{}/roles/{}", segment(user), segment(role));
        self.call_unit(Method::DELETE, &path, None).await
    }
}

fn grant_path(role: &str, api: &str, permission: &str) -> String {
    format!(
        "roles/{}/permissions/{}/{}",
        segment(role),
        segment(api),
        segment(permission)
    )
}
