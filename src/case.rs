//! Lower-casing for search and sorting. Rust's `to_lowercase` brings Unicode's case tables,
//! ~7 kB of the brotli download; the browser has the same mapping built in
//! (`String.prototype.toLowerCase`), so the panel asks it for the text that is not ASCII and
//! lower-cases ASCII itself (most WHMCS data, and no trip into JavaScript).

/// `s` lower-cased by Unicode's default mapping.
pub fn lowercase(s: &str) -> String {
    if s.is_ascii() {
        s.to_ascii_lowercase()
    } else {
        unicode_lowercase(s)
    }
}

#[cfg(target_arch = "wasm32")]
fn unicode_lowercase(s: &str) -> String {
    js_sys::JsString::from(s).to_lower_case().into()
}

/// Outside a browser (unit tests, tools) the standard library's tables do it.
#[cfg(not(target_arch = "wasm32"))]
fn unicode_lowercase(s: &str) -> String {
    s.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::lowercase;

    #[test]
    fn ascii_and_the_rest_are_lower_cased() {
        assert_eq!(lowercase("Nordlys DESIGN AS"), "nordlys design as");
        assert_eq!(lowercase("ØSTERGAARD Ärzte"), "østergaard ärzte");
        assert_eq!(lowercase(""), "");
    }
}
