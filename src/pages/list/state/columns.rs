//! The columns a click on a header sorts by.

/// A column the browser can sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Id,
    Name,
    GrantType,
    ClientIdentifier,
    ServiceId,
    RedirectUris,
    Created,
    Updated,
}

impl Column {
    pub const ALL: [Column; 8] = [
        Column::Id,
        Column::Name,
        Column::GrantType,
        Column::ClientIdentifier,
        Column::ServiceId,
        Column::RedirectUris,
        Column::Created,
        Column::Updated,
    ];

    /// Its name in the URL (`sort=name`).
    pub fn key(self) -> &'static str {
        match self {
            Column::Id => "id",
            Column::Name => "name",
            Column::GrantType => "grant",
            Column::ClientIdentifier => "client",
            Column::ServiceId => "service",
            Column::RedirectUris => "redirects",
            Column::Created => "created",
            Column::Updated => "updated",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Column::Id => "ID",
            Column::Name => "Name",
            Column::GrantType => "Grant type",
            Column::ClientIdentifier => "Client identifier",
            Column::ServiceId => "Service",
            Column::RedirectUris => "Redirects",
            Column::Created => "Created",
            Column::Updated => "Updated",
        }
    }

    pub fn from_key(key: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.key() == key)
    }
}

#[cfg(test)]
mod tests {
    use super::Column;

    #[test]
    fn every_column_is_found_by_its_key() {
        for c in Column::ALL {
            assert_eq!(Column::from_key(c.key()), Some(c));
        }
        assert_eq!(Column::from_key("nope"), None);
    }
}
