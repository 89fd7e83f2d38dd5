//! A WHMCS-compatible `api.php` for the OAuth credential commands (issue: the sandbox).
