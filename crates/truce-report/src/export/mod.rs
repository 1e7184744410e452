//! Turning results into bytes, and bytes into files.
//!
//! Each format is a pure function from results to bytes ([`summary_json`], [`runs_csv`],
//! [`shard_file`], [`table`]), testable without a disk; [`folder`] is the one place that touches the
//! disk, writing an output folder whole or not at all.

pub mod folder;
pub mod runs_csv;
pub mod shard_file;
pub mod summary_json;
pub mod table;

/// A text cell from a scenario (an option name, a label), safe in a spreadsheet: a cell that
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a formula by Excel,
/// LibreOffice and Google Sheets, so it gets a leading `'` (OWASP, "CSV Injection"); a plain
/// number (`-5`, `+0.5`) is left as it is.
pub fn csv_text(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = matches!(
        cell.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r')
    );
    if risky && cell.trim().parse::<f64>().is_err() {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        use super::csv_text;
        assert_eq!(csv_text("=cmd|'/C calc'!A0"), "'=cmd|'/C calc'!A0");
        assert_eq!(csv_text("+SUM(1)"), "'+SUM(1)");
        assert_eq!(csv_text("@A1"), "'@A1");
        assert_eq!(csv_text("-1+2"), "'-1+2");
        assert_eq!(csv_text("\t=1"), "'\t=1");
        assert_eq!(csv_text("-5"), "-5");
        assert_eq!(csv_text("+0.5"), "+0.5");
        assert_eq!(csv_text("joint"), "joint");
        assert_eq!(csv_text(""), "");
    }
}
