//! Removes the `clientSecret` of every listed credential from a WHMCS list answer in one
//! pass over its bytes. A list of 50,000 credentials is about 27 MB of JSON: parsing it into
//! a tree and writing it out again cost the gateway more than the list itself costs WHMCS;
//! a copy that skips one member per credential costs a few tens of milliseconds.

use serde_json::Value;

/// The member removed, as WHMCS writes it (PHP's `json_encode` escapes no ASCII letter).
const KEY: &[u8] = b"\"clientSecret\"";

/// `json` must be valid JSON (the caller has checked). Returns it without any member named
/// `clientSecret` in an object nested in the top-level one; everything else, order and
/// spacing included, is kept byte for byte.
pub fn strip_client_secrets(json: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(json.len());
    // One entry per open container: `true` for an object.
    let mut open: Vec<bool> = Vec::new();
    // Whether the next string is a member name.
    let mut expect_key = false;
    let mut i = 0;
    while i < json.len() {
        match json[i] {
            b'"' => {
                let end = string_end(json, i);
                let string = &json[i..end];
                if expect_key && open.len() >= 2 && is_secret_key(string) {
                    i = skip_value(json, skip_past(json, end, b':'));
                    // Drop the member with one of its commas: the one before it if any,
                    // else the one after it (it was the first member).
                    if !drop_trailing_comma(&mut out) {
                        let next = skip_whitespace(json, i);
                        if json.get(next) == Some(&b',') {
                            i = next + 1;
                        }
                    }
                    expect_key = true;
                    continue;
                }
                out.extend_from_slice(string);
                expect_key = false;
                i = end;
            }
            b @ (b'{' | b'[') => {
                open.push(b == b'{');
                expect_key = b == b'{';
                out.push(b);
                i += 1;
            }
            b @ (b'}' | b']') => {
                open.pop();
                expect_key = false;
                out.push(b);
                i += 1;
            }
            b',' => {
                expect_key = open.last() == Some(&true);
                out.push(b',');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// The same on a parsed answer, for bodies the byte version cannot take (not valid UTF-8).
pub fn strip_client_secrets_in_tree(body: &mut Value) {
    if let Some(clients) = body.get_mut("clients").and_then(Value::as_array_mut) {
        for c in clients {
            if let Some(obj) = c.as_object_mut() {
                // shift_remove keeps the other fields in WHMCS's order.
                obj.shift_remove("clientSecret");
            }
        }
    }
}

/// The name as written, or as any escaped spelling of it decodes.
fn is_secret_key(string: &[u8]) -> bool {
    string == KEY
        || (string.contains(&b'\\')
            && serde_json::from_slice::<String>(string).is_ok_and(|s| s == "clientSecret"))
}

/// Index just past the string that starts (with its quote) at `start`.
fn string_end(json: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < json.len() {
        match json[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    json.len()
}

fn skip_whitespace(json: &[u8], mut i: usize) -> usize {
    while i < json.len() && json[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

fn skip_past(json: &[u8], mut i: usize, byte: u8) -> usize {
    while i < json.len() && json[i] != byte {
        i += 1;
    }
    i + 1
}

/// Index just past the value that starts at or after `i`.
fn skip_value(json: &[u8], i: usize) -> usize {
    let mut i = skip_whitespace(json, i);
    let mut depth = 0usize;
    while i < json.len() {
        match json[i] {
            b'"' => {
                i = string_end(json, i);
                if depth == 0 {
                    return i;
                }
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' if depth == 0 => return i,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            b',' if depth == 0 => return i,
            _ => {}
        }
        i += 1;
    }
    i
}

/// Removes trailing whitespace and then a comma, if the output ends with one.
fn drop_trailing_comma(out: &mut Vec<u8>) -> bool {
    let kept = out.len()
        - out
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
    if kept > 0 && out[kept - 1] == b',' {
        out.truncate(kept - 1);
        true
    } else {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn strip(s: &str) -> String {
        String::from_utf8(strip_client_secrets(s.as_bytes())).unwrap()
    }

    #[test]
    fn removes_the_member_wherever_it_stands_in_the_credential() {
        let body = r#"{"result":"success","clients":[{"credentialId":1,"clientSecret":"a+b/c==","name":"x"},{"clientSecret":"s","credentialId":2},{"credentialId":3,"clientSecret":"t"},{"clientSecret":null}]}"#;
        assert_eq!(
            strip(body),
            r#"{"result":"success","clients":[{"credentialId":1,"name":"x"},{"credentialId":2},{"credentialId":3},{}]}"#
        );
    }

    #[test]
    fn keeps_spacing_escapes_and_lookalikes() {
        let body = "{ \"result\" : \"success\", \"clients\" : [ { \"clientSecret\" : \"x\\\"y\" , \"n\" : \"clientSecret\", \"d\":\"\\\"clientSecret\\\"\" } ] }";
        let stripped = strip(body);
        assert_eq!(
            stripped,
            // The first member goes with the comma after it; the spaces around stay.
            "{ \"result\" : \"success\", \"clients\" : [ {  \"n\" : \"clientSecret\", \"d\":\"\\\"clientSecret\\\"\" } ] }"
        );
        serde_json::from_str::<Value>(&stripped).unwrap();
    }

    #[test]
    fn an_escaped_spelling_of_the_name_is_removed_too() {
        let body = r#"{"clients":[{"client\u0053ecret":"x","a":1}]}"#;
        assert_eq!(strip(body), r#"{"clients":[{"a":1}]}"#);
    }

    #[test]
    fn nested_values_are_skipped_whole_and_the_top_level_is_left_alone() {
        let body = r#"{"clientSecret":"top","clients":[{"a":[1,{"b":"]"}],"clientSecret":{"x":[1,2],"y":"}"},"c":true}]}"#;
        assert_eq!(
            strip(body),
            r#"{"clientSecret":"top","clients":[{"a":[1,{"b":"]"}],"c":true}]}"#
        );
    }

    #[test]
    fn matches_a_tree_based_strip_on_a_list_of_credentials() {
        let clients: Vec<Value> = (0..200)
            .map(|i| {
                json!({"credentialId": i, "name": format!("n{i} \"q\" \\ é"), "clientIdentifier": "ACME.x",
                       "clientSecret": format!("s{i}+/=="), "redirectUri": ["https://a/b", "c"], "uuid": null})
            })
            .collect();
        let body = json!({"result": "success", "clients": clients});
        for text in [
            body.to_string(),
            serde_json::to_string_pretty(&body).unwrap(),
        ] {
            let stripped: Value = serde_json::from_str(&strip(&text)).unwrap();
            let mut expected = body.clone();
            for c in expected["clients"].as_array_mut().unwrap() {
                c.as_object_mut().unwrap().shift_remove("clientSecret");
            }
            assert_eq!(stripped, expected);
        }
    }
}
