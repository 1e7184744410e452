//! `truce serve [FILE|DIR...] [--bind ADDR] [--port N] [--out DIR]`: the browser app.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::Args;

use super::{CmdResult, Failure};
use crate::serve::{self, Config};

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Scenario files, or folders of them, to offer besides the bundled scenarios.
    #[arg(value_name = "FILE|DIR")]
    pub files: Vec<PathBuf>,
    /// Address to listen on; 0.0.0.0 serves the whole network (with a warning).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: String,
    /// Port (0: any free port).
    #[arg(long, value_name = "N", default_value_t = 8080)]
    pub port: u16,
    /// Where saved exercises and their reports go (default: output/serve/).
    #[arg(
        short = 'o',
        long,
        value_name = "DIR",
        help = "Where saved exercises and their reports go (default: output/serve/)"
    )]
    pub out: Option<PathBuf>,
}

pub fn execute(args: &ServeArgs) -> CmdResult {
    let bind: IpAddr = args.bind.trim().parse().map_err(|_| {
        Failure::usage(format!(
            "--bind {}: not an IP address (127.0.0.1 for this machine, 0.0.0.0 for the network)",
            args.bind
        ))
    })?;
    serve::serve(Config {
        paths: args.files.clone(),
        bind,
        port: args.port,
        out: args
            .out
            .clone()
            .unwrap_or_else(|| PathBuf::from("output").join("serve")),
    })
}
