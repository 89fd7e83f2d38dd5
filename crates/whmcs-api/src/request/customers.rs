//! `GetClients`, `GetClientsProducts` and `GetClientsDetails`: the reads that say whose
//! service a single sign-on credential belongs to. WHMCS reads their numbers with PHP's `(int)` (leading digits, else
//! 0) and never refuses one, so neither do these: a bad number is 0, as there.

use crate::Action;
use crate::params::Params;

/// `GetClients`' page size when `limitnum` is absent or 0.
pub const DEFAULT_LIMIT_NUM: u64 = 25;
/// `GetClientsProducts`' when `limitnum` is absent or 0: every match (contract point 15),
/// so the product always sends one.
pub const SERVICES_DEFAULT_LIMIT_NUM: u64 = 999_999;
/// The page the product asks for when it reads services in bulk.
pub const SERVICES_PAGE: u64 = 250;

/// `GetClients`: customers whose email, first name, last name, full name ("first last") or
/// company name starts with `search`, ordered by last name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientsQuery {
    pub search: String,
    pub limit_start: u64,
    pub limit_num: u64,
}

/// `GetClientsProducts`: services, filtered by exact service id, client id and domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServicesQuery {
    pub service_id: Option<u64>,
    pub client_id: Option<u64>,
    pub domain: String,
    pub limit_start: u64,
    pub limit_num: u64,
}

/// `GetClientsDetails` by `clientid` (or, as WHMCS also reads it, `email`): one customer's
/// name, company and email. The panel needs only the id, so the gateway passes only
/// `clientid`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientQuery {
    pub client_id: u64,
    /// Empty when not sent.
    pub email: String,
}

