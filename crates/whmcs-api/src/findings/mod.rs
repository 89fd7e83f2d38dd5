//! What is wrong with credentials across an installation: the kinds of finding, what WHMCS
//! does about each (from `docs/whmcs-api-contract.md`), how to fix it, and one plain rule
//! per kind. The panel, the gateway and any command-line tool judge with these, so they
//! give the same answers.

mod kind;
mod rules;
mod survey;

pub use kind::{FindingKind, Findings, Severity};
pub use rules::*;
pub use survey::{Survey, Tally};

#[cfg(test)]
mod tests;
