//! Serde helpers for the loose shapes real WHMCS installations send: ids as integers or
//! strings, nulls where strings are expected, lists as arrays or space-joined strings.

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serializer};
use serde_json::Value;

/// An id that may be `5` or `"5"`.
pub fn id<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    let v = Value::deserialize(d)?;
    value_to_u64(&v).ok_or_else(|| de::Error::custom(format!("expected an id, got {v}")))
}

/// An optional id: `null`, `""` and absent mean 0 (WHMCS's "none").
pub fn id_or_zero<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    let v = Value::deserialize(d)?;
    match &v {
        Value::Null => Ok(0),
        Value::String(s) if s.trim().is_empty() => Ok(0),
        _ => value_to_u64(&v).ok_or_else(|| de::Error::custom(format!("expected an id, got {v}"))),
    }
}

fn value_to_u64(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A string that may be `null` or a number.
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Null => String::new(),
        Value::String(s) => s,
        other => other.to_string(),
    })
}

/// An optional string: `null` (and absent) is `None`.
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Null => None,
        Value::String(s) => Some(s),
        other => Some(other.to_string()),
    })
}

/// A list sent as an array, as a space-joined string, or as `null`.
pub fn words<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Null => Vec::new(),
        Value::String(s) => s.split_whitespace().map(str::to_owned).collect(),
        Value::Array(items) => items
            .into_iter()
            .filter_map(|v| match v {
                Value::String(s) if !s.trim().is_empty() => Some(s),
                _ => None,
            })
            .collect(),
        other => return Err(de::Error::custom(format!("expected a list, got {other}"))),
    })
}

/// Writes a list the way WHMCS does for `scope` and `grantTypes`: joined by spaces.
pub fn join_words<S: Serializer>(items: &[String], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&items.join(" "))
}
