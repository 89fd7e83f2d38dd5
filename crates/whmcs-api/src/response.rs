//! Responses: WHMCS's `{"result":"success",…}` / `{"result":"error","message":…}` envelope
//! and the success payload of each command, decoded leniently.

use serde::de::{DeserializeOwned, IgnoredAny};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::credential::Credential;
use crate::lenient;

/// Why a response could not be turned into a result.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// WHMCS (or the gateway, in WHMCS's shape) answered `result: error`.
    #[error("{message}")]
    Whmcs { message: String },
    /// The body was not a WHMCS JSON answer (an HTML error page, a truncated body, …).
    #[error("the server's answer was not understood: {detail}")]
    Malformed { detail: String },
}

impl ApiError {
    /// Whether WHMCS refused for lack of permission (a read-only API role).
    pub fn is_permission_denied(&self) -> bool {
        matches!(self, ApiError::Whmcs { message } if message.starts_with(crate::messages::INVALID_PERMISSIONS_PREFIX))
    }
}

/// `CreateOAuthCredential`'s answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateResponse {
    #[serde(deserialize_with = "lenient::id")]
    pub credential_id: u64,
    pub client_identifier: String,
    pub client_secret: String,
}

/// `UpdateOAuthCredential`'s answer; `new_client_secret` when the secret was reset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateResponse {
    #[serde(deserialize_with = "lenient::id")]
    pub credential_id: u64,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub new_client_secret: Option<String>,
}

/// `DeleteOAuthCredential`'s answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeleteResponse {
    #[serde(deserialize_with = "lenient::id")]
    pub credential_id: u64,
}

/// `ListOAuthCredentials`'s answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListResponse {
    #[serde(default, deserialize_with = "clients")]
    pub clients: Vec<Credential>,
}

/// `clients` may be absent or `null` when there are none.
fn clients<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Credential>, D::Error> {
    Ok(Option::<Vec<Credential>>::deserialize(d)?.unwrap_or_default())
}

/// Decodes a WHMCS JSON body into a command's success payload or the error it carries.
/// Two passes over the text and no tree: the first reads only `result` and `message`
/// (skipping the rest unparsed), the second the payload — a list of 50,000 credentials is
/// 27 MB, and building a `Value` of it first doubled the browser's work.
pub fn decode_response<T: DeserializeOwned>(body: &str) -> Result<T, ApiError> {
    serde_json::from_str(successful(body)?).map_err(|e| ApiError::Malformed {
        detail: format!("unexpected success shape: {e}"),
    })
}

