//! One page per file.

mod create;
mod edit;
mod findings;
mod jobs;
pub mod list;
mod login;
mod not_found;

pub use create::CreatePage;
pub use edit::EditPage;
pub use findings::FindingsPage;
pub use jobs::{JobPage, JobsPage};
pub use list::ListPage;
pub use login::LoginPage;
pub use not_found::NotFound;
