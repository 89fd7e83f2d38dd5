//! Client identifiers and secrets, from the operating system's CSPRNG, in WHMCS's formats.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).expect("the operating system's random source works");
    buf
}

/// WHMCS's identifier prefix: the company name with spaces as `-`, only `[0-9A-Za-z-]`,
/// cut to 16 characters, upper-cased.
pub fn identifier_prefix(company: &str) -> String {
    company
        .chars()
        .map(|c| if c == ' ' { '-' } else { c })
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(16)
        .collect::<String>()
        .to_ascii_uppercase()
}

/// `PREFIX.` then 32 hex characters (16 random bytes), as newer releases generate.
pub fn client_identifier(company: &str) -> String {
    let random: String = random_bytes::<16>()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{}.{random}", identifier_prefix(company))
}

/// Base64 of 64 random bytes: 88 characters that include `+`, `/` and `=`.
pub fn client_secret() -> String {
    STANDARD.encode(random_bytes::<64>())
}

/// An RSA key's `kid`: 64 hex characters, as WHMCS's (contract point 23).
pub fn key_id() -> String {
    access_token()
}

/// An opaque bearer token.
pub fn access_token() -> String {
    random_bytes::<32>()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_follows_whmcs() {
        assert_eq!(identifier_prefix("Company Name"), "COMPANY-NAME");
        assert_eq!(
            identifier_prefix("Acme Hosting, Inc. & Co"),
            "ACME-HOSTING-INC"
        );
        assert_eq!(identifier_prefix("Ünïcode Hosting"), "NCODE-HOSTING");
    }

    #[test]
    fn identifiers_and_secrets_have_whmcs_shapes() {
        let id = client_identifier("Acme Hosting");
        let (prefix, random) = id.split_once('.').unwrap();
        assert_eq!(prefix, "ACME-HOSTING");
        assert_eq!(random.len(), 32);
        assert!(random.chars().all(|c| c.is_ascii_hexdigit()));
        let secret = client_secret();
        assert_eq!(secret.len(), 88);
        assert_eq!(STANDARD.decode(&secret).unwrap().len(), 64);
        assert_ne!(client_secret(), secret);
        assert_ne!(client_identifier("Acme Hosting"), id);
    }
}
