//! Property tests: every valid request survives encode → decode unchanged, and no input,
//! however malformed, makes decoding or validation panic.

use proptest::prelude::*;
use whmcs_api::params::Params;
use whmcs_api::uri::{check_logo_uri, check_redirect_uri};
use whmcs_api::validation::Rules;
use whmcs_api::*;

fn catalogue() -> ScopeCatalogue {
    ScopeCatalogue::default()
}

fn scopes() -> impl Strategy<Value = Vec<String>> {
    let names: Vec<String> = catalogue().names().map(str::to_owned).collect();
    prop::sample::subsequence(names, 1..6)
}

fn name() -> impl Strategy<Value = String> {
    "[A-Za-z0-9][A-Za-z0-9 .'-]{0,30}[A-Za-z0-9]"
}

fn any_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..max).prop_map(|c| c.into_iter().collect())
}

fn redirect_uris() -> impl Strategy<Value = Vec<String>> {
    prop::collection::btree_set(
        prop_oneof![
            "https://[a-z]{1,12}\\.example(:[1-9][0-9]{0,3})?/[a-zA-Z0-9/_.~-]{0,20}(\\?[a-z]=[0-9]{1,3})?",
            "http://(localhost|127\\.0\\.0\\.1|\\[::1\\]):[1-9][0-9]{1,3}/cb",
        ],
        0..4,
    )
    .prop_map(|s| s.into_iter().collect())
}

fn logo_uri() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "https://cdn\\.example\\.com/[a-z]{1,10}\\.png",
        "(assets/img/)?[a-z]{1,10}\\.(png|svg)",
    ]
}

fn create() -> impl Strategy<Value = CreateCredential> {
    (
        prop::sample::select(GrantType::ALL.to_vec()),
        scopes(),
        prop::option::of(name()),
        1..u64::from(u32::MAX),
        any_text(200),
        logo_uri(),
        redirect_uris(),
    )
        .prop_map(
            |(grant_type, scopes, name, service, description, logo_uri, redirect_uris)| {
                let sso = grant_type == GrantType::SingleSignOn;
                CreateCredential {
                    grant_type,
                    scopes,
                    name: if sso {
                        name.unwrap_or_default()
                    } else {
                        name.unwrap_or_else(|| "App".into())
                    },
                    service_id: if sso { service } else { 0 },
                    description,
                    logo_uri,
                    redirect_uris,
                }
            },
        )
}

fn update() -> impl Strategy<Value = UpdateCredential> {
    (
        prop_oneof![
            (1..u64::MAX).prop_map(CredentialRef::Id),
            "[A-Z0-9-]{1,16}\\.[0-9a-f]{32}".prop_map(CredentialRef::ClientIdentifier),
        ],
        prop::option::of(name()),
        prop::option::of(any_text(100)),
        prop::option::of(prop::sample::select(GrantType::ALL.to_vec())),
        prop::option::of(scopes()),
        prop::option::of(1..u64::from(u32::MAX)),
        prop::option::of(logo_uri()),
        prop::option::of(redirect_uris()),
        any::<bool>(),
    )
        .prop_map(
            |(
                target,
                name,
                description,
                grant_type,
                scopes,
                service_id,
                logo_uri,
                redirect_uris,
                reset_secret,
            )| {
                UpdateCredential {
                    target,
                    name,
                    description,
                    grant_type,
                    scopes,
                    service_id,
                    logo_uri,
                    redirect_uris,
                    reset_secret,
                }
            },
        )
}

fn list() -> impl Strategy<Value = ListQuery> {
    (
        "[a-z_]{0,20}",
        prop::option::of((
            prop::sample::select(SortField::ALL.to_vec()),
            prop::sample::select(vec![SortOrder::Asc, SortOrder::Desc]),
        )),
        any::<u32>(),
    )
        .prop_map(|(grant_type, sort, limit)| ListQuery {
            grant_type,
            sort,
            limit,
        })
}

