use super::*;
use crate::credential::Credential;
use crate::scope::ScopeCatalogue;
use crate::timestamp::Timestamp;
use time::macros::date;

fn credential(grant: &str, scopes: &[&str], service: u64, redirects: &[&str]) -> Credential {
    Credential {
        credential_id: 1,
        name: String::new(),
        description: String::new(),
        grant_types: vec![grant.into()],
        scopes: scopes.iter().map(|s| s.to_string()).collect(),
        client_identifier: "ACME.x".into(),
        client_secret: None,
        uuid: None,
        service_id: service,
        logo_uri: String::new(),
        redirect_uris: redirects.iter().map(|s| s.to_string()).collect(),
        rsa_key_pair_id: 0,
        created_at: Timestamp::parse("1st January 2026 9:00:00am"),
        updated_at: Timestamp::parse("1st December 2026 9:00:00am"),
    }
}

fn app(scopes: &[&str], redirects: &[&str]) -> Credential {
    credential("authorization_code", scopes, 0, redirects)
}

fn sso(service: u64) -> Credential {
    credential("single_sign_on", &["clientarea:sso"], service, &[])
}

/// Service 1 Active (client Active), 2 Terminated, 3 Pending, 4 Completed, 5 Active for
/// a Closed client, 6 Cancelled, 7 Fraud, 8 Suspended with the client unread; 9 gone.
struct Facts;
impl InstallationFacts for Facts {
    fn service(&self, id: u64) -> ServiceFacts<'_> {
        let found = |status, client_status| ServiceFacts::Found {
            status,
            client_status,
        };
        match id {
            1 => found("Active", Some("Active")),
            2 => found("Terminated", Some("Active")),
            3 => found("Pending", Some("Active")),
            4 => found("Completed", Some("Active")),
            5 => found("Active", Some("Closed")),
            6 => found("Cancelled", Some("Active")),
            7 => found("Fraud", Some("Active")),
            8 => found("Suspended", None),
            9 => ServiceFacts::Missing,
            _ => ServiceFacts::Unknown,
        }
    }
}

fn survey_of<'a>(all: &[Credential], catalogue: &'a ScopeCatalogue) -> Survey<'a> {
    Survey::new(all, catalogue, date!(2026 - 12 - 06))
}

fn kinds(c: &Credential) -> Vec<FindingKind> {
    let catalogue = ScopeCatalogue::default();
    survey_of(std::slice::from_ref(c), &catalogue)
        .check(c, &Facts)
        .iter()
        .collect()
}

#[test]
fn a_healthy_app_and_a_healthy_sso_credential_have_no_finding() {
    assert!(kinds(&app(&["openid", "email"], &["https://app.example/cb"])).is_empty());
    assert!(kinds(&sso(1)).is_empty());
    assert!(
        kinds(&sso(8)).is_empty(),
        "Suspended is signed in; client unread"
    );
}

#[test]
fn rule_no_redirect_uri() {
    assert!(no_redirect_uri(&app(&["openid"], &[])));
    assert!(no_redirect_uri(&app(&["openid"], &["  "])));
    assert!(!no_redirect_uri(&app(
        &["openid"],
        &["https://a.example/cb"]
    )));
    assert!(!no_redirect_uri(&sso(1)), "single sign-on needs none");
    assert_eq!(kinds(&app(&["openid"], &[])), [FindingKind::NoRedirectUri]);
}

#[test]
fn rule_unsafe_redirect_uri() {
    let c = app(
        &["openid"],
        &[
            "https://ok.example/cb",
            "http://app.example/cb",
            "http://127.0.0.1:7777/cb",
            "https://app.example/cb#done",
            "https://*.example/cb",
        ],
    );
    let named: Vec<&str> = unsafe_redirect_uris(&c).map(|(u, _)| u).collect();
    assert_eq!(
        named,
        [
            "http://app.example/cb",
            "https://app.example/cb#done",
            "https://*.example/cb"
        ]
    );
    assert_eq!(kinds(&c), [FindingKind::UnsafeRedirectUri]);
}

#[test]
fn rule_service_ended() {
    for ended in [2, 6, 7, 9] {
        assert!(service_ended(&sso(ended), &Facts), "service {ended}");
    }
    for not in [1, 3, 4, 5, 8, 10] {
        assert!(!service_ended(&sso(not), &Facts), "service {not}");
    }
    assert!(!service_ended(
        &app(&["openid"], &["https://a.example/"]),
        &Facts
    ));
}

#[test]
fn rule_client_closed() {
    assert!(client_closed(&sso(5), &Facts));
    assert!(!client_closed(&sso(1), &Facts));
    assert!(
        !client_closed(&sso(8), &Facts),
        "an unread client is not judged"
    );
    assert_eq!(kinds(&sso(5)), [FindingKind::ClientClosed]);
}

