//! `responsetype`: JSON, XML (`<whmcsapi>`), or WHMCS's default "NVP" (`key=value;`).

use serde_json::Value;

/// The WHMCS version the sandbox reports in XML answers.
pub const WHMCS_VERSION: &str = "8.13.1-release.1";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseType {
    Json,
    Xml,
    Nvp,
}

impl ResponseType {
    pub fn from_param(raw: Option<&str>) -> ResponseType {
        match raw.map(str::to_ascii_lowercase).as_deref() {
            Some("json") => ResponseType::Json,
            Some("xml") => ResponseType::Xml,
            _ => ResponseType::Nvp,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            ResponseType::Json => "application/json",
            ResponseType::Xml => "application/xml; charset=utf-8",
            ResponseType::Nvp => "text/plain; charset=utf-8",
        }
    }

    /// Renders a `{"result": …}` body. `action` is echoed in XML, lower-cased as WHMCS does.
    pub fn render(self, body: &Value, action: &str) -> String {
        match self {
            ResponseType::Json => body.to_string(),
            ResponseType::Xml => {
                let mut out = format!(
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<whmcsapi version=\"{WHMCS_VERSION}\">\n<action>{}</action>\n",
                    escape_xml(&action.to_lowercase())
                );
                if let Value::Object(map) = body {
                    for (k, v) in map {
                        xml_element(&mut out, k, v);
                    }
                }
                out.push_str("</whmcsapi>");
                out
            }
            ResponseType::Nvp => {
                let mut out = String::new();
                nvp(&mut out, None, body);
                out
            }
        }
    }
}

fn xml_element(out: &mut String, key: &str, value: &Value) {
    match value {
        Value::Array(items) => {
            // A list is its name wrapping one element per item, named by the singular.
            let item = key.strip_suffix('s').unwrap_or("item");
            out.push_str(&format!("<{key}>"));
            for v in items {
                xml_element(out, item, v);
            }
            out.push_str(&format!("</{key}>\n"));
        }
        Value::Object(map) => {
            out.push_str(&format!("<{key}>"));
            for (k, v) in map {
                xml_element(out, k, v);
            }
            out.push_str(&format!("</{key}>\n"));
        }
        Value::Null => out.push_str(&format!("<{key}></{key}>\n")),
        Value::String(s) => out.push_str(&format!(
            "<{key}><![CDATA[{}]]></{key}>\n",
            s.replace("]]>", "]]]]><![CDATA[>")
        )),
        other => out.push_str(&format!("<{key}>{other}</{key}>\n")),
    }
}

fn escape_xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// `key=value;` pairs; nested values get PHP-style `key[sub]` names.
fn nvp(out: &mut String, prefix: Option<&str>, value: &Value) {
    let name = |k: &str| match prefix {
        Some(p) => format!("{p}[{k}]"),
        None => k.to_owned(),
    };
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                nvp(out, Some(&name(k)), v);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                nvp(out, Some(&name(&i.to_string())), v);
            }
        }
        scalar => {
            let text = match scalar {
                Value::String(s) => s.clone(),
                Value::Null => String::new(),
                other => other.to_string(),
            };
            out.push_str(&format!("{}={};", prefix.unwrap_or(""), text));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn picks_the_type_like_whmcs() {
        assert_eq!(ResponseType::from_param(Some("JSON")), ResponseType::Json);
        assert_eq!(ResponseType::from_param(Some("xml")), ResponseType::Xml);
        assert_eq!(ResponseType::from_param(None), ResponseType::Nvp);
        assert_eq!(ResponseType::from_param(Some("yaml")), ResponseType::Nvp);
    }

    #[test]
    fn renders_nvp_and_xml() {
        let body = json!({"result": "success", "credentialId": 3, "clients": [{"scope": "a b", "uuid": null}]});
        assert_eq!(
            ResponseType::Nvp.render(&body, "x"),
            "result=success;credentialId=3;clients[0][scope]=a b;clients[0][uuid]=;"
        );
        let xml = ResponseType::Xml.render(&body, "ListOAuthCredentials");
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<whmcsapi version="));
        assert!(xml.contains("<action>listoauthcredentials</action>"));
        assert!(xml.contains("<result><![CDATA[success]]></result>"));
        assert!(xml.contains(
            "<clients><client><scope><![CDATA[a b]]></scope>\n<uuid></uuid>\n</client>\n</clients>"
        ));
        assert!(xml.ends_with("</whmcsapi>"));
    }
}
