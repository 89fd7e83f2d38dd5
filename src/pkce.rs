//! The random `state` and `nonce` of "Try sign-in", by the browser's own crypto
//! (`getRandomValues`) and base64 (`btoa`). No PKCE: WHMCS ignores it (contract point 21).

use leptos::prelude::window;

/// `bytes` random bytes from the browser's CSPRNG, base64url-encoded.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    window()
        .crypto()
        .and_then(|c| c.get_random_values_with_u8_array(&mut buf))
        .expect("crypto.getRandomValues");
    base64url(&buf)
}

/// base64url without padding (RFC 7636 appendix A): `btoa` of the bytes as a byte string,
/// with its two URL-unsafe characters swapped.
pub fn base64url(bytes: &[u8]) -> String {
    let byte_string: String = bytes.iter().copied().map(char::from).collect();
    let standard = window()
        .btoa(&byte_string)
        .expect("btoa encodes any byte string");
    standard
        .trim_end_matches('=')
        .chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect()
}
