use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::names;
use crate::Action;
use crate::messages;
use crate::params::Params;
use crate::validation::{Field, FieldErrors};

/// A column of `tbloauthserver_clients` that `ListOAuthCredentials` can sort on. WHMCS takes
/// the database column name (not the response field name); anything else is refused here,
/// so it can never reach SQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortField {
    Id,
    Identifier,
    Name,
    Description,
    GrantTypes,
    ServiceId,
    LogoUri,
    RsaKeyPairId,
    CreatedAt,
    UpdatedAt,
}

impl SortField {
    pub const ALL: [SortField; 10] = [
        SortField::Id,
        SortField::Identifier,
        SortField::Name,
        SortField::Description,
        SortField::GrantTypes,
        SortField::ServiceId,
        SortField::LogoUri,
        SortField::RsaKeyPairId,
        SortField::CreatedAt,
        SortField::UpdatedAt,
    ];

    /// The column name, as WHMCS expects it in `sortField`.
    pub fn column(self) -> &'static str {
        match self {
            SortField::Id => "id",
            SortField::Identifier => "identifier",
            SortField::Name => "name",
            SortField::Description => "description",
            SortField::GrantTypes => "grant_types",
            SortField::ServiceId => "service_id",
            SortField::LogoUri => "logo_uri",
            SortField::RsaKeyPairId => "rsa_key_pair_id",
            SortField::CreatedAt => "created_at",
            SortField::UpdatedAt => "updated_at",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            SortField::Id => "ID",
            SortField::Identifier => "Client identifier",
            SortField::Name => "Name",
            SortField::Description => "Description",
            SortField::GrantTypes => "Grant type",
            SortField::ServiceId => "Service ID",
            SortField::LogoUri => "Logo URI",
            SortField::RsaKeyPairId => "RSA key pair",
            SortField::CreatedAt => "Created",
            SortField::UpdatedAt => "Updated",
        }
    }
}

impl FromStr for SortField {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        SortField::ALL
            .into_iter()
            .find(|f| f.column() == s)
            .ok_or(())
    }
}

impl fmt::Display for SortField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.column())
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    #[default]
    Asc,
    Desc,
}

impl SortOrder {
    pub fn as_str(self) -> &'static str {
        match self {
            SortOrder::Asc => "asc",
            SortOrder::Desc => "desc",
        }
    }

    pub fn reversed(self) -> SortOrder {
        match self {
            SortOrder::Asc => SortOrder::Desc,
            SortOrder::Desc => SortOrder::Asc,
        }
    }
}

impl FromStr for SortOrder {
    type Err = ();
    /// Case-insensitive, as WHMCS reads it.
    fn from_str(s: &str) -> Result<Self, ()> {
        match s.to_ascii_lowercase().as_str() {
            "asc" => Ok(SortOrder::Asc),
            "desc" => Ok(SortOrder::Desc),
            _ => Err(()),
        }
    }
}

/// `ListOAuthCredentials`: the only server-side controls WHMCS has. No offset, no search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    /// Substring of the stored grant types (`LIKE '%x%'`); empty means any.
    pub grant_type: String,
    pub sort: Option<(SortField, SortOrder)>,
    /// 0 means all rows.
    pub limit: u32,
}

impl ListQuery {
    pub fn to_params(&self) -> Params {
        let mut p = Params::new();
        p.push(names::ACTION, Action::List.name());
        if !self.grant_type.is_empty() {
            p.push(names::GRANT_TYPE, self.grant_type.as_str());
        }
        if let Some((field, order)) = self.sort {
            p.push(names::SORT_FIELD, field.column())
                .push(names::SORT_ORDER, order.as_str());
        }
        if self.limit > 0 {
            p.push(names::LIMIT, self.limit.to_string());
        }
        p
    }

    pub fn from_params(params: &Params) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let grant_type = params.get(names::GRANT_TYPE).unwrap_or("").to_owned();

        let field_raw = params.get(names::SORT_FIELD).unwrap_or("").trim();
        let sort = if field_raw.is_empty() {
            None
        } else {
            let field = field_raw.parse::<SortField>().ok();
            if field.is_none() {
                errors.push(Field::SortField, messages::sort_field_invalid(field_raw));
            }
            let order = params
                .get(names::SORT_ORDER)
                .and_then(|o| o.trim().parse::<SortOrder>().ok());
            if order.is_none() {
                errors.push(Field::SortOrder, messages::SORT_ORDER_INVALID);
            }
            field.zip(order)
        };

        let limit_raw = params.get(names::LIMIT).unwrap_or("").trim();
        let limit = if limit_raw.is_empty() {
            0
        } else {
            limit_raw.parse::<u32>().unwrap_or_else(|_| {
                errors.push(Field::Limit, messages::limit_invalid(limit_raw));
                0
            })
        };

        errors.into_result(ListQuery {
            grant_type,
            sort,
            limit,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &str) -> Result<ListQuery, FieldErrors> {
        ListQuery::from_params(&Params::parse(body))
    }

    #[test]
    fn reads_every_parameter() {
        let q = parse("grantType=single&sortField=created_at&sortOrder=DESC&limit=25").unwrap();
        assert_eq!(q.grant_type, "single");
        assert_eq!(q.sort, Some((SortField::CreatedAt, SortOrder::Desc)));
        assert_eq!(q.limit, 25);
        assert_eq!(parse("").unwrap(), ListQuery::default());
        assert_eq!(parse("limit=").unwrap().limit, 0);
    }

    #[test]
    fn refuses_what_is_not_a_column() {
        for bad in ["credentialId", "id;DROP TABLE x", "ID", "secret"] {
            let body = format!(
                "sortField={}&sortOrder=asc",
                crate::params::encode_component(bad)
            );
            assert_eq!(
                parse(&body).unwrap_err().first_message(),
                messages::sort_field_invalid(bad)
            );
        }
    }

    #[test]
    fn a_sort_field_needs_a_valid_order() {
        for body in [
            "sortField=id",
            "sortField=id&sortOrder=up",
            "sortField=id&sortOrder=",
        ] {
            assert_eq!(
                parse(body).unwrap_err().first_message(),
                messages::SORT_ORDER_INVALID,
                "{body}"
            );
        }
        // An order without a field is ignored, as WHMCS does.
        assert_eq!(parse("sortOrder=sideways").unwrap().sort, None);
    }

    #[test]
    fn limit_is_a_whole_number() {
        assert_eq!(
            parse("limit=-1").unwrap_err().first_message(),
            messages::limit_invalid("-1")
        );
        assert_eq!(
            parse("limit=ten").unwrap_err().first_message(),
            messages::limit_invalid("ten")
        );
    }

    #[test]
    fn every_column_round_trips() {
        for f in SortField::ALL {
            assert_eq!(f.column().parse(), Ok(f));
            for o in [SortOrder::Asc, SortOrder::Desc] {
                let q = ListQuery {
                    grant_type: String::new(),
                    sort: Some((f, o)),
                    limit: 3,
                };
                assert_eq!(parse(&q.to_params().encode()).unwrap(), q);
            }
        }
    }
}
