//! Will WHMCS sign a customer on with this single sign-on credential? The three things a
//! real installation checks besides the secret (contract point 20), each as a line a support
//! person can act on: the service exists and is Active or Suspended, its customer's account
//! is not Closed, and the credential holds `clientarea:sso`.

use serde::{Deserialize, Serialize};

use crate::customer::ServiceSummary;

/// The scope WHMCS always requires for a single sign-on.
pub const SSO_SCOPE: &str = "clientarea:sso";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Ready,
    Problem,
    /// Not checked: the API role may not read it, or WHMCS did not answer.
    Unknown,
}

/// One line of the readiness list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub verdict: Verdict,
    pub text: String,
}

fn check(verdict: Verdict, text: impl Into<String>) -> Check {
    Check {
        verdict,
        text: text.into(),
    }
}

/// What is known of the credential's service.
pub enum ServiceKnown<'a> {
    /// Not read (the role lacks `GetClientsProducts`, or the read failed).
    Unread,
    /// WHMCS has no such service.
    Missing,
    Found(&'a ServiceSummary),
}

/// What is known of the service's customer: their account status, if it was read.
pub enum CustomerKnown<'a> {
    Unread,
    Missing,
    Status(&'a str),
}

/// The readiness lines, in the order WHMCS meets them.
pub fn single_sign_on(
    scopes: &[String],
    service_id: u64,
    service: ServiceKnown<'_>,
    customer: CustomerKnown<'_>,
) -> Vec<Check> {
    let service_line = match service {
        ServiceKnown::Unread => check(
            Verdict::Unknown,
            format!(
                "Service {service_id} could not be checked: your API role may not read services (GetClientsProducts)."
            ),
        ),
        ServiceKnown::Missing => check(
            Verdict::Problem,
            format!(
                "Service {service_id} no longer exists in WHMCS, so there is nothing to sign in to. Point the credential at the customer's current service, or delete it."
            ),
        ),
        ServiceKnown::Found(s) if matches!(s.status.as_str(), "Active" | "Suspended") => check(
            Verdict::Ready,
            format!("Service {service_id} ({}) is {}.", s.product(), s.status),
        ),
        ServiceKnown::Found(s) => check(
            Verdict::Problem,
            format!(
                "Service {service_id} ({}) is {}: WHMCS provisions single sign-on only for Active or Suspended services. Reactivate the service, or delete this credential.",
                s.product(),
                s.status
            ),
        ),
    };
    let customer_line = match customer {
        CustomerKnown::Unread => check(
            Verdict::Unknown,
            "The customer's account could not be checked: your API role may not read customers (GetClientsDetails).",
        ),
        CustomerKnown::Missing => check(
            Verdict::Problem,
            "The service's customer no longer exists in WHMCS, so nobody can be signed in.",
        ),
        CustomerKnown::Status("Closed") => check(
            Verdict::Problem,
            "The customer's account is Closed: WHMCS refuses the sign-on (\"Single Sign-On authentication denied\"). Reopen the account in WHMCS, or delete this credential.",
        ),
        CustomerKnown::Status(status) => check(
            Verdict::Ready,
            format!("The customer's account is {status}."),
        ),
    };
    let scope_line = if scopes.iter().any(|s| s == SSO_SCOPE) {
        check(Verdict::Ready, "The credential holds clientarea:sso.")
    } else {
        check(
            Verdict::Problem,
            "The credential lacks clientarea:sso, which WHMCS always requires for a single sign-on. Add it under Scopes.",
        )
    };
    vec![service_line, customer_line, scope_line]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(status: &str) -> ServiceSummary {
        ServiceSummary {
            id: 7,
            clientid: 3,
            name: "VPS".into(),
            translated_name: String::new(),
            domain: "a.example".into(),
            status: status.into(),
        }
    }

    fn verdicts(checks: &[Check]) -> Vec<Verdict> {
        checks.iter().map(|c| c.verdict).collect()
    }

    #[test]
    fn a_ready_credential() {
        let s = service("Suspended");
        let got = single_sign_on(
            &["clientarea:sso".into()],
            7,
            ServiceKnown::Found(&s),
            CustomerKnown::Status("Active"),
        );
        assert_eq!(verdicts(&got), [Verdict::Ready; 3]);
        assert_eq!(got[0].text, "Service 7 (VPS) is Suspended.");
    }

    #[test]
    fn an_ended_service_a_closed_account_and_no_sso_scope() {
        let s = service("Terminated");
        let got = single_sign_on(
            &["clientarea:profile".into()],
            7,
            ServiceKnown::Found(&s),
            CustomerKnown::Status("Closed"),
        );
        assert_eq!(verdicts(&got), [Verdict::Problem; 3]);
        assert!(
            got[0]
                .text
                .starts_with("Service 7 (VPS) is Terminated: WHMCS provisions")
        );
        assert!(got[1].text.contains("Single Sign-On authentication denied"));
        assert!(got[2].text.contains("lacks clientarea:sso"));
    }

    #[test]
    fn what_could_not_be_read_is_said() {
        let got = single_sign_on(&[], 9, ServiceKnown::Unread, CustomerKnown::Unread);
        assert_eq!(
            verdicts(&got),
            [Verdict::Unknown, Verdict::Unknown, Verdict::Problem]
        );
        let gone = single_sign_on(&[], 9, ServiceKnown::Missing, CustomerKnown::Missing);
        assert!(gone[0].text.contains("no longer exists"));
    }
}
