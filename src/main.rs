//! The `truce` command: the command line, progress bars and Ctrl-C, and the tabletop exercise,
//! on top of the `truce-core` and `truce-report` libraries.

mod cli;
mod serve;
mod tabletop;

fn main() -> std::process::ExitCode {
    cli::main()
}
