//! WHMCS's `createdAt` / `updatedAt`: PHP's `jS F Y g:i:sa`, e.g. `18th November 2016 9:32:24am`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::PrimitiveDateTime;
use time::macros::format_description;

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
        parse_php(raw)
            .or_else(|| parse_mysql(raw))
            .map(Timestamp::At)
            .unwrap_or_else(|| Timestamp::Unparsed(raw.to_owned()))
    }

    pub fn at(&self) -> Option<PrimitiveDateTime> {
        match self {
            Timestamp::At(t) => Some(*t),
            Timestamp::Unparsed(_) => None,
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

fn parse_php(raw: &str) -> Option<PrimitiveDateTime> {
    let raw = raw.trim();
    let (day, rest) = raw.split_once(' ')?;
    let digits = day.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &day[digits.len()..];
    if suffix != ordinal_suffix(digits.parse().ok()?) {
        return None;
    }
    let format = format_description!(
        "[day padding:none] [month repr:long] [year] [hour repr:12 padding:none]:[minute]:[second][period case:lower]"
    );
    PrimitiveDateTime::parse(&format!("{digits} {rest}"), format).ok()
}

fn parse_mysql(raw: &str) -> Option<PrimitiveDateTime> {
    let format = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    PrimitiveDateTime::parse(raw.trim(), format).ok()
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