impl ClientQuery {
    /// The parameters this command may carry through the gateway.
    pub const PARAMS: [&'static str; 1] = ["clientid"];

    pub fn to_params(&self) -> Params {
        let mut p = Params::new();
        p.push("action", Action::GetClientsDetails.name())
            .push("clientid", self.client_id.to_string());
        p
    }

    pub fn from_params(params: &Params) -> ClientQuery {
        ClientQuery {
            client_id: php_int(params.get("clientid")),
            email: params.get("email").unwrap_or("").trim().to_owned(),
        }
    }

    /// One customer by id.
    pub fn by_id(client_id: u64) -> ClientQuery {
        ClientQuery {
            client_id,
            email: String::new(),
        }
    }
}

impl Default for ClientsQuery {
    fn default() -> Self {
        ClientsQuery {
            search: String::new(),
            limit_start: 0,
            limit_num: DEFAULT_LIMIT_NUM,
        }
    }
}

impl Default for ServicesQuery {
    fn default() -> Self {
        ServicesQuery {
            service_id: None,
            client_id: None,
            domain: String::new(),
            limit_start: 0,
            limit_num: SERVICES_PAGE,
        }
    }
}

impl ClientsQuery {
    /// The parameters this command reads (the gateway lets only these through).
    pub const PARAMS: [&'static str; 3] = ["search", "limitstart", "limitnum"];

    pub fn to_params(&self) -> Params {
        let mut p = Params::new();
        p.push("action", Action::GetClients.name());
        if !self.search.is_empty() {
            p.push("search", self.search.as_str());
        }
        p.push("limitstart", self.limit_start.to_string())
            .push("limitnum", self.limit_num.to_string());
        p
    }

    pub fn from_params(params: &Params) -> ClientsQuery {
        ClientsQuery {
            search: params.get("search").unwrap_or("").to_owned(),
            limit_start: php_int(params.get("limitstart")),
            limit_num: limit_num(params.get("limitnum")),
        }
    }
}

impl ServicesQuery {
    /// The parameters this command reads (the gateway lets only these through).
    pub const PARAMS: [&'static str; 5] =
        ["serviceid", "clientid", "domain", "limitstart", "limitnum"];

    /// One service, by id: what the panel asks for each single sign-on credential on screen.
    pub fn service(id: u64) -> ServicesQuery {
        ServicesQuery {
            service_id: Some(id),
            ..ServicesQuery::default()
        }
    }

    /// A customer's services.
    pub fn of_client(id: u64) -> ServicesQuery {
        ServicesQuery {
            client_id: Some(id),
            ..ServicesQuery::default()
        }
    }

    pub fn to_params(&self) -> Params {
        let mut p = Params::new();
        p.push("action", Action::GetClientsProducts.name());
        if let Some(id) = self.service_id {
            p.push("serviceid", id.to_string());
        }
        if let Some(id) = self.client_id {
            p.push("clientid", id.to_string());
        }
        if !self.domain.is_empty() {
            p.push("domain", self.domain.as_str());
        }
        p.push("limitstart", self.limit_start.to_string())
            .push("limitnum", self.limit_num.to_string());
        p
    }

    /// As WHMCS reads them (point 15): a filter is on when PHP finds its value truthy (not
    /// empty, not `0`), and then compares as MySQL does (`id = 'abc'` is `id = 0`, which
    /// matches nothing); no `limitnum` is every match.
    pub fn from_params(params: &Params) -> ServicesQuery {
        let filter = |name| {
            params
                .get(name)
                .filter(|v| !v.is_empty() && *v != "0")
                .map(|v| php_int(Some(v)))
        };
        ServicesQuery {
            service_id: filter("serviceid"),
            client_id: filter("clientid"),
            domain: params.get("domain").unwrap_or("").to_owned(),
            limit_start: php_int(params.get("limitstart")),
            limit_num: match php_int(params.get("limitnum")) {
                0 => SERVICES_DEFAULT_LIMIT_NUM,
                n => n,
            },
        }
    }
}

/// PHP's `(int)` on a form value: leading whitespace, an optional sign, leading digits;
/// anything else (and anything negative) is 0 here.
pub fn php_int(value: Option<&str>) -> u64 {
    let v = value.unwrap_or("").trim_start();
    let v = v.strip_prefix('+').unwrap_or(v);
    let digits: &str = &v[..v.bytes().take_while(u8::is_ascii_digit).count()];
    digits
        .parse()
        .unwrap_or(if digits.is_empty() { 0 } else { u64::MAX })
}

fn limit_num(value: Option<&str>) -> u64 {
    match php_int(value) {
        0 => DEFAULT_LIMIT_NUM,
        n => n,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_as_php_casts_them() {
        for (raw, n) in [
            ("12", 12),
            (" 7", 7),
            ("+3", 3),
            ("12abc", 12),
            ("abc", 0),
            ("-5", 0),
            ("", 0),
            ("99999999999999999999999", u64::MAX),
        ] {
            assert_eq!(php_int(Some(raw)), n, "{raw:?}");
        }
    }

    #[test]
    fn paging_defaults_follow_whmcs() {
        let q = ClientsQuery::from_params(&Params::parse("search=jane"));
        assert_eq!(
            q,
            ClientsQuery {
                search: "jane".into(),
                limit_start: 0,
                limit_num: 25
            }
        );
        assert_eq!(
            ClientsQuery::from_params(&Params::parse("limitnum=0&limitstart=5")).limit_num,
            25
        );
        let s =
            ServicesQuery::from_params(&Params::parse("serviceid=0&clientid=4&domain=a.example"));
        assert_eq!(s.service_id, None, "0 is no filter");
        assert_eq!(s.client_id, Some(4));
        assert_eq!(s.domain, "a.example");
        assert_eq!(s.limit_num, SERVICES_DEFAULT_LIMIT_NUM, "no limitnum: all");
        let junk = ServicesQuery::from_params(&Params::parse("serviceid=abc"));
        assert_eq!(junk.service_id, Some(0), "a filter that matches nothing");
    }

    #[test]
    fn round_trips() {
        let q = ServicesQuery {
            service_id: Some(9),
            client_id: Some(2),
            domain: "x.example".into(),
            limit_start: 25,
            limit_num: 50,
        };
        assert_eq!(ServicesQuery::from_params(&q.to_params()), q);
        let c = ClientsQuery {
            search: "Jane Do".into(),
            limit_start: 0,
            limit_num: 10,
        };
        assert_eq!(ClientsQuery::from_params(&c.to_params()), c);
        let one = ClientQuery::by_id(42);
        assert_eq!(ClientQuery::from_params(&one.to_params()), one);
        assert_eq!(
            ClientQuery::from_params(&Params::parse("clientid=abc")).client_id,
            0
        );
    }
}
