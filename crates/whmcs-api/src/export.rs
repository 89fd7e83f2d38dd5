//! Credentials as a file: CSV for spreadsheets, JSON for scripts, never with a secret.
//! The panel's export of a list view and the gateway's record of a bulk delete use these,
//! and CSV rows of other reports (a job's) are written with `csv_row`.

use crate::credential::Credential;

const CSV_HEADER: &str = "credentialId,name,description,grantTypes,scope,clientIdentifier,serviceId,redirectUris,createdAt,updatedAt";

/// RFC 4180 CSV, one credential per line, lists space-separated as WHMCS writes them.
pub fn csv<'a>(rows: impl IntoIterator<Item = &'a Credential>) -> String {
    let mut out = String::from(CSV_HEADER);
    out.push_str("\r\n");
    for c in rows {
        let fields = [
            c.credential_id.to_string(),
            c.name.clone(),
            c.description.clone(),
            c.grant_types.join(" "),
            c.scopes.join(" "),
            c.client_identifier.clone(),
            c.service_id.to_string(),
            c.redirect_uris.join(" "),
            c.created_at.compact(),
            c.updated_at.compact(),
        ];
        out.push_str(&csv_row(fields.iter().map(String::as_str)));
    }
    out
}

/// One CSV line (RFC 4180, ending in CRLF), each field quoted as needed and defused.
pub fn csv_row<'a>(fields: impl IntoIterator<Item = &'a str>) -> String {
    let line: Vec<String> = fields.into_iter().map(csv_field).collect();
    let mut out = line.join(",");
    out.push_str("\r\n");
    out
}

/// One CSV line whose fields are kept exactly as they are (quoted as needed, never
/// defused): for secrets, where a leading `'` would make the value wrong.
pub fn csv_row_verbatim<'a>(fields: impl IntoIterator<Item = &'a str>) -> String {
    let line: Vec<String> = fields.into_iter().map(quoted).collect();
    let mut out = line.join(",");
    out.push_str("\r\n");
    out
}

/// Quotes when needed; a value a spreadsheet would run as a formula gets a leading `'`
/// (names and descriptions are typed by people, and an export is opened by others).
fn csv_field(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        quoted(&format!("'{value}"))
    } else {
        quoted(value)
    }
}

fn quoted(value: &str) -> String {
    if value.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

/// A JSON array of the credentials in WHMCS's field names, without `clientSecret`.
pub fn json<'a>(rows: impl IntoIterator<Item = &'a Credential>) -> String {
    let rows: Vec<Credential> = rows
        .into_iter()
        .map(|c| Credential {
            client_secret: None,
            ..c.clone()
        })
        .collect();
    serde_json::to_string(&rows).unwrap_or_else(|_| "[]".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credential() -> Credential {
        serde_json::from_value(serde_json::json!({
            "credentialId": 7,
            "name": "=HYPERLINK(\"x\")",
            "description": "Line one,\nline two",
            "grantTypes": "single_sign_on",
            "scope": "clientarea:sso",
            "clientIdentifier": "WHMCS.abc",
            "clientSecret": "s3cret",
            "serviceId": 101,
            "redirectUri": "",
            "createdAt": "24th November 2026 10:55:08pm",
            "updatedAt": "2026-11-25 01:02:03"
        }))
        .unwrap()
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let out = csv([&credential()]);
        let mut lines = out.split("\r\n");
        assert_eq!(lines.next(), Some(CSV_HEADER));
        assert_eq!(
            lines.next(),
            Some(
                "7,\"'=HYPERLINK(\"\"x\"\")\",\"Line one,\nline two\",single_sign_on,clientarea:sso,WHMCS.abc,101,,2026-11-24 22:55,2026-11-25 01:02"
            )
        );
        assert!(!out.contains("s3cret"));
    }

    #[test]
    fn a_row_of_any_report_is_quoted_and_defused_alike() {
        assert_eq!(
            csv_row(["1", "a,b", "@SUM(A1)", ""]),
            "1,\"a,b\",'@SUM(A1),\r\n"
        );
        assert_eq!(csv_row_verbatim(["+a/b==", "x,y"]), "+a/b==,\"x,y\"\r\n");
    }

    #[test]
    fn json_has_every_field_but_the_secret() {
        let out = json([&credential()]);
        let back: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back[0]["credentialId"], 7);
        assert_eq!(back[0]["clientIdentifier"], "WHMCS.abc");
        assert!(back[0].get("clientSecret").is_none());
        assert!(!out.contains("s3cret"));
    }
}
