//! Today's date, by the browser's clock (UTC): the findings call a credential unchanged for
//! a year stale.

/// The Julian day of 1 January 1970.
const UNIX_EPOCH_JULIAN_DAY: i64 = 2_440_588;

pub fn today() -> time::Date {
    #[cfg(target_arch = "wasm32")]
    let millis = js_sys::Date::now();
    #[cfg(not(target_arch = "wasm32"))]
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_millis() as f64);
    let days = (millis / 86_400_000.0).floor() as i64;
    time::Date::from_julian_day((UNIX_EPOCH_JULIAN_DAY + days) as i32).unwrap_or(time::Date::MIN)
}

#[cfg(test)]
mod tests {
    #[test]
    fn today_is_a_day_of_this_century() {
        let today = super::today();
        assert!((2026..2100).contains(&today.year()), "{today}");
    }
}
