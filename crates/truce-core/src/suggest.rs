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

/// The candidate closest to `word` with a Jaro-Winkler similarity of at least `min_score`.
pub fn closest_within<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    min_score: f64,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= min_score)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// A hint naming the best match, or else listing what is allowed.
pub fn hint_for(word: &str, candidates: &[&str], what: &str) -> String {
    match closest(word, candidates.iter().copied()) {
        Some(c) => format!("did you mean `{c}`?"),
        None if candidates.is_empty() => format!("there are no {what}"),
        None => format!("{what}: {}", candidates.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_but_not_strangers() {
        assert_eq!(closest("wieght", ["ideal", "weight"]), Some("weight"));
        assert_eq!(closest("zzz", ["ideal", "weight"]), None);
    }
}
