//! `cargo xtask setup | build | demo | release | test | bench`: the project's two commands and the tools they need.

use std::process::ExitCode;

mod bindings;
mod cmd;
#[cfg(test)]
mod layering;
mod panel;
mod production;
mod tasks;
mod tools;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  setup          install what is missing (wasm target, Trunk, wasm-bindgen, wasm-opt, the
                 three browsers and their drivers, Redis)
  build          build the panel as shipped into dist/
  demo [ARGS]    build the panel and run `oauth-admin demo ARGS` (default http://127.0.0.1:8080)
  release        build the production binary (panel built in, no sandbox) into
                 target/production/server/oauth-admin
  test           lint, then every test: native, browser (wasm-bindgen-test) and end-to-end
  bench [ARGS]   measure bundle, browser, gateway and sandbox against their budgets
                 (prints a table, writes target/bench/report.json; --strict fails when over)";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let result = match args.next().as_deref() {
        Some("setup") => tasks::setup(),
        Some("build") => tasks::build(),
        Some("demo") => tasks::demo(args.collect()),
        Some("release") => tasks::release(),
        Some("test") => tasks::test(),
        Some("bench") => tasks::bench(args.collect()),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