#[test]
fn rule_service_not_active() {
    assert!(service_not_active(&sso(3), &Facts));
    assert!(service_not_active(&sso(4), &Facts));
    assert!(!service_not_active(&sso(1), &Facts));
    assert!(
        !service_not_active(&sso(2), &Facts),
        "ended is its own finding"
    );
}

#[test]
fn rule_duplicate_single_sign_on() {
    let catalogue = ScopeCatalogue::default();
    let all = [sso(1), sso(1), sso(2)];
    let survey = survey_of(&all, &catalogue);
    assert!(survey.duplicate_sso(&all[0]) && survey.duplicate_sso(&all[1]));
    assert!(!survey.duplicate_sso(&all[2]));
}

#[test]
fn rule_missing_sso_scope() {
    let c = credential("single_sign_on", &["clientarea:services"], 1, &[]);
    assert!(missing_sso_scope(&c));
    assert!(!missing_sso_scope(&sso(1)));
    assert_eq!(kinds(&c), [FindingKind::MissingSsoScope]);
}

#[test]
fn rule_missing_openid() {
    let c = app(&["email", "profile"], &["https://a.example/cb"]);
    assert!(missing_openid(&c));
    assert!(!missing_openid(&sso(1)));
    assert_eq!(kinds(&c), [FindingKind::MissingOpenid]);
}

#[test]
fn rule_unknown_scope() {
    let c = app(&["openid", "legacy:reports"], &["https://a.example/cb"]);
    let catalogue = ScopeCatalogue::default();
    assert_eq!(
        unknown_scopes(&c, &catalogue).collect::<Vec<_>>(),
        ["legacy:reports"]
    );
    assert_eq!(kinds(&c), [FindingKind::UnknownScope]);
}

#[test]
fn rule_duplicate_redirect_uri() {
    let c = app(
        &["openid"],
        &[
            "https://a.example/cb",
            "https://b.example/cb",
            "https://a.example/cb",
        ],
    );
    assert_eq!(duplicate_redirect_uri(&c), Some("https://a.example/cb"));
    assert_eq!(
        duplicate_redirect_uri(&app(&["openid"], &["https://a.example/cb"])),
        None
    );
    assert_eq!(kinds(&c), [FindingKind::DuplicateRedirectUri]);
}

#[test]
fn rule_stale() {
    let catalogue = ScopeCatalogue::default();
    let survey = survey_of(&[], &catalogue);
    let mut c = sso(1);
    c.updated_at = Timestamp::parse("5th December 2025 11:59:59pm");
    assert!(survey.stale(&c), "a year and a day");
    c.updated_at = Timestamp::parse("6th December 2025 0:00:00am");
    assert!(!survey.stale(&c), "exactly a year");
    c.updated_at = Timestamp::Unparsed("yesterday".into());
    assert!(!survey.stale(&c), "an unreadable time is not judged");
}

#[test]
fn unknown_context_leaves_sso_credentials_unjudged_and_tallies_count_them() {
    let catalogue = ScopeCatalogue::default();
    let all = [sso(10), sso(2), sso(5), app(&["openid"], &[])];
    let survey = survey_of(&all, &catalogue);
    let mut tally = Tally::default();
    for c in &all {
        tally.add(survey.check(c, &Facts), unjudged(c, &Facts));
    }
    assert_eq!(tally.unjudged, 1);
    assert_eq!(tally.count(FindingKind::ServiceEnded), 1);
    assert_eq!(tally.count(FindingKind::ClientClosed), 1);
    assert_eq!(tally.count(FindingKind::NoRedirectUri), 1);
    assert!(unjudged(&sso(10), &()), "nothing read");
}

#[test]
fn kinds_round_trip_through_their_keys_and_say_what_whmcs_does_and_the_fix() {
    for kind in FindingKind::ALL {
        assert_eq!(FindingKind::from_key(kind.key()), Some(kind));
        assert!(!kind.title().ends_with('.'), "a title: {kind:?}");
        for sentence in [kind.whmcs_does(), kind.fix()] {
            assert!(sentence.ends_with('.'), "a sentence: {kind:?}: {sentence}");
        }
    }
    assert_eq!(FindingKind::from_key("nope"), None);
    let dangers: Vec<_> = FindingKind::ALL
        .into_iter()
        .filter(|k| k.severity() == Severity::Danger)
        .collect();
    assert_eq!(
        dangers,
        [FindingKind::NoRedirectUri, FindingKind::UnsafeRedirectUri]
    );
    let mut sorted = FindingKind::ALL;
    sorted.sort_by_key(|k| k.severity());
    assert_eq!(sorted, FindingKind::ALL, "listed worst first");
}
