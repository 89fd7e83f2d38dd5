//! Removes the `clientSecret` of every listed credential from a WHMCS list answer in one
//! pass over its bytes. A list of 50,000 credentials is about 27 MB of JSON: parsing it into
//! a tree and writing it out again cost the gateway more than the list itself costs WHMCS;
//! a copy that skips one member per credential costs a few tens of milliseconds.

use serde_json::Value;

/// The member removed, as WHMCS writes it (PHP's `json_encode` escapes no ASCII letter).
const KEY: &[u8] = b"\"clientSecret\"";

/// Returns `json` without any member named `clientSecret` in an object nested in the
/// top-level one; everything else is kept byte for byte, apart from the comma and spacing
/// that went with a removed member. `None` when `json` is not shaped like a WHMCS answer: one
/// object with a `result` member, brackets balanced, strings closed, nothing after it (HTML,
/// PHP warnings, a cut-off body). The structure is checked in the same pass; what it does not
/// check (a misspelt literal inside a string-free run) the panel's typed decoding refuses.
pub fn strip_client_secrets(json: &[u8]) -> Option<Vec<u8>> {
    let start = skip_whitespace(json, 0);
    if json.get(start) != Some(&b'{') {
        return None;
    }
    let mut out = Vec::with_capacity(json.len());
    // `json[copied..]` is not in `out` yet: runs are copied whole when a member is cut.
    let mut copied = 0;
    // One entry per open container: `true` for an object.
    let mut open: Vec<bool> = Vec::new();
    // Whether the next string is a member name, and where its `{` or `,` stands.
    let mut expect_key = false;
    let mut intro = 0;
    let mut has_result = false;
    let mut i = start;
    while i < json.len() {
        match json[i] {
            b'"' => {
                let end = string_end(json, i)?;
                let string = &json[i..end];
                if expect_key && open.len() == 1 && string == b"\"result\"" {
                    has_result = true;
                }
                if expect_key && open.len() >= 2 && is_secret_key(string) {
                    let value_end = skip_value(json, skip_past(json, end, b':'))?;
                    // Cut the member with one comma: the one before it if there is one, else
                    // (it was the first member) the one after it.
                    let (cut_from, cut_to) = if json[intro] == b',' {
                        (intro, value_end)
                    } else {
                        let next = skip_whitespace(json, value_end);
                        let after_comma = json.get(next) == Some(&b',');
                        (i, if after_comma { next + 1 } else { value_end })
                    };
                    out.extend_from_slice(&json[copied..cut_from]);
                    copied = cut_to;
                    i = cut_to;
                    // Next comes a member name with the same `{` before it (its comma went),
                    // or a `,` or `}`, which set this themselves.
                    expect_key = true;
                    continue;
                }
                expect_key = false;
                i = end;
            }
            b @ (b'{' | b'[') => {
                open.push(b == b'{');
                expect_key = b == b'{';
                intro = i;
                i += 1;
            }
            b @ (b'}' | b']') => {
                if open.pop()? != (b == b'}') {
                    return None;
                }
                expect_key = false;
                i += 1;
                if open.is_empty() {
                    // The answer ends here: only whitespace may follow.
                    if skip_whitespace(json, i) != json.len() {
                        return None;
                    }
                    break;
                }
            }
            b',' => {
                expect_key = open.last() == Some(&true);
                intro = i;
                i += 1;
            }
            _ => i += 1,
        }
    }
    if !open.is_empty() || !has_result {
        return None;
    }
    out.extend_from_slice(&json[copied..]);
    Some(out)
}

/// The same on a parsed answer, for valid JSON the byte pass does not recognise.
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

