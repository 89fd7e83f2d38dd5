//! WHMCS's `createdAt` / `updatedAt`: PHP's `jS F Y g:i:sa`, e.g. `18th November 2016 9:32:24am`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::{Date, Month, PrimitiveDateTime, Time};

/// A timestamp as WHMCS sends it. Text that is not a date (an installation with a patched
/// format, say) is kept as it came rather than failing the whole response; it sorts last.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Timestamp {
    At(PrimitiveDateTime),
    Unparsed(String),
}

impl Timestamp {
    /// Reads WHMCS's format, and the MySQL form `2016-11-18 09:32:24` some installations send.
    pub fn parse(raw: &str) -> Timestamp {
        parse_mysql(raw)
            .or_else(|| parse_php(raw))
            .map(Timestamp::At)
            .unwrap_or_else(|| Timestamp::Unparsed(raw.to_owned()))
    }

    pub fn at(&self) -> Option<PrimitiveDateTime> {
        match self {
            Timestamp::At(t) => Some(*t),
            Timestamp::Unparsed(_) => None,
        }
    }

    /// `2026-11-24 22:55`: sixteen characters for a dense list (WHMCS's own form, from
    /// `Display`, is kept for the hover text). An unreadable value is shown as sent.
    pub fn compact(&self) -> String {
        match self {
            Timestamp::At(t) => format!(
                "{}-{:02}-{:02} {:02}:{:02}",
                t.year(),
                u8::from(t.month()),
                t.day(),
                t.hour(),
                t.minute()
            ),
            Timestamp::Unparsed(raw) => raw.clone(),
        }
    }
}

impl From<PrimitiveDateTime> for Timestamp {
    fn from(t: PrimitiveDateTime) -> Self {
        Timestamp::At(t)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Timestamp::At(t) => {
                let day = t.day();
                let (hour, period) = match t.hour() {
                    0 => (12, "am"),
                    h @ 1..=11 => (h, "am"),
                    12 => (12, "pm"),
                    h => (h - 12, "pm"),
                };
                write!(
                    f,
                    "{day}{} {} {} {hour}:{:02}:{:02}{period}",
                    ordinal_suffix(day),
                    t.month(),
                    t.year(),
                    t.minute(),
                    t.second()
                )
            }
            Timestamp::Unparsed(raw) => f.write_str(raw),
        }
    }
}

/// PHP's `S`: st, nd, rd, th (11th, 12th, 13th).
fn ordinal_suffix(day: u8) -> &'static str {
    match (day % 10, day % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}

// Both forms are read by hand rather than with `time`'s format-description parser: a list
// of 50,000 credentials has 100,000 timestamps, and the parser's code is a sizeable part of
// the panel's WebAssembly. `time` still checks the calendar (30th February is no date).

/// `18th November 2016 9:32:24am`
fn parse_php(raw: &str) -> Option<PrimitiveDateTime> {
    let mut words = raw.trim().split(' ');
    let (day, month, year, clock) = (words.next()?, words.next()?, words.next()?, words.next()?);
    if words.next().is_some() {
        return None;
    }
    let digits = day.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &day[digits.len()..];
    let day: u8 = number(digits)?;
    if suffix != ordinal_suffix(day) {
        return None;
    }
    let month = MONTHS.iter().position(|m| *m == month)? as u8 + 1;
    let (clock, pm) = if let Some(c) = clock.strip_suffix("am") {
        (c, false)
    } else {
        (clock.strip_suffix("pm")?, true)
    };
    let mut hms = clock.split(':');
    let (hour, minute, second) = (hms.next()?, hms.next()?, hms.next()?);
    if hms.next().is_some() || minute.len() != 2 || second.len() != 2 {
        return None;
    }
    let hour: u8 = number(hour)?;
    if !(1..=12).contains(&hour) {
        return None;
    }
    let hour = hour % 12 + if pm { 12 } else { 0 };
    date_time(
        number(year)?,
        month,
        day,
        hour,
        number(minute)?,
        number(second)?,
    )
}

