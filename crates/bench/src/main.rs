//! `oauth-admin-bench`: measures the panel, gateway and sandbox against their budgets and
//! writes `report.json`. `cargo xtask bench` builds everything and runs it; see the README.

mod abuse;
mod bundle;
mod jobs;
mod load;
mod overhead;
mod panel;
mod report;
mod sandbox;
mod stack;
mod stats;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

use report::Report;
use stack::Stack;

/// The installation the cold load is measured with.
const SMALL: usize = 100;

#[derive(Debug, Parser)]
#[command(name = "oauth-admin-bench", about = "Benchmarks with budgets")]
struct Args {
    /// Trunk's release output (the panel as shipped).
    #[arg(long, default_value = "dist")]
    dist: PathBuf,
    /// The `oauth-admin` binary to run the sandbox and gateway with.
    #[arg(long)]
    oauth_admin: PathBuf,
    /// Where the figures go.
    #[arg(long, default_value = "target/bench/report.json")]
    out: PathBuf,
    #[arg(long, env = "CHROMEDRIVER", default_value = "chromedriver")]
    chromedriver: String,
    /// Credentials in the large installation most figures are about (one per customer
    /// service, as hosting companies have them).
    #[arg(long, default_value_t = 50_000)]
    big: usize,
    /// Exit with failure when a figure is over its budget.
    #[arg(long)]
    strict: bool,
    /// Only the bundle and the panel in the browser (skips abusive logins, the gateway's
    /// overhead and the sandbox): for working on the list.
    #[arg(long)]
    panel_only: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let started = Instant::now();
    let mut report = Report::default();
    if let Err(e) = run(&args, &mut report).await {
        eprintln!("benchmark failed: {e}");
        return ExitCode::FAILURE;
    }
    println!("\n{}", report.table());
    if let Err(e) = report.write_json(&args.out) {
        eprintln!("writing {}: {e}", args.out.display());
        return ExitCode::FAILURE;
    }
    let over = report.over_budget();
    println!(
        "{} figures in {:.0} s, written to {}; {} over budget{}",
        report.figures().len(),
        started.elapsed().as_secs_f64(),
        args.out.display(),
        over.len(),
        if over.is_empty() { "." } else { ":" }
    );
    for f in &over {
        println!(
            "  {}: {} {} (budget {})",
            f.name,
            f.value,
            f.unit,
            f.budget.unwrap_or_default()
        );
    }
    if args.strict && !over.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

async fn run(args: &Args, report: &mut Report) -> Result<(), String> {
    println!("Bundle ({}):", args.dist.display());
    bundle::measure(&args.dist, report).map_err(|e| e.to_string())?;

    let browser = headless::Browser::start(&args.chromedriver).await?;
    panel::instrument(&browser).await?;

    println!("Cold load ({SMALL} credentials):");
    let small = Stack::start(&args.oauth_admin, &args.dist, SMALL).await?;
    panel::log_in(&browser, &small).await?;
    let counts = panel::cold_load(&browser, &small, report).await?;
    if !args.panel_only {
        println!("Abusive logins:");
        abuse::logins(&small, report).await?;
    }
    drop(small);

    println!("Starting a sandbox with {} credentials…", args.big);
    let big = Stack::start(&args.oauth_admin, &args.dist, args.big).await?;
    println!("Big list ({} credentials) in the browser:", args.big);
    panel::log_in(&browser, &big).await?;
    panel::big_list(&browser, &big, Some(&counts), report).await?;
    println!("Fleet hygiene ({} credentials) in the browser:", args.big);
    panel::fleet::measure(&browser, &big, report).await?;
    browser.close().await;
    if args.panel_only {
        return Ok(());
    }

    println!("Gateway overhead:");
    overhead::measure(&big, report).await?;

    println!("A bulk job:");
    jobs::measure(&big, report).await?;

    println!("Sandbox:");
    sandbox::list_throughput(&big, report).await?;
    sandbox::creates(&big, report).await?;
    Ok(())
}
