//! Customers and their services as `GetClients`, `GetClientsDetails` and
//! `GetClientsProducts` return them, read
//! leniently: ids as numbers or strings, `null`s, and WHMCS's empty forms (`GetClients`
//! leaves `clients` out when nothing matches; `GetClientsProducts` sends `"products": ""`).

use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::lenient;

/// One customer (`GetClients` → `clients.client[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Client {
    #[serde(deserialize_with = "lenient::id")]
    pub id: u64,
    #[serde(default, deserialize_with = "lenient::string")]
    pub firstname: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub lastname: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub companyname: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub email: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub datecreated: String,
    #[serde(default, deserialize_with = "lenient::id_or_zero")]
    pub groupid: u64,
    /// `Active`, `Inactive` or `Closed`.
    #[serde(default, deserialize_with = "lenient::string")]
    pub status: String,
}

impl Client {
    /// How people name a customer: the company, else first and last name.
    pub fn display_name(&self) -> String {
        if self.companyname.trim().is_empty() {
            format!("{} {}", self.firstname.trim(), self.lastname.trim())
                .trim()
                .to_owned()
        } else {
            self.companyname.trim().to_owned()
        }
    }
}

/// One service (`GetClientsProducts` → `products.product[]`): what the panel shows of it.
/// WHMCS sends much more, the service's decrypted `password` among it; that is never read
/// here, and the gateway removes it before an answer reaches the browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    #[serde(deserialize_with = "lenient::id")]
    pub id: u64,
    #[serde(default, deserialize_with = "lenient::id_or_zero")]
    pub clientid: u64,
    #[serde(default, deserialize_with = "lenient::id_or_zero")]
    pub pid: u64,
    #[serde(default, deserialize_with = "lenient::string")]
    pub regdate: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub translated_name: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub groupname: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub domain: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub billingcycle: String,
    /// `Pending`, `Active`, `Suspended`, `Terminated`, `Cancelled`, `Fraud` or `Completed`.
    #[serde(default, deserialize_with = "lenient::string")]
    pub status: String,
}

impl Service {
    /// The product's name in the customer's language when WHMCS has one.
    pub fn product(&self) -> &str {
        product_name(&self.name, &self.translated_name)
    }

    /// A service that is over: an SSO credential on it is a candidate for clean-up.
    pub fn is_ended(&self) -> bool {
        is_ended_status(&self.status)
    }
}

/// WHMCS's `translated_name` when it has one, else `name`.
fn product_name<'a>(name: &'a str, translated: &'a str) -> &'a str {
    if translated.is_empty() {
        name
    } else {
        translated
    }
}

/// Whether a service status means the service is over (terminated, cancelled, fraud,
/// completed).
pub fn is_ended_status(status: &str) -> bool {
    matches!(status, "Terminated" | "Cancelled" | "Fraud" | "Completed")
}

/// `GetClientsDetails`'s answer: the customer under `client` (WHMCS repeats its fields at
/// the top level too, a form it calls deprecated; only `client` is read).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ClientDetails {
    pub client: Client,
}

/// What the panel's list shows of a service: `GetClientsProducts` decoded to four fields
/// with a small hand-written reader (the full [`ServicesPage`] decode, with its buffered
/// "object or empty string" choice, costs the panel's WebAssembly 6 kB brotli).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ServiceSummary {
    #[serde(default, deserialize_with = "lenient::id_or_zero")]
    pub id: u64,
    /// The customer the service belongs to (0 when WHMCS does not say).
    #[serde(default, deserialize_with = "lenient::id_or_zero")]
    pub clientid: u64,
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub translated_name: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub domain: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub status: String,
}

impl ServiceSummary {
    /// The product's name in the customer's language when WHMCS has one.
    pub fn product(&self) -> &str {
        product_name(&self.name, &self.translated_name)
    }

    pub fn is_ended(&self) -> bool {
        is_ended_status(&self.status)
    }
}

