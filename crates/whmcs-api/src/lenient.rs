//! Serde helpers for the loose shapes real WHMCS installations send: ids as integers or
//! strings, nulls where strings are expected, lists as arrays or space-joined strings.

use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, SeqAccess, Visitor};
use serde::{Deserialize, Serializer};

// Each helper reads the JSON value with a visitor that takes whatever shape arrives: a list
// of 50,000 credentials has 750,000 such fields, and building a `serde_json::Value` for
// each first made decoding it in the browser twice as slow.

/// An id that may be `5` or `"5"`.
pub fn id<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    d.deserialize_any(IdVisitor {
        none_is_zero: false,
    })
}

/// An optional id: `null`, `""` and absent mean 0 (WHMCS's "none").
pub fn id_or_zero<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    d.deserialize_any(IdVisitor { none_is_zero: true })
}

struct IdVisitor {
    none_is_zero: bool,
}

impl<'de> Visitor<'de> for IdVisitor {
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an id")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<u64, E> {
        Ok(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<u64, E> {
        u64::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<u64, E> {
        let v = v.trim();
        if v.is_empty() && self.none_is_zero {
            return Ok(0);
        }
        v.parse()
            .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
    }

    fn visit_unit<E: de::Error>(self) -> Result<u64, E> {
        if self.none_is_zero {
            Ok(0)
        } else {
            Err(E::invalid_type(de::Unexpected::Unit, &self))
        }
    }

    fn visit_none<E: de::Error>(self) -> Result<u64, E> {
        self.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<u64, D::Error> {
        d.deserialize_any(self)
    }
}

/// A string that may be `null` or a number.
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(opt_string(d)?.unwrap_or_default())
}

/// An optional string: `null` (and absent) is `None`; a number or `true` becomes its text.
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(TextVisitor)
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text, a number or null")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        // serde_json's own float writer: `f64`'s `Display` would add 11 kB to the panel.
        Ok(serde_json::Number::from_f64(v).map(|n| n.to_string()))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }

    // A list or object where text belongs: dropped rather than failing the whole answer.
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Item::Other.skip_seq(seq).map(|_| None)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Item::Other.skip_map(map).map(|_| None)
    }
}

/// A list sent as an array, as a space-joined string, or as `null`. Empty and non-string
/// items of an array are dropped.
pub fn words<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    d.deserialize_any(WordsVisitor)
}

struct WordsVisitor;

impl<'de> Visitor<'de> for WordsVisitor {
    type Value = Vec<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list, a space-separated string or null")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(v.split_whitespace().map(str::to_owned).collect())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element::<Item>()? {
            if let Item::Text(s) = item
                && !s.trim().is_empty()
            {
                out.push(s);
            }
        }
        Ok(out)
    }
}

/// One element of a list: text is kept, anything else skipped.
enum Item {
    Text(String),
    Other,
}

impl Item {
    fn skip_seq<'de, A: SeqAccess<'de>>(self, mut seq: A) -> Result<Item, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(self)
    }

    fn skip_map<'de, A: de::MapAccess<'de>>(self, mut map: A) -> Result<Item, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(self)
    }
}

impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Item, D::Error> {
        struct ItemVisitor;
        impl<'de> Visitor<'de> for ItemVisitor {
            type Value = Item;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Item, E> {
                Ok(Item::Text(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Item, E> {
                Ok(Item::Text(v))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Item, E> {
                Ok(Item::Other)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Item, E> {
                Ok(Item::Other)
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Item, E> {
                Ok(Item::Other)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Item, E> {
                Ok(Item::Other)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Item, E> {
                Ok(Item::Other)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Item, A::Error> {
                Item::Other.skip_seq(seq)
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Item, A::Error> {
                Item::Other.skip_map(map)
            }
        }
        d.deserialize_any(ItemVisitor)
    }
}

/// Writes a list the way WHMCS does for `scope` and `grantTypes`: joined by spaces.
pub fn join_words<S: Serializer>(items: &[String], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&items.join(" "))
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Shapes {
        #[serde(default, deserialize_with = "super::id")]
        id: u64,
        #[serde(default, deserialize_with = "super::id_or_zero")]
        service: u64,
        #[serde(default, deserialize_with = "super::string")]
        name: String,
        #[serde(default, deserialize_with = "super::opt_string")]
        uuid: Option<String>,
        #[serde(default, deserialize_with = "super::words")]
        words: Vec<String>,
    }

    fn read(json: &str) -> Result<Shapes, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn takes_every_shape_installations_send() {
        let s = read(
            r#"{"id":"7","service":"","name":12,"uuid":null,"words":["a","",3,null,{"x":1},[1],"b"]}"#,
        )
        .unwrap();
        assert_eq!(
            s,
            Shapes {
                id: 7,
                service: 0,
                name: "12".into(),
                uuid: None,
                words: vec!["a".into(), "b".into()]
            }
        );
        let s =
            read(r#"{"id":7,"service":null,"name":null,"uuid":"u-1","words":" x  y "}"#).unwrap();
        assert_eq!((s.id, s.service, s.name.as_str()), (7, 0, ""));
        assert_eq!(
            (s.uuid.as_deref(), s.words),
            (Some("u-1"), vec!["x".to_owned(), "y".to_owned()])
        );
        let s = read(r#"{"id":" 8 ","service":" 42 ","name":true,"words":null}"#).unwrap();
        assert_eq!(
            (s.id, s.service, s.name.as_str(), s.words.len()),
            (8, 42, "true", 0)
        );
        // Text where a list or object arrived is dropped, not fatal to the whole answer.
        let s = read(r#"{"id":1,"name":["x"],"uuid":{"a":1}}"#).unwrap();
        assert_eq!((s.name.as_str(), s.uuid), ("", None));
    }

    #[test]
    fn refuses_what_is_no_id() {
        for bad in [
            r#"{"id":null}"#,
            r#"{"id":""}"#,
            r#"{"id":-1}"#,
            r#"{"id":"x"}"#,
            r#"{"id":[1]}"#,
            r#"{"service":"abc"}"#,
            r#"{"words":5}"#,
        ] {
            assert!(read(bad).is_err(), "{bad}");
        }
    }
}
