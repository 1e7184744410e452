//! Whatever bytes the loader is given, it answers with a scenario or with diagnostics.

use proptest::prelude::*;

const GOOD: &str = include_str!("../../../../tests/fixtures/good/two-party.toml");

fn check(bytes: &[u8]) {
    if let Err(e) = truce_core::scenario::parse(bytes, "fuzz.toml") {
        assert!(!e.diagnostics.is_empty());
        let _ = e.render();
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        check(&bytes);
    }

    #[test]
    fn any_text(text in "\\PC{0,400}") {
        check(text.as_bytes());
    }

    /// Mutations of a valid file reach far deeper into validation than random bytes do.
    #[test]
    fn mutated_good_file(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 0usize..4, "[-a-z0-9 .=\"\\[\\]{},\n]{0,6}"), 1..6)
    ) {
        let mut text = GOOD.to_string();
        for (at, kind, insert) in edits {
            let mut i = at.index(text.len() + 1);
            while !text.is_char_boundary(i) { i -= 1; }
            match kind {
                0 => text.insert_str(i, &insert),
                1 => { let end = (i + insert.len()).min(text.len()); let mut end = end; while !text.is_char_boundary(end) { end -= 1; } text.replace_range(i..end, ""); }
                2 => { let end = (i + insert.len()).min(text.len()); let mut end = end; while !text.is_char_boundary(end) { end -= 1; } text.replace_range(i..end, &insert); }
                _ => {
                    // Swap a number for an extreme or odd one.
                    if let Some(p) = text[i..].find(|c: char| c.is_ascii_digit()) {
                        let at = i + p;
                        text.replace_range(at..at + 1, ["nan", "-inf", "1e308", "-0", "99999999999999999999"][insert.len() % 5]);
                    }
                }
            }
        }
        check(text.as_bytes());
    }
}

#[test]
fn line_based_mutations_of_the_good_file() {
    // Dropping each line in turn removes every required key once.
    let lines: Vec<&str> = GOOD.lines().collect();
    for skip in 0..lines.len() {
        let text: Vec<&str> = lines
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != skip)
            .map(|(_, l)| *l)
            .collect();
        check(text.join("\n").as_bytes());
    }
}
