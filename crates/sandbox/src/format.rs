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

/// What `responsetype` asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Requested {
    /// Not sent: the command's default applies.
    Default,
    Known(ResponseType),
    /// A value WHMCS does not know; refused with [`unsupported`].
    Unknown(String),
}

impl Requested {
    pub fn from_param(raw: Option<&str>) -> Requested {
        match raw.map(str::to_ascii_lowercase).as_deref() {
            None | Some("") => Requested::Default,
            Some("json") => Requested::Known(ResponseType::Json),
            Some("xml") => Requested::Known(ResponseType::Xml),
            Some("nvp") => Requested::Known(ResponseType::Nvp),
            Some(_) => Requested::Unknown(raw.unwrap_or_default().to_owned()),
        }
    }

    /// The format for answers made before the command is known (pre-command refusals).
    pub fn or_nvp(&self) -> ResponseType {
        match self {
            Requested::Known(t) => *t,
            Requested::Default | Requested::Unknown(_) => ResponseType::Nvp,
        }
    }
}

/// WHMCS's refusal of a `responsetype` it does not know (contract point 6).
pub fn unsupported(raw: &str) -> String {
    format!(
        "Unsupported API response type format \"{raw}\". Supported formats include: json, xml, nvp"
    )
}

/// `GetClients` and `GetClientsProducts` refuse NVP (point 6).
pub const NVP_REFUSED: &str = "This API action only supports the XML or JSON response type formats";

impl ResponseType {
    pub fn content_type(self) -> &'static str {
        match self {
            ResponseType::Json => "application/json",
            ResponseType::Xml => "application/xml; charset=utf-8",
            ResponseType::Nvp => "text/plain; charset=utf-8",
        }
    }

    /// Renders a `{"result": …}` body. `action` (normalised) is echoed in XML; an error
    /// answer's `version` is empty there, as WHMCS writes it (point 7).
    pub fn render(self, body: &Value, action: &str) -> String {
        match self {
            ResponseType::Json => json_text(&body.to_string()),
            ResponseType::Xml => {
                let version = if body["result"] == "error" {
                    ""
                } else {
                    WHMCS_VERSION
                };
                let mut out = format!(
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<whmcsapi version=\"{version}\">\n<action>{}</action>\n",
                    escape_xml(action)
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

/// JSON text as WHMCS's `json_encode` flags write it: `&` as `\u0026`, `/` left alone
/// (point 7). A `&` can stand only inside a string, so replacing it is safe.
pub fn json_text(serialized: &str) -> String {
    if serialized.contains('&') {
        serialized.replace('&', "\\u0026")
    } else {
        serialized.to_owned()
    }
}

fn xml_element(out: &mut String, key: &str, value: &Value) {
    match value {
        // A list has no element per item: the items' own elements follow each other
        // inside the list's (point 7); a bare value is named by its index, as PHP's
        // numeric keys are.
        Value::Array(items) => {
            out.push_str(&format!("<{key}>"));
            for (i, v) in items.iter().enumerate() {
                match v {
                    Value::Object(map) => {
                        for (k, v) in map {
                            xml_element(out, k, v);
                        }
                    }
                    other => xml_element(out, &i.to_string(), other),
                }
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
        // CDATA only where HTML-escaping would change the value.
        Value::String(s) if s.contains(['<', '>', '&', '"', '\'']) => out.push_str(&format!(
            "<{key}><![CDATA[{}]]></{key}>\n",
            s.replace("]]>", "]]]]><![CDATA[>")
        )),
        Value::String(s) => out.push_str(&format!("<{key}>{s}</{key}>\n")),
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
    fn reads_the_requested_type_like_whmcs() {
        assert_eq!(
            Requested::from_param(Some("JSON")),
            Requested::Known(ResponseType::Json)
        );
        assert_eq!(
            Requested::from_param(Some("xml")),
            Requested::Known(ResponseType::Xml)
        );
        assert_eq!(
            Requested::from_param(Some("nvp")),
            Requested::Known(ResponseType::Nvp)
        );
        assert_eq!(Requested::from_param(None), Requested::Default);
        assert_eq!(
            Requested::from_param(Some("yaml")),
            Requested::Unknown("yaml".into())
        );
        assert_eq!(
            unsupported("yaml"),
            "Unsupported API response type format \"yaml\". Supported formats include: json, xml, nvp"
        );
    }

    #[test]
    fn renders_nvp_and_xml() {
        let body = json!({"result": "success", "credentialId": 3, "clients": [{"scope": "a b", "uuid": null}, {"scope": "c&d"}]});
        assert_eq!(
            ResponseType::Nvp.render(&body, "x"),
            "result=success;credentialId=3;clients[0][scope]=a b;clients[0][uuid]=;clients[1][scope]=c&d;"
        );
        let xml = ResponseType::Xml.render(&body, "listoauthcredentials");
        assert!(xml.starts_with(&format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<whmcsapi version=\"{WHMCS_VERSION}\">"
        )));
        assert!(xml.contains("<action>listoauthcredentials</action>"));
        assert!(xml.contains("<result>success</result>"), "{xml}");
        assert!(
            xml.contains(
                "<clients><scope>a b</scope>\n<uuid></uuid>\n<scope><![CDATA[c&d]]></scope>\n</clients>"
            ),
            "{xml}"
        );
        assert!(xml.ends_with("</whmcsapi>"));
        let error = ResponseType::Xml.render(&json!({"result": "error", "message": "x"}), "a");
        assert!(error.contains("<whmcsapi version=\"\">"), "{error}");
    }

    #[test]
    fn json_escapes_ampersands_but_not_slashes() {
        let body = json!({"logoUri": "https://a.example/x?a=1&b=2"});
        assert_eq!(
            ResponseType::Json.render(&body, "x"),
            r#"{"logoUri":"https://a.example/x?a=1\u0026b=2"}"#
        );
    }
}