/// A `GetClientsProducts` answer as summaries.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct ServiceSummaries {
    /// How many services match, whatever the page (reliable for this command).
    #[serde(default, deserialize_with = "lenient::id_or_zero")]
    pub totalresults: u64,
    #[serde(default, deserialize_with = "summaries")]
    pub products: Vec<ServiceSummary>,
}

/// `{"product": [...]}`, or what WHMCS sends for none (`""`, `[]`, `null`), without
/// buffering the value to find out which.
fn summaries<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<ServiceSummary>, D::Error> {
    d.deserialize_any(Items::new("product"))
}

/// `GetClients`'s customers as the panel reads them: the list only, with a reader that
/// does not buffer (see [`ServiceSummary`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct ClientMatches {
    #[serde(default, deserialize_with = "client_items")]
    pub clients: Vec<Client>,
}

fn client_items<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Client>, D::Error> {
    d.deserialize_any(Items::new("client"))
}

/// WHMCS's list wrapper (`{"<key>": [...]}`) read in one pass; any other form is none.
struct Items<T> {
    key: &'static str,
    item: std::marker::PhantomData<T>,
}

impl<T> Items<T> {
    fn new(key: &'static str) -> Items<T> {
        Items {
            key,
            item: std::marker::PhantomData,
        }
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for Items<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("WHMCS's list")
    }

    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Vec::new())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == self.key {
                found = map.next_value()?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

/// A page of `GetClients`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct ClientsPage {
    /// Not a total past the first page (contract point 17: counted with the offset
    /// applied, so 0 there). A reader pages until a page comes back shorter than
    /// `limitnum`.
    #[serde(default, deserialize_with = "lenient::id_or_zero")]
    pub totalresults: u64,
    #[serde(default, deserialize_with = "lenient::id_or_zero")]
    pub startnumber: u64,
    #[serde(default, deserialize_with = "lenient::id_or_zero")]
    pub numreturned: u64,
    #[serde(default, deserialize_with = "clients")]
    pub clients: Vec<Client>,
}

/// A page of `GetClientsProducts`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct ServicesPage {
    #[serde(default, deserialize_with = "lenient::id_or_zero")]
    pub totalresults: u64,
    #[serde(default, deserialize_with = "lenient::id_or_zero")]
    pub startnumber: u64,
    #[serde(default, deserialize_with = "lenient::id_or_zero")]
    pub numreturned: u64,
    #[serde(default, deserialize_with = "products")]
    pub products: Vec<Service>,
}

/// `clients` (`{"client": [...]}`).
fn clients<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Client>, D::Error> {
    listed(d)
}

/// `products` (`{"product": [...]}`).
fn products<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Service>, D::Error> {
    listed(d)
}

