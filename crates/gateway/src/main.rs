use std::process::ExitCode;

use clap::Parser;
use gateway::cli::{Cli, Command, ServeArgs};
#[cfg(feature = "demo")]
use gateway::cli::{DemoArgs, SandboxArgs};
use gateway::spa::PanelFiles;

type Error = Box<dyn std::error::Error + Send + Sync>;

// Lists of tens of thousands of credentials are tens of megabytes: glibc's allocator maps
// and unmaps such buffers for every request (and faults every page in again); mimalloc
// keeps reusing them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    gateway::logging::init(cli.log_format);
    let result = match cli.command {
        Command::Serve(args) => run_serve(args).await,
        #[cfg(feature = "demo")]
        Command::Demo(args) => run_demo(args).await,
        #[cfg(feature = "demo")]
        Command::Sandbox(args) => run_sandbox(args).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run_serve(args: ServeArgs) -> Result<(), Error> {
    let panel = args
        .dist
        .map(PanelFiles::Dir)
        .unwrap_or_else(PanelFiles::default_for_this_build);
    if panel.index_html().is_none() {
        return Err(format!(
            "no built panel in {} (`cargo xtask release` builds a binary with the panel in it; \
             `cargo xtask build` fills dist/ for --dist)",
            panel.describe()
        )
        .into());
    }
    // What must outlive a restart: where it was named, else in the state directory.
    let in_state_dir = |name: &str| -> Result<std::path::PathBuf, Error> {
        Ok(gateway::state_dir::state_dir()
            .map_err(|e| format!("state directory: {e}"))?
            .join(name))
    };
    let key_file = match args.session_key_file {
        Some(path) => path,
        None => in_state_dir("session.key")?,
    };
    let audit_log = match args.audit_log {
        Some(path) => path,
        None => in_state_dir("audit.log")?,
    };
    let key = gateway::sessions::key::key_from_file(&key_file)
        .map_err(|e| format!("session key {}: {e}", key_file.display()))?;
    println!("Session key: {}", key_file.display());
    println!("Audit log:   {}", audit_log.display());
    println!("Panel:       {}", panel.describe());
    let mut settings = gateway::Settings::new(args.listen, panel, args.upstream, audit_log, key);
    if let Some(label) = args.upstream_label {
        settings.upstream_label = label;
    }
    settings.public_origin = args
        .public_origin
        .map(|o| o.trim_end_matches('/').to_owned());
    settings.upstream_timeout = std::time::Duration::from_secs(args.upstream_timeout.max(1));
    settings.session_store = args.session_store;
    settings.session_store_ca = args.session_store_ca;
    settings.reveal_for_readonly = args.reveal_for_readonly;
    settings.job_concurrency = usize::from(args.job_concurrency);
    settings.job_lease = std::time::Duration::from_secs(args.job_lease_seconds);
    settings.metrics_listen = args.metrics_listen;
    let server = gateway::Server::start(&settings, gateway::shutdown_signal()).await?;
    if let Some(addr) = server.metrics_addr {
        println!("Metrics:     http://{addr}/metrics");
    }
    println!(
        "WHMCS OAuth Admin is running at {} for {}",
        server.url(),
        settings.upstream_label
    );
    server.handle.await??;
    Ok(())
}

#[cfg(feature = "demo")]
async fn run_demo(args: DemoArgs) -> Result<(), Error> {
    let options = gateway::demo::DemoOptions {
        listen: args.listen,
        dist: args.dist,
        audit_log: args.audit_log,
        db: args.db,
        bulk_credentials: args.bulk_credentials,
        app_listen: args.app_listen,
    };
    let demo = gateway::demo::start(options, gateway::shutdown_signal()).await?;
    let (identifier, secret) = demo.login();
    println!(
        "WHMCS OAuth Admin demo is running at {}",
        demo.gateway.url()
    );
    println!("Log in with the demo API credential:");
    println!("  identifier: {identifier}");
    println!("  secret:     {secret}");
    println!(
        "(read-only support role: {} / {})",
        sandbox::seed::READONLY_IDENTIFIER,
        sandbox::seed::READONLY_SECRET
    );
    println!();
    println!("Sign in with WHMCS: the demo app is at {}", demo.app.url());
    println!("  (create an authorization code credential with the redirect URI it shows)");
    println!("Demo customers (client area, email / password):");
    for (email, password) in sandbox::seed::demo_customer_logins() {
        println!("  {email} / {password}");
    }
    println!("Press Ctrl-C to stop.");
    demo.gateway.handle.await??;
    Ok(())
}

#[cfg(feature = "demo")]
async fn run_sandbox(args: SandboxArgs) -> Result<(), Error> {
    let mut config = match &args.config {
        Some(path) => sandbox::SandboxConfig::from_file(path)?,
        None => sandbox::seed::demo_config(&args.api_identifier, &args.api_secret),
    };
    if config.credential(&args.api_identifier).is_none() {
        config.api_credentials.push(sandbox::ApiCredential {
            identifier: args.api_identifier.clone(),
            secret: args.api_secret.clone(),
            description: "Full access (from the command line)".into(),
            allowed_actions: vec![],
        });
    }
    let readonly = config
        .api_credentials
        .iter()
        .filter(|c| !c.allowed_actions.is_empty())
        .map(|c| c.identifier.clone())
        .collect::<Vec<_>>();
    let customers: Vec<(String, String)> = config
        .clients
        .iter()
        .filter(|c| !c.password.is_empty())
        .map(|c| (c.email.clone(), c.password.clone()))
        .collect();
    let bulk = args.bulk_credentials;
    let state = tokio::task::spawn_blocking(move || {
        let state = sandbox::server::SandboxState::open(config, Some(&args.db))?;
        state.add_generated_credentials(bulk)?;
        Ok::<_, sandbox::store::StoreError>(state)
    })
    .await??;
    let server = sandbox::Sandbox::start(args.listen, state, gateway::shutdown_signal()).await?;
    println!("WHMCS sandbox api.php is running at {}", server.api_url());
    println!(
        "Full-access API credential: identifier {}",
        args.api_identifier
    );
    if args.api_secret == sandbox::seed::DEMO_SECRET {
        println!(
            "                            secret     {}",
            sandbox::seed::DEMO_SECRET
        );
    }
    if !readonly.is_empty() {
        println!("Restricted API credentials: {}", readonly.join(", "));
    }
    println!(
        "OpenID Connect: issuer {base}, discovery {base}/.well-known/openid-configuration",
        base = server.base_url()
    );
    if !customers.is_empty() {
        println!("Client-area logins (email / password):");
        for (email, password) in &customers {
            println!("  {email} / {password}");
        }
    }
    println!("Press Ctrl-C to stop.");
    server.handle.await??;
    Ok(())
}