/// `2016-11-18 09:32:24`
fn parse_mysql(raw: &str) -> Option<PrimitiveDateTime> {
    let b = raw.trim().as_bytes();
    if b.len() != 19
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b' '
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let field = |r: std::ops::Range<usize>| std::str::from_utf8(&b[r]).ok().and_then(number::<u16>);
    let small = |r| field(r).and_then(|v| u8::try_from(v).ok());
    date_time(
        field(0..4)?.into(),
        small(5..7)?,
        small(8..10)?,
        small(11..13)?,
        small(14..16)?,
        small(17..19)?,
    )
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Digits only (no sign, no spaces), at most 4 of them.
fn number<T: std::str::FromStr>(s: &str) -> Option<T> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn date_time(
    year: i32,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
) -> Option<PrimitiveDateTime> {
    let date = Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()?;
    let time = Time::from_hms(hour, minute, second).ok()?;
    Some(PrimitiveDateTime::new(date, time))
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Option::<String>::deserialize(d)?.unwrap_or_default();
        Ok(Timestamp::parse(&raw))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn compact_form_is_iso_like_to_the_minute() {
        assert_eq!(
            Timestamp::parse("24th November 2026 10:55:08pm").compact(),
            "2026-11-24 22:55"
        );
        assert_eq!(
            Timestamp::parse("2016-01-02 03:04:05").compact(),
            "2016-01-02 03:04"
        );
        assert_eq!(Timestamp::parse("yesterday").compact(), "yesterday");
    }

    #[test]
    fn reads_the_documented_example() {
        assert_eq!(
            Timestamp::parse("18th November 2016 9:32:24am"),
            Timestamp::At(datetime!(2016-11-18 9:32:24))
        );
    }

    #[test]
    fn writes_php_format() {
        let cases = [
            (
                datetime!(2016-11-18 9:32:24),
                "18th November 2016 9:32:24am",
            ),
            (datetime!(2024-01-01 0:05:09), "1st January 2024 12:05:09am"),
            (datetime!(2024-03-22 12:00:00), "22nd March 2024 12:00:00pm"),
            (datetime!(2024-05-23 23:59:59), "23rd May 2024 11:59:59pm"),
            (datetime!(2024-06-11 13:00:00), "11th June 2024 1:00:00pm"),
            (datetime!(2024-06-12 13:00:00), "12th June 2024 1:00:00pm"),
            (datetime!(2024-06-13 13:00:00), "13th June 2024 1:00:00pm"),
            (datetime!(2024-06-21 13:00:00), "21st June 2024 1:00:00pm"),
        ];
        for (t, text) in cases {
            assert_eq!(Timestamp::At(t).to_string(), text);
            assert_eq!(Timestamp::parse(text), Timestamp::At(t), "{text}");
        }
    }

    #[test]
    fn reads_mysql_form_and_keeps_garbage() {
        assert_eq!(
            Timestamp::parse("2016-11-18 09:32:24"),
            Timestamp::At(datetime!(2016-11-18 9:32:24))
        );
        assert_eq!(
            Timestamp::parse("yesterday"),
            Timestamp::Unparsed("yesterday".into())
        );
        assert_eq!(
            Timestamp::parse("18st November 2016 9:32:24am"),
            Timestamp::Unparsed("18st November 2016 9:32:24am".into())
        );
        assert_eq!(
            Timestamp::parse("31st February 2016 9:32:24am"),
            Timestamp::Unparsed("31st February 2016 9:32:24am".into())
        );
        for not_a_date in [
            "2016-02-30 09:32:24",
            "2016-11-18 24:00:00",
            "2016-11-18T09:32:24",
            "2016-11-18 9:32:24",
            "+016-11-18 09:32:24",
            "18th November 2016 0:32:24am",
            "18th November 2016 13:32:24pm",
            "18th November 2016 9:32am",
            "18th November 2016 9:3:24am",
            "18th Nov 2016 9:32:24am",
            "18th November 2016 9:32:24",
            "18th November 2016 9:32:24am extra",
        ] {
            assert_eq!(
                Timestamp::parse(not_a_date),
                Timestamp::Unparsed(not_a_date.into()),
                "{not_a_date}"
            );
        }
    }

    #[test]
    fn unparsed_sorts_after_dates() {
        let mut v = [
            Timestamp::parse("x"),
            Timestamp::parse("2nd January 2020 1:00:00am"),
            Timestamp::parse("1st January 2020 1:00:00am"),
        ];
        v.sort();
        assert_eq!(v[0].to_string(), "1st January 2020 1:00:00am");
        assert_eq!(v[2].to_string(), "x");
    }

    #[test]
    fn null_decodes_as_unparsed_empty() {
        let t: Timestamp = serde_json::from_str("null").unwrap();
        assert_eq!(t, Timestamp::Unparsed(String::new()));
    }
}
