//! Text shaping for search and display.
//!
//! Lower-casing for search and sorting: Rust's `to_lowercase` brings Unicode's case tables,
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

/// `s` shortened in the middle to `head` + `…` + `tail` characters when longer: a client
/// identifier is told apart by its installation prefix and its last characters.
pub fn middle_ellipsis(s: &str, head: usize, tail: usize) -> String {
    let count = s.chars().count();
    if count <= head + tail + 1 {
        return s.to_owned();
    }
    let start: String = s.chars().take(head).collect();
    let end: String = s.chars().skip(count - tail).collect();
    format!("{start}…{end}")
}

/// The day of a time (`2026-12-02`), for narrow date columns (the time goes in the hover
/// text); a time WHMCS sent in a form this panel cannot read is shown as sent.
pub fn day(at: &whmcs_api::Timestamp) -> String {
    let compact = at.compact();
    match compact.split_once(' ') {
        Some((day, _)) if matches!(at, whmcs_api::Timestamp::At(_)) => day.to_owned(),
        _ => compact,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn middle_ellipsis_keeps_prefix_and_tail() {
        assert_eq!(
            middle_ellipsis("WHMCS.0123456789abcdef0123456789abcdef", 12, 6),
            "WHMCS.012345…abcdef"
        );
        assert_eq!(middle_ellipsis("WHMCS.short", 12, 6), "WHMCS.short");
        assert_eq!(middle_ellipsis("ééééééééééééééééééééé", 2, 2), "éé…éé");
    }

    #[test]
    fn a_day_is_the_date_of_a_readable_time_and_the_text_of_any_other() {
        let read = whmcs_api::Timestamp::parse("24th November 2026 10:55:08pm");
        assert_eq!(day(&read), "2026-11-24");
        assert_eq!(day(&whmcs_api::Timestamp::parse("yesterday")), "yesterday");
    }

    #[test]
    fn ascii_and_the_rest_are_lower_cased() {
        assert_eq!(lowercase("Nordlys DESIGN AS"), "nordlys design as");
        assert_eq!(lowercase("ØSTERGAARD Ärzte"), "østergaard ärzte");
        assert_eq!(lowercase(""), "");
    }
}
