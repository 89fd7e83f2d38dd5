//! `GetClients`, `GetClientsDetails` and `GetClientsProducts` over `tblclients` and
//! `tblhosting`, answered in
//! WHMCS's field order and value types (ids as numbers for clients, as strings for products,
//! as a real installation sends them).

use rusqlite::{Connection, params_from_iter};
use serde_json::{Map, Value, json};
use whmcs_api::response::error_body;
use whmcs_api::{ClientQuery, ClientsQuery, Params, ServicesQuery, messages};

use super::StoreError;

/// `GetClients`: prefix search on email, first, last, full and company name; by last name.
pub fn clients(conn: &Connection, q: &ClientsQuery) -> Result<Value, StoreError> {
    let search = if q.search.trim().is_empty() {
        ""
    } else {
        q.search.as_str()
    };
    let filter = if search.is_empty() {
        ""
    } else {
        " WHERE email LIKE ?1 || '%' OR firstname LIKE ?1 || '%' OR lastname LIKE ?1 || '%'
            OR companyname LIKE ?1 || '%' OR (firstname || ' ' || lastname) LIKE ?1 || '%'"
    };
    let args: Vec<&str> = if search.is_empty() {
        vec![]
    } else {
        vec![search]
    };
    let total: u64 = conn.query_row(
        &format!("SELECT count(*) FROM tblclients{filter}"),
        params_from_iter(&args),
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare(&format!(
        "SELECT id, firstname, lastname, companyname, email, datecreated, groupid, status
         FROM tblclients{filter} ORDER BY lastname ASC, id ASC LIMIT {} OFFSET {}",
        q.limit_num.min(i64::MAX as u64),
        q.limit_start.min(i64::MAX as u64)
    ))?;
    let rows: Vec<Value> = stmt
        .query_map(params_from_iter(&args), |r| {
            Ok(json!({
                "id": r.get::<_, i64>(0)?,
                "firstname": r.get::<_, String>(1)?,
                "lastname": r.get::<_, String>(2)?,
                "companyname": r.get::<_, String>(3)?,
                "email": r.get::<_, String>(4)?,
                "datecreated": r.get::<_, String>(5)?,
                "groupid": r.get::<_, i64>(6)?,
                "status": r.get::<_, String>(7)?,
            }))
        })?
        .collect::<Result<_, _>>()?;
    // Counted with the page's offset still applied (point 17, inferred): past the first
    // page the count query finds no row, so WHMCS reports 0.
    let total = if q.limit_start > 0 { 0 } else { total };
    let mut out = page_header(total, q.limit_start, rows.len());
    // WHMCS adds `clients` only while it has a row to put in it.
    if !rows.is_empty() {
        out.insert("clients".into(), json!({ "client": rows }));
    }
    Ok(Value::Object(out))
}

/// `GetClientsDetails` by `clientid` or `email`: the customer under `client`, and the same
/// fields again at the top level, as WHMCS still sends them (a form it documents as
/// deprecated). Neither sent is `Either clientid Or email Is Required` (point 16).
pub fn client(conn: &Connection, q: &ClientQuery) -> Result<Value, StoreError> {
    let (filter, key): (&str, rusqlite::types::Value) = if q.client_id > 0 {
        ("id = ?1", (q.client_id.min(i64::MAX as u64) as i64).into())
    } else if !q.email.is_empty() {
        ("lower(email) = lower(?1)", q.email.clone().into())
    } else {
        return Ok(error_body(messages::CLIENT_ID_OR_EMAIL_REQUIRED));
    };
    let found = conn.query_row(
        &format!(
            "SELECT id, firstname, lastname, companyname, email, datecreated, groupid, status, uuid
             FROM tblclients WHERE {filter}"
        ),
        [key],
        |r| {
            let (first, last): (String, String) = (r.get(1)?, r.get(2)?);
            let id: i64 = r.get(0)?;
            Ok(json!({
                "userid": id,
                "id": id,
                "uuid": r.get::<_, String>(8)?,
                "firstname": first,
                "lastname": last,
                "fullname": format!("{first} {last}"),
                "companyname": r.get::<_, String>(3)?,
                "email": r.get::<_, String>(4)?,
                "address1": "",
                "address2": "",
                "city": "",
                "state": "",
                "postcode": "",
                "countrycode": "GB",
                "country": "GB",
                "phonenumber": "",
                "datecreated": r.get::<_, String>(5)?,
                "groupid": r.get::<_, i64>(6)?,
                "status": r.get::<_, String>(7)?,
                "language": "",
                "notes": "",
                "currency": 1,
                "currency_code": "USD",
                "credit": "0.00",
                "email_verified": false,
            }))
        },
    );
    let client = match found {
        Ok(client) => client,
        Err(rusqlite::Error::QueryReturnedNoRows) => {
            return Ok(error_body(messages::CLIENT_NOT_FOUND));
        }
        Err(e) => return Err(e.into()),
    };
    let mut out = Map::new();
    out.insert("result".into(), "success".into());
    if let Value::Object(fields) = &client {
        out.extend(fields.clone());
    }
    out.insert("client".into(), client);
    Ok(Value::Object(out))
}

/// `GetClientsProducts`: services by exact service id, client id and domain; by id.
pub fn services(conn: &Connection, q: &ServicesQuery, sent: &Params) -> Result<Value, StoreError> {
    let mut conditions = Vec::new();
    let mut args: Vec<String> = Vec::new();
    if let Some(id) = q.service_id {
        args.push(id.to_string());
        conditions.push(format!("id = ?{}", args.len()));
    }
    if let Some(id) = q.client_id {
        args.push(id.to_string());
        conditions.push(format!("userid = ?{}", args.len()));
    }
    if !q.domain.is_empty() {
        args.push(q.domain.clone());
        conditions.push(format!("domain = ?{}", args.len()));
    }
    let filter = if conditions.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conditions.join(" AND "))
    };
    let total: u64 = conn.query_row(
        &format!("SELECT count(*) FROM tblhosting{filter}"),
        params_from_iter(&args),
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare(&format!(
        "SELECT id, userid, product, groupname, domain, regdate, billingcycle, domainstatus,
                username, password
         FROM tblhosting{filter} ORDER BY id ASC LIMIT {} OFFSET {}",
        q.limit_num.min(i64::MAX as u64),
        q.limit_start.min(i64::MAX as u64)
    ))?;
    let rows: Vec<Value> = stmt
        .query_map(params_from_iter(&args), |r| {
            let id: i64 = r.get(0)?;
            let product: String = r.get(2)?;
            let group: String = r.get(3)?;
            Ok(json!({
                "id": id.to_string(),
                "clientid": r.get::<_, i64>(1)?.to_string(),
                "orderid": id.to_string(),
                "pid": "1",
                "regdate": r.get::<_, String>(5)?,
                "name": product,
                "translated_name": product,
                "groupname": group,
                "translated_groupname": group,
                "domain": r.get::<_, String>(4)?,
                "dedicatedip": "",
                "serverid": "1",
                "servername": "Sandbox",
                "serverip": "127.0.0.1",
                "serverhostname": "sandbox.example",
                "suspensionreason": "",
                "firstpaymentamount": "0.00",
                "recurringamount": "0.00",
                "paymentmethod": "banktransfer",
                "paymentmethodname": "Bank Transfer",
                "billingcycle": r.get::<_, String>(6)?,
                "nextduedate": "0000-00-00",
                "status": r.get::<_, String>(7)?,
                "username": r.get::<_, String>(8)?,
                // WHMCS returns the service's password decrypted.
                "password": r.get::<_, String>(9)?,
                "subscriptionid": "",
                "promoid": "0",
                "notes": "",
                "customfields": { "customfield": [] },
                "configoptions": { "configoption": [] },
            }))
        })?
        .collect::<Result<_, _>>()?;
    // The filters come back as they were sent, `""` when not (point 15).
    let mut out = Map::new();
    out.insert("result".into(), "success".into());
    for name in ["clientid", "serviceid", "pid", "domain"] {
        out.insert(name.into(), sent.get(name).unwrap_or("").into());
    }
    out.insert("totalresults".into(), total.to_string().into());
    out.insert("startnumber".into(), q.limit_start.into());
    out.insert("numreturned".into(), rows.len().into());
    if total == 0 {
        out.insert("products".into(), "".into());
    } else if !rows.is_empty() {
        out.insert("products".into(), json!({ "product": rows }));
    }
    Ok(Value::Object(out))
}

fn page_header(total: u64, start: u64, returned: usize) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("result".into(), "success".into());
    out.insert("totalresults".into(), total.into());
    out.insert("startnumber".into(), start.into());
    out.insert("numreturned".into(), returned.into());
    out
}