/// Index just past the string that starts (with its quote) at `start`; `None` if it is
/// never closed.
fn string_end(json: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    while let Some(at) = memchr::memchr2(b'"', b'\\', json.get(i..)?) {
        match json[i + at] {
            b'"' => return Some(i + at + 1),
            _ => i += at + 2,
        }
    }
    None
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
/// (`None` if the body ends inside it.)
fn skip_value(json: &[u8], i: usize) -> Option<usize> {
    let mut i = skip_whitespace(json, i);
    let mut depth = 0usize;
    while i < json.len() {
        match json[i] {
            b'"' => {
                i = string_end(json, i)?;
                if depth == 0 {
                    return Some(i);
                }
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' if depth == 0 => return Some(i),
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            b',' if depth == 0 => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn strip(s: &str) -> String {
        String::from_utf8(strip_client_secrets(s.as_bytes()).expect("a WHMCS answer")).unwrap()
    }

    #[test]
    fn what_is_not_a_whmcs_answer_is_refused() {
        for body in [
            "",
            "<html><body>502</body></html>",
            "Warning: x in y.php\n{\"result\":\"success\"}",
            "{\"result\":\"success\"}\nWarning: x in y.php",
            "{\"result\":\"success\",\"clients\":[{\"credentialId\":1",
            "{\"result\":\"success\",\"clients\":[{\"clientSecret\":\"cut off",
            "{\"result\":\"success\",\"clients\":[{\"clientSecret\":[1,2",
            "{\"result\":\"success\",\"clients\":[}",
            "{\"result\":\"success\"}}",
            "[{\"result\":\"success\"}]",
            "{\"status\":\"ok\",\"x\":{\"result\":1}}",
        ] {
            assert_eq!(strip_client_secrets(body.as_bytes()), None, "{body}");
        }
        assert_eq!(
            strip_client_secrets(b" {\"result\":\"error\",\"message\":\"x\"}\n").as_deref(),
            Some(&b" {\"result\":\"error\",\"message\":\"x\"}\n"[..])
        );
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
        let body = r#"{"result":"success","clients":[{"client\u0053ecret":"x","a":1}]}"#;
        assert_eq!(strip(body), r#"{"result":"success","clients":[{"a":1}]}"#);
    }

    #[test]
    fn nested_values_are_skipped_whole_and_the_top_level_is_left_alone() {
        let body = r#"{"result":"success","clientSecret":"top","clients":[{"a":[1,{"b":"]"}],"clientSecret":{"x":[1,2],"y":"}"},"c":true}]}"#;
        assert_eq!(
            strip(body),
            r#"{"result":"success","clientSecret":"top","clients":[{"a":[1,{"b":"]"}],"c":true}]}"#
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

    /// The reference: the same cut on a tree, in every object below the top level.
    fn strip_tree(v: &mut Value, depth: usize) {
        match v {
            Value::Object(map) => {
                if depth >= 1 {
                    while map.shift_remove("clientSecret").is_some() {}
                }
                map.values_mut().for_each(|c| strip_tree(c, depth + 1));
            }
            Value::Array(items) => items.iter_mut().for_each(|c| strip_tree(c, depth + 1)),
            _ => {}
        }
    }

    /// xorshift64: deterministic, no dependency.
    fn next(seed: &mut u64, n: u64) -> u64 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed % n
    }

    /// Random JSON where `clientSecret` turns up as keys and values at every depth.
    fn random_value(seed: &mut u64, depth: usize) -> Value {
        let mut next = |n: u64| next(seed, n);
        match if depth > 3 { next(4) } else { next(6) } {
            0 => json!(null),
            1 => json!(next(1000)),
            2 => json!(["clientSecret", "a\"b", "\\", "é"][next(4) as usize]),
            3 => json!(next(2) == 0),
            4 => {
                let n = next(4);
                Value::Array((0..n).map(|_| random_value(seed, depth + 1)).collect())
            }
            _ => {
                let n = next(5);
                let mut map = serde_json::Map::new();
                for k in 0..n {
                    let secret = self::next(seed, 3) == 0;
                    let key = if secret {
                        "clientSecret".to_owned()
                    } else {
                        format!("k{k}")
                    };
                    map.insert(key, random_value(seed, depth + 1));
                }
                Value::Object(map)
            }
        }
    }

    #[test]
    fn agrees_with_the_tree_version_on_random_documents() {
        let mut seed = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..2000 {
            let doc = json!({"result": "success", "clients": [random_value(&mut seed, 2), random_value(&mut seed, 2)], "x": random_value(&mut seed, 1)});
            for text in [doc.to_string(), serde_json::to_string_pretty(&doc).unwrap()] {
                let stripped: Value = serde_json::from_str(&strip(&text))
                    .unwrap_or_else(|e| panic!("{e}: {text} -> {}", strip(&text)));
                let mut expected = doc.clone();
                strip_tree(&mut expected, 0);
                assert_eq!(stripped, expected, "{text}");
            }
        }
    }
}
