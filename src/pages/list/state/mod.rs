//! The list's state, kept apart from its rendering so that it is tested natively and in
//! the browser: what the URL says to show, the loaded list with its search index, and each
//! row as it is shown.

pub mod columns;
pub mod filter;
pub mod loaded;
pub mod rows;
mod sort;
pub mod url;