/// WHMCS's list wrapper (`{"client": [...]}`, `{"product": [...]}`), or anything else it
/// sends for none (`""`, `[]`, `null`).
fn listed<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    #[derive(Deserialize)]
    #[serde(bound = "T: Deserialize<'de>")]
    struct Wrapped<T> {
        #[serde(alias = "client", alias = "product")]
        items: Vec<T>,
    }
    #[derive(Deserialize)]
    #[serde(untagged, bound = "T: Deserialize<'de>")]
    enum Form<T> {
        Wrapped(Wrapped<T>),
        Empty(IgnoredAny),
    }
    Ok(match Form::<T>::deserialize(d)? {
        Form::Wrapped(w) => w.items,
        Form::Empty(_) => Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_read_each_form_whmcs_sends() {
        let page: ServiceSummaries = serde_json::from_str(
            r#"{"result":"success","totalresults":"1","products":{"product":[{"id":"7",
                "name":"Starter","translated_name":"","domain":"example.com",
                "status":"Terminated","password":"never read","customfields":{"customfield":[]}}]}}"#,
        )
        .unwrap();
        assert_eq!(page.products.len(), 1);
        assert_eq!(page.products[0].product(), "Starter");
        assert_eq!(page.products[0].domain, "example.com");
        assert_eq!(
            page.products[0].clientid, 0,
            "absent client id reads as none"
        );
        assert_eq!(page.products[0].id, 7);
        assert!(page.products[0].is_ended());
        for none in [r#""""#, "[]", "null"] {
            let page: ServiceSummaries =
                serde_json::from_str(&format!(r#"{{"result":"success","products":{none}}}"#))
                    .unwrap();
            assert!(page.products.is_empty(), "{none}");
        }
        let absent: ServiceSummaries = serde_json::from_str(r#"{"result":"success"}"#).unwrap();
        assert!(absent.products.is_empty());
    }

    #[test]
    fn reads_whmcs_documented_example() {
        let page: ServicesPage = serde_json::from_str(
            r#"{"result":"success","clientid":"1","serviceid":null,"pid":null,"domain":null,
                "totalresults":"2","startnumber":0,"numreturned":2,
                "products":{"product":[{"id":"1","qty":"1","clientid":"1","orderid":"1","pid":"1",
                "regdate":"2015-01-01","name":"Starter","translated_name":"Starter",
                "groupname":"Shared Hosting","translated_groupname":"Shared Hosting",
                "domain":"demodomain.com","billingcycle":"Monthly","status":"Active",
                "username":"demo","password":"s3cret","customfields":{"customfield":[]}}]}}"#,
        )
        .unwrap();
        assert_eq!(page.totalresults, 2);
        let s = &page.products[0];
        assert_eq!((s.id, s.clientid, s.pid), (1, 1, 1));
        assert_eq!(
            (s.product(), s.domain.as_str()),
            ("Starter", "demodomain.com")
        );
        assert!(!s.is_ended());
    }

    #[test]
    fn reads_every_empty_form() {
        for body in [
            r#"{"result":"success","totalresults":0,"startnumber":0,"numreturned":0,"products":""}"#,
            r#"{"result":"success","totalresults":"0","products":[]}"#,
            r#"{"result":"success","products":null}"#,
            r#"{"result":"success"}"#,
        ] {
            let page: ServicesPage = serde_json::from_str(body).unwrap();
            assert!(page.products.is_empty(), "{body}");
        }
        let page: ClientsPage = serde_json::from_str(
            r#"{"result":"success","totalresults":0,"startnumber":0,"numreturned":0}"#,
        )
        .unwrap();
        assert!(page.clients.is_empty());
    }

    #[test]
    fn customer_matches_read_each_form() {
        let found: ClientMatches = serde_json::from_str(
            r#"{"result":"success","totalresults":1,"clients":{"client":[{"id":3,
                "firstname":"Hana","lastname":"Sato","email":"hana.sato@example.com"}]}}"#,
        )
        .unwrap();
        assert_eq!(found.clients[0].display_name(), "Hana Sato");
        let none: ClientMatches = serde_json::from_str(r#"{"result":"success"}"#).unwrap();
        assert!(none.clients.is_empty());
    }

    #[test]
    fn reads_a_customer_from_details() {
        let details: ClientDetails = serde_json::from_str(
            r#"{"result":"success","userid":3,"id":3,"firstname":"Old","client":{"userid":3,
                "id":3,"firstname":"Hana","lastname":"Sato","fullname":"Hana Sato",
                "companyname":"","email":"hana.sato@example.com","status":"Active",
                "address1":"1-2-3","password":"never read"}}"#,
        )
        .unwrap();
        assert_eq!(details.client.id, 3);
        assert_eq!(details.client.display_name(), "Hana Sato");
        assert_eq!(details.client.email, "hana.sato@example.com");
    }

    #[test]
    fn names_a_customer_as_people_do() {
        let page: ClientsPage = serde_json::from_str(
            r#"{"totalresults":2,"clients":{"client":[
                {"id":1,"firstname":"Jane","lastname":"Doe","companyname":"","email":"jane@example.com","datecreated":"2024-01-15","groupid":0,"status":"Active"},
                {"id":"2","firstname":"Max","lastname":"Muster","companyname":"Muster GmbH","email":"max@example.com","groupid":"0","status":"Closed"}]}}"#,
        )
        .unwrap();
        assert_eq!(page.clients[0].display_name(), "Jane Doe");
        assert_eq!(page.clients[1].display_name(), "Muster GmbH");
        assert_eq!(page.clients[1].id, 2);
    }
}
