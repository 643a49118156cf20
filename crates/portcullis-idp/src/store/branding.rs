//! Client branding rows (`client_branding`).

use super::Store;
use crate::branding::Branding;
use crate::error::Result;

#[derive(sqlx::FromRow)]
struct BrandingRow {
    display_name: Option<String>,
    logo_uri: Option<String>,
    accent_color: Option<String>,
}

impl Store {
    /// The branding of a client (empty when none is set).
    pub async fn client_branding(&self, client_id: &str) -> Result<Branding> {
        let row: Option<BrandingRow> = sqlx::query_as(
            "SELECT display_name, logo_uri, accent_color FROM client_branding WHERE client_id = $1",
        )
        .bind(client_id)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map_or_else(Branding::default, |r| Branding {
            display_name: r.display_name,
            logo_uri: r.logo_uri,
            accent_color: r.accent_color,
        }))
    }

    /// Replaces a client's branding (an empty one deletes the row).
    pub async fn set_client_branding(&self, client_id: &str, branding: &Branding) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        sqlx::query("DELETE FROM client_branding WHERE client_id = $1")
            .bind(client_id)
            .execute(&mut *tx)
            .await?;
        if !branding.is_empty() {
            sqlx::query(
                "INSERT INTO client_branding (client_id, display_name, logo_uri, accent_color) VALUES ($1, $2, $3, $4)",
            )
            .bind(client_id)
            .bind(&branding.display_name)
            .bind(&branding.logo_uri)
            .bind(&branding.accent_color)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