/// Parameter names worth colliding with, plus random ones.
fn param_name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "action",
            "grantType",
            "granttype",
            "scope",
            "name",
            "serviceId",
            "description",
            "logoUri",
            "redirectUri",
            "redirectUri[]",
            "redirectUri[0]",
            "redirectUri[x",
            "credentialId",
            "clientIdentifier",
            "clientApiIdentifier",
            "resetSecret",
            "sortField",
            "sortOrder",
            "limit",
        ])
        .prop_map(str::to_owned),
        any_text(12),
    ]
}

fn params() -> impl Strategy<Value = Params> {
    prop::collection::vec((param_name(), any_text(40)), 0..12)
        .prop_map(|pairs| pairs.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn create_round_trips(c in create()) {
        let cat = catalogue();
        let body = c.to_params().encode();
        prop_assert_eq!(CreateCredential::from_params(&Params::parse(&body), &Rules::offline(&cat)), Ok(c));
    }

    #[test]
    fn update_round_trips(u in update()) {
        let cat = catalogue();
        let body = u.to_params().encode();
        prop_assert_eq!(UpdateCredential::from_params(&Params::parse(&body), &Rules::offline(&cat), None), Ok(u));
    }

    #[test]
    fn delete_round_trips(id in 1..u64::MAX) {
        let d = DeleteCredential { credential_id: id };
        prop_assert_eq!(DeleteCredential::from_params(&Params::parse(&d.to_params().encode())), Ok(d));
    }

    #[test]
    fn list_round_trips(q in list()) {
        prop_assert_eq!(ListQuery::from_params(&Params::parse(&q.to_params().encode())), Ok(q));
    }

    #[test]
    fn params_round_trip(pairs in prop::collection::vec((any_text(12), any_text(40)), 0..10)) {
        let p: Params = pairs.into_iter().collect();
        prop_assert_eq!(Params::parse(&p.encode()), p);
    }

    #[test]
    fn validation_never_panics(p in params()) {
        let cat = catalogue();
        let rules = Rules::offline(&cat);
        let _ = CreateCredential::from_params(&p, &rules);
        let _ = UpdateCredential::from_params(&p, &rules, None);
        let _ = DeleteCredential::from_params(&p);
        let _ = ListQuery::from_params(&p);
        let _ = Action::parse(p.get("action").unwrap_or(""));
    }

    #[test]
    fn an_error_always_has_a_message(p in params()) {
        let cat = catalogue();
        if let Err(e) = CreateCredential::from_params(&p, &Rules::offline(&cat)) {
            prop_assert!(!e.first_message().is_empty());
        }
    }

    #[test]
    fn decoding_never_panics(body in any_text(300)) {
        let _ = decode_response::<ListResponse>(&body);
        let _ = decode_response::<CreateResponse>(&body);
        let _ = Params::parse(&body);
        let _ = Timestamp::parse(&body);
        let _ = check_redirect_uri(&body);
        let _ = check_logo_uri(&body);
    }

    #[test]
    fn decoding_json_shaped_garbage_never_panics(
        id in prop_oneof![Just("1".to_owned()), Just("\"7\"".to_owned()), Just("null".to_owned()), Just("-3".to_owned()), Just("1.5".to_owned()), Just("[]".to_owned())],
        uris in prop_oneof![Just("[]".to_owned()), Just("\"a b\"".to_owned()), Just("null".to_owned()), Just("[1,\"x\"]".to_owned()), Just("{}".to_owned())],
        date in any_text(30),
    ) {
        let body = format!(
            r#"{{"result":"success","clients":[{{"credentialId":{id},"redirectUri":{uris},"createdAt":{}}}]}}"#,
            serde_json::to_string(&date).unwrap()
        );
        let _ = decode_response::<ListResponse>(&body);
    }

    #[test]
    fn timestamps_round_trip(
        y in 1970i32..2100, m in 1u8..=12, d in 1u8..=28, h in 0u8..24, mi in 0u8..60, s in 0u8..60
    ) {
        let month = time::Month::try_from(m).unwrap();
        let t = time::PrimitiveDateTime::new(
            time::Date::from_calendar_date(y, month, d).unwrap(),
            time::Time::from_hms(h, mi, s).unwrap(),
        );
        prop_assert_eq!(Timestamp::parse(&Timestamp::At(t).to_string()), Timestamp::At(t));
    }
}
