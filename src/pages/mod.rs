//! One page per file.

mod list;
mod login;
mod not_found;

pub use list::ListPage;
pub use login::LoginPage;
pub use not_found::NotFound;
