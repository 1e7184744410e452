//! The `truce` command: a thin shell over the library.

fn main() -> std::process::ExitCode {
    truce::cli::main()
}