/// The body of a `"result": "success"` answer, or WHMCS's error. Apart from the generic
/// decoding above, so the envelope check is compiled once, not once per answer type.
fn successful(body: &str) -> Result<&str, ApiError> {
    #[derive(Deserialize)]
    struct Envelope {
        #[serde(default, deserialize_with = "lenient::opt_string")]
        result: Option<String>,
        #[serde(default, deserialize_with = "lenient::opt_string")]
        message: Option<String>,
    }
    let body = body.trim_start_matches('\u{feff}');
    let not_json = |e: serde_json::Error| ApiError::Malformed {
        detail: format!("not JSON ({e}), starting {:?}", excerpt(body)),
    };
    if !body.trim_start().starts_with('{') {
        serde_json::from_str::<IgnoredAny>(body).map_err(not_json)?;
        return Err(ApiError::Malformed {
            detail: "not a JSON object".into(),
        });
    }
    // WHMCS writes `result` first: such a success needs no pass of its own over the body
    // (a list of 50,000 credentials is tens of megabytes). Anything else is read whole.
    if body
        .trim_start()
        .strip_prefix('{')
        .map(str::trim_start)
        .and_then(|rest| rest.strip_prefix(r#""result""#))
        .map(str::trim_start)
        .and_then(|rest| rest.strip_prefix(':'))
        .map(str::trim_start)
        .is_some_and(|rest| rest.starts_with(r#""success""#))
    {
        return Ok(body);
    }
    let envelope: Envelope = serde_json::from_str(body).map_err(not_json)?;
    match envelope.result.as_deref() {
        Some("success") => Ok(body),
        Some("error") => Err(ApiError::Whmcs {
            message: envelope.message.unwrap_or_else(|| "Unknown error".into()),
        }),
        _ => Err(ApiError::Malformed {
            detail: "no \"result\" field".into(),
        }),
    }
}

/// A success body: the payload's fields with `result: success` first, as WHMCS writes it.
pub fn success_body<T: Serialize>(payload: &T) -> Value {
    let mut out = Map::new();
    out.insert("result".into(), Value::from("success"));
    if let Ok(Value::Object(fields)) = serde_json::to_value(payload) {
        out.extend(fields);
    }
    Value::Object(out)
}

/// An error body in WHMCS's shape.
pub fn error_body(message: &str) -> Value {
    serde_json::json!({ "result": "error", "message": message })
}

/// The first characters of a body, for an error message (never the whole thing).
fn excerpt(body: &str) -> String {
    body.chars().take(60).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_success_that_starts_with_its_result_is_decoded_in_one_pass() {
        #[derive(Debug, Deserialize, PartialEq)]
        struct Ids {
            ids: Vec<u64>,
        }
        for body in [
            r#"{"result":"success","ids":[1,2]}"#,
            " \n{ \"result\" : \"success\", \"ids\": [1, 2]}",
            r#"{"ids":[1,2],"result":"success"}"#,
        ] {
            assert_eq!(
                decode_response::<Ids>(body),
                Ok(Ids { ids: vec![1, 2] }),
                "{body}"
            );
        }
        // The same start but broken later is still not JSON.
        assert!(matches!(
            decode_response::<Ids>(r#"{"result":"success","ids":[1,"#),
            Err(ApiError::Malformed { .. })
        ));
        assert_eq!(
            decode_response::<Ids>(r#"{"result":"error","message":"No"}"#),
            Err(ApiError::Whmcs {
                message: "No".into()
            })
        );
    }

    #[test]
    fn reads_errors_and_successes() {
        assert_eq!(
            decode_response::<DeleteResponse>(
                r#"{"result":"error","message":"Invalid Credential ID provided."}"#
            ),
            Err(ApiError::Whmcs {
                message: "Invalid Credential ID provided.".into()
            })
        );
        assert_eq!(
            decode_response::<DeleteResponse>(r#"{"result":"success","credentialId":"3"}"#),
            Ok(DeleteResponse { credential_id: 3 })
        );
        let c: CreateResponse = decode_response(
            r#"{"result":"success","credentialId":9,"clientIdentifier":"ACME.x","clientSecret":"a+b/c=="}"#,
        )
        .unwrap();
        assert_eq!(c.client_secret, "a+b/c==");
        let u: UpdateResponse =
            decode_response(r#"{"result":"success","credentialId":9}"#).unwrap();
        assert_eq!(u.new_client_secret, None);
    }

    #[test]
    fn an_empty_list_may_be_missing_or_null() {
        for body in [
            r#"{"result":"success"}"#,
            r#"{"result":"success","clients":null}"#,
            r#"{"result":"success","clients":[]}"#,
        ] {
            assert!(
                decode_response::<ListResponse>(body)
                    .unwrap()
                    .clients
                    .is_empty()
            );
        }
    }

    #[test]
    fn html_and_truncation_are_malformed() {
        for body in [
            "<html><body>502 Bad Gateway</body></html>",
            "Warning: something in /var/www/x.php\n{\"result\":\"success\"}",
            r#"{"result":"success","clients":[{"credentialId":1"#,
            "[]",
            r#"{"status":"ok"}"#,
        ] {
            assert!(
                matches!(
                    decode_response::<ListResponse>(body),
                    Err(ApiError::Malformed { .. })
                ),
                "{body}"
            );
        }
    }

    #[test]
    fn permission_errors_are_recognised() {
        let e = ApiError::Whmcs {
            message: crate::messages::invalid_permissions("CreateOAuthCredential"),
        };
        assert!(e.is_permission_denied());
        assert_eq!(
            e.to_string(),
            "Invalid Permissions: API action \"createoauthcredential\" is not allowed"
        );
    }

    #[test]
    fn success_body_puts_result_first() {
        let v = success_body(&DeleteResponse { credential_id: 2 });
        assert_eq!(v.to_string(), r#"{"result":"success","credentialId":2}"#);
    }
}
