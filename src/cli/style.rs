//! Colour on stderr for the program's own messages (`error:`, `warning:`, a diagnostic's
//! `hint`), chosen like clap chooses it for its own: `--color auto|always|never`, where `auto`
//! colours only a terminal and only when `NO_COLOR` is unset or empty (<https://no-color.org>).
//! One choice for the whole process, made once in `cli::main` before anything is printed.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::ValueEnum;

/// `--color`: when to colour what the program prints on stderr (clap's help and errors too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ColorWhen {
    /// Colour when stderr is a terminal and NO_COLOR is not set.
    #[default]
    Auto,
    /// Always colour, even into a file or a pipe.
    Always,
    /// Never colour.
    Never,
}

impl ColorWhen {
    /// clap's own setting for the same choice (clap honours NO_COLOR itself under `Auto`).
    pub fn clap(self) -> clap::ColorChoice {
        match self {
            ColorWhen::Auto => clap::ColorChoice::Auto,
            ColorWhen::Always => clap::ColorChoice::Always,
            ColorWhen::Never => clap::ColorChoice::Never,
        }
    }
}

static ENABLED: AtomicBool = AtomicBool::new(false);

/// Whether `auto` colours, given NO_COLOR's value and whether stderr is a terminal.
pub fn auto_colours(no_color: Option<&str>, terminal: bool) -> bool {
    terminal && no_color.is_none_or(str::is_empty)
}

/// Decide once for the process.
pub fn init(when: ColorWhen) {
    let on = match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => auto_colours(
            std::env::var("NO_COLOR").ok().as_deref(),
            std::io::stderr().is_terminal(),
        ),
    };
    ENABLED.store(on, Ordering::Relaxed);
}

fn paint(code: &str, text: &str) -> String {
    if ENABLED.load(Ordering::Relaxed) {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// `error:` in bold red (when colouring).
pub fn error_label() -> String {
    paint("1;31", "error:")
}

/// `warning:` in bold yellow (when colouring).
pub fn warning_label() -> String {
    paint("1;33", "warning:")
}

/// A warning on stderr: something the user asked for did not happen, or may not be what they
/// meant; the job still succeeds.
pub fn warn(message: impl std::fmt::Display) {
    eprintln!("{} {message}", warning_label());
}

/// The loader's diagnostics (`FILE:LINE:COL: error: ...`, `= hint: ...`) with their labels
/// coloured; the text itself is unchanged.
pub fn diagnostics(text: &str) -> String {
    if !ENABLED.load(Ordering::Relaxed) {
        return text.to_string();
    }
    text.split_inclusive('\n')
        .map(|line| {
            // A quoted source line (`12 | text`) is left alone, whatever its text says.
            let digits = line.bytes().take_while(u8::is_ascii_digit).count();
            let quoted = digits > 0 && line[digits..].starts_with(" | ");
            let hint = line.trim_start().strip_prefix("= hint:");
            if quoted {
                line.to_string()
            } else if let Some(at) = line.find(": error: ") {
                format!(
                    "{}: {} {}",
                    &line[..at],
                    error_label(),
                    &line[at + ": error: ".len()..]
                )
            } else if let Some(rest) = hint {
                let indent = &line[..line.len() - line.trim_start().len()];
                format!("{indent}= {}{rest}", paint("1;36", "hint:"))
            } else {
                line.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_set_and_not_empty_turns_auto_off() {
        assert!(auto_colours(None, true));
        assert!(auto_colours(Some(""), true));
        assert!(!auto_colours(Some("1"), true));
        assert!(!auto_colours(None, false));
    }

    #[test]
    fn diagnostics_keep_their_text() {
        ENABLED.store(true, Ordering::Relaxed);
        let text =
            "a.toml:5:14: error: max_rounds 0 is out\n5 | x = \"a: error: b\"\n  = hint: give 1\n";
        let painted = diagnostics(text);
        ENABLED.store(false, Ordering::Relaxed);
        assert!(painted.contains("\x1b[1;31merror:\x1b[0m max_rounds 0 is out"));
        assert!(painted.contains("\x1b[1;36mhint:\x1b[0m give 1"));
        let plain: String = painted.replace("\x1b[1;31m", "").replace("\x1b[1;36m", "");
        assert_eq!(plain.replace("\x1b[0m", ""), text);
        assert_eq!(diagnostics(text), text);
    }
}
