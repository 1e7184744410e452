//! "Did you mean" hints for misspelt keys, ids, names and paths: one rule for the loader, the
//! `Param` addresser and the command line.

/// The candidate closest to `word`, phrased as a hint, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(word, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// Jaro-Winkler similarity favours shared prefixes, which is how ids and keys are usually
/// misspelt (`reservaton`, `mediatr`); 0.8 keeps unrelated short words out.
pub const LIKELY_TYPO: f64 = 0.8;

/// The candidate closest to `word`, if it is close enough to be a likely typo
/// ([`LIKELY_TYPO`]).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    closest_within(word, candidates, LIKELY_TYPO)
}

/// Most candidates a did-you-mean compares a word with: more than any list a valid scenario
/// holds (64 parties, 64 issues, 64 options, 256 events), few enough that a generated file
/// with a hundred thousand bad references is still checked in moments.
pub const MAX_CANDIDATES: usize = 256;

/// Most names a hint lists when none is close ("the options are: a, b, c, ... (300 in all)").
pub const MAX_LISTED: usize = 20;

/// The candidate closest to `word` with a Jaro-Winkler similarity of at least `min_score`,
/// among the first [`MAX_CANDIDATES`] candidates.
pub fn closest_within<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    min_score: f64,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .take(MAX_CANDIDATES)
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= min_score)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// A hint naming the best match, or else listing what is allowed (the first [`MAX_LISTED`]).
pub fn hint_for(word: &str, candidates: &[&str], what: &str) -> String {
    match closest(word, candidates.iter().copied()) {
        Some(c) => format!("did you mean `{c}`?"),
        None if candidates.is_empty() => format!("there are no {what}"),
        None => format!("{what}: {}", listed(candidates)),
    }
}

/// `a, b, c`, or the first [`MAX_LISTED`] names and how many there are in all.
pub fn listed(names: &[&str]) -> String {
    if names.len() <= MAX_LISTED {
        names.join(", ")
    } else {
        format!(
            "{}, ... ({} in all)",
            names[..MAX_LISTED].join(", "),
            names.len()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lists_are_cut_short() {
        let names: Vec<String> = (0..300).map(|i| format!("n{i}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let hint = hint_for("zzzz", &names, "the options are");
        assert!(hint.ends_with("n19, ... (300 in all)"), "{hint}");
        assert_eq!(hint_for("zzzz", &names[..3], "ids"), "ids: n0, n1, n2");
    }

    #[test]
    fn finds_typos_but_not_strangers() {
        assert_eq!(closest("wieght", ["ideal", "weight"]), Some("weight"));
        assert_eq!(closest("zzz", ["ideal", "weight"]), None);
    }
}
