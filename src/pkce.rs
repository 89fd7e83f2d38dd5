//! The random values and the PKCE S256 challenge of "Try sign-in", by the browser's own
//! crypto (`getRandomValues`, `SubtleCrypto.digest`) and base64 (`btoa`).

use leptos::prelude::window;
use wasm_bindgen_futures::JsFuture;

/// `bytes` random bytes from the browser's CSPRNG, base64url-encoded.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    window()
        .crypto()
        .and_then(|c| c.get_random_values_with_u8_array(&mut buf))
        .expect("crypto.getRandomValues");
    base64url(&buf)
}

/// The PKCE S256 challenge for `verifier` (RFC 7636 §4.2); `None` where the browser offers
/// no SHA-256 (WebCrypto needs https or localhost).
pub async fn challenge(verifier: &str) -> Option<String> {
    let subtle = window().crypto().ok()?.subtle();
    let promise = subtle
        .digest_with_str_and_u8_array("SHA-256", verifier.as_bytes())
        .ok()?;
    let digest = JsFuture::from(promise).await.ok()?;
    Some(base64url(&js_sys::Uint8Array::new(&digest).to_vec()))
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
