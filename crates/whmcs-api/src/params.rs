//! Form parameters as PHP reads them: `application/x-www-form-urlencoded`, names
//! case-sensitive, the last of repeated scalar names winning, and `name[]` / `name[k]`
//! collected into an array.

/// An ordered list of form parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params(Vec<(String, String)>);

/// A parameter that may arrive as a string or as a PHP array.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamValue {
    Scalar(String),
    List(Vec<String>),
}

impl ParamValue {
    /// The values: a list as sent, a scalar split on whitespace (WHMCS's space-joined form).
    pub fn into_items(self) -> Vec<String> {
        match self {
            ParamValue::Scalar(s) => s.split_whitespace().map(str::to_owned).collect(),
            ParamValue::List(l) => l,
        }
    }
}

impl Params {
    pub fn new() -> Self {
        Params(Vec::new())
    }

    /// Decodes a form body. Never fails: malformed escapes decode leniently, as PHP does.
    pub fn parse(body: &str) -> Self {
        Params(
            form_urlencoded::parse(body.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// Encodes as a form body.
    pub fn encode(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (k, v) in &self.0 {
            out.append_pair(k, v);
        }
        out.finish()
    }

    pub fn push(&mut self, name: impl Into<String>, value: impl Into<String>) -> &mut Self {
        self.0.push((name.into(), value.into()));
        self
    }

    /// Appends `name[]=v` for each value: PHP's array syntax.
    pub fn push_list<I, S>(&mut self, name: &str, values: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let key = format!("{name}[]");
        for v in values {
            self.0.push((key.clone(), v.into()));
        }
        self
    }

    /// Sets a scalar, replacing every earlier occurrence of the name.
    pub fn set(&mut self, name: &str, value: impl Into<String>) -> &mut Self {
        self.remove(name);
        self.push(name, value)
    }

    /// Removes a name and its array forms; returns whether anything was removed.
    pub fn remove(&mut self, name: &str) -> bool {
        let before = self.0.len();
        self.0.retain(|(k, _)| base_name(k) != name);
        before != self.0.len()
    }

    /// The scalar value PHP would see: the last occurrence of exactly `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether the name was sent at all, as a scalar or an array.
    pub fn contains(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| base_name(k) == name)
    }

    /// A parameter that may be a scalar or a PHP array (`name[]`, `name[0]`).
    pub fn get_value(&self, name: &str) -> Option<ParamValue> {
        let items: Vec<String> = self
            .0
            .iter()
            .filter(|(k, _)| k.len() > name.len() && base_name(k) == name)
            .map(|(_, v)| v.clone())
            .collect();
        if !items.is_empty() {
            return Some(ParamValue::List(items));
        }
        self.get(name).map(|s| ParamValue::Scalar(s.to_owned()))
    }

    /// Distinct parameter names (array names without their brackets), in first-seen order.
    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for (k, _) in &self.0 {
            let b = base_name(k);
            if !names.contains(&b) {
                names.push(b);
            }
        }
        names
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Params {
    fn from_iter<T: IntoIterator<Item = (K, V)>>(iter: T) -> Self {
        Params(
            iter.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

/// `redirectUri[]` and `redirectUri[3]` are `redirectUri`; a plain name is itself.
pub(crate) fn base_name(key: &str) -> &str {
    match key.find('[') {
        Some(i) if i > 0 && key.ends_with(']') => &key[..i],
        _ => key,
    }
}

/// Percent-encodes a value for a query string (used by callers building URLs).
pub fn encode_component(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_php_arrays_and_scalars() {
        let p = Params::parse(
            "action=X&redirectUri%5B%5D=https%3A%2F%2Fa&redirectUri[]=https://b&scope=openid+email",
        );
        assert_eq!(p.get("action"), Some("X"));
        assert_eq!(
            p.get_value("redirectUri"),
            Some(ParamValue::List(vec![
                "https://a".into(),
                "https://b".into()
            ]))
        );
        assert_eq!(
            p.get_value("scope").unwrap().into_items(),
            ["openid", "email"]
        );
        assert_eq!(p.names(), ["action", "redirectUri", "scope"]);
    }

    #[test]
    fn names_are_case_sensitive_and_last_wins() {
        let p = Params::parse("granttype=a&grantType=b&grantType=c");
        assert_eq!(p.get("grantType"), Some("c"));
        assert_eq!(p.get("granttype"), Some("a"));
        assert_eq!(p.get("GrantType"), None);
    }

    #[test]
    fn indexed_arrays_count_as_arrays() {
        let p = Params::parse("redirectUri[0]=x&redirectUri[1]=y");
        assert_eq!(
            p.get_value("redirectUri"),
            Some(ParamValue::List(vec!["x".into(), "y".into()]))
        );
        assert!(p.contains("redirectUri"));
        assert_eq!(p.get("redirectUri"), None);
    }

    #[test]
    fn encodes_secrets_with_plus_and_slash_safely() {
        let mut p = Params::new();
        p.push("secret", "a+b/c=");
        assert_eq!(p.encode(), "secret=a%2Bb%2Fc%3D");
        assert_eq!(Params::parse(&p.encode()).get("secret"), Some("a+b/c="));
    }

    #[test]
    fn remove_and_set_cover_array_forms() {
        let mut p = Params::parse("identifier=a&identifier[]=b&x=1");
        assert!(p.remove("identifier"));
        assert!(!p.contains("identifier"));
        p.set("x", "2");
        assert_eq!(p.encode(), "x=2");
    }
}
