//! Lengths that fit WHMCS's `tbloauthserver_clients` columns, so a value is refused in the
//! browser instead of being cut or rejected by the database.

/// `name varchar(255)`.
pub const NAME_MAX: usize = 255;
/// `description text`, kept to a size a person can read in a list.
pub const DESCRIPTION_MAX: usize = 1000;
/// `logo_uri varchar(255)`.
pub const LOGO_URI_MAX: usize = 255;
/// `redirect_uri varchar(2000)`: all redirect URIs joined by spaces.
pub const REDIRECT_URIS_MAX: usize = 2000;
/// `scope varchar(4000)`: all scopes joined by spaces.
pub const SCOPES_MAX: usize = 4000;
