//! The gateway under abusive logins: 1,500 attempts with distinct 60,000-character
//! identifiers, then 1,500 with distinct short ones, all from one address. Its memory
//! before and after: identifiers are capped before anything holds them, and an address
//! over its limit records nothing more, so the figure stays flat.

use crate::report::Report;
use crate::stack::Stack;

const ATTEMPTS: usize = 1_500;
/// What 1,500 abusive logins may leave behind in the gateway.
const GROWTH_BUDGET_MIB: f64 = 8.0;

pub async fn logins(stack: &Stack, report: &mut Report) -> Result<(), String> {
    let http = reqwest::Client::new();
    let before = stack.gateway.rss_kib();
    let mut statuses = std::collections::BTreeMap::<u16, usize>::new();
    for round in ["long", "short"] {
        for n in 0..ATTEMPTS {
            let identifier = match round {
                "long" => format!("{n:05}{}", "x".repeat(60_000)),
                _ => format!("abuser-{n}"),
            };
            let status = http
                .post(format!("{}/api/session", stack.gateway_url))
                .header("origin", &stack.gateway_url)
                .json(&serde_json::json!({"identifier": identifier, "secret": "guess"}))
                .send()
                .await
                .map_err(|e| format!("abusive login: {e}"))?
                .status()
                .as_u16();
            *statuses.entry(status).or_default() += 1;
        }
    }
    println!("  answers to {} abusive logins: {statuses:?}", 2 * ATTEMPTS);
    if statuses.get(&400) != Some(&ATTEMPTS) {
        return Err(format!(
            "every over-long identifier must be refused with 400: {statuses:?}"
        ));
    }
    if let (Some(before), Some(after)) = (before, stack.gateway.rss_kib()) {
        let mib = |kib: u64| (kib as f64 / 1024.0 * 10.0).round() / 10.0;
        report.add(
            "gateway memory: before 3,000 abusive logins",
            mib(before),
            "MiB",
            None,
        );
        report.add(
            "gateway memory: after 3,000 abusive logins",
            mib(after),
            "MiB",
            None,
        );
        report.add(
            "gateway memory: growth from 3,000 abusive logins",
            mib(after.saturating_sub(before)),
            "MiB",
            Some(GROWTH_BUDGET_MIB),
        );
    }
    Ok(())
}
