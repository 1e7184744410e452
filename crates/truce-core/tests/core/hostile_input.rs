//! Hostile scenario files (issue 17): whatever a file holds, loading it takes bounded time and
//! memory, its diagnostics are few enough to read and safe to print, and a file that loads
//! holds only numbers the model can compute with.

use std::time::{Duration, Instant};

use truce_core::scenario::{LoadError, parse};

/// Diagnostics shown per file (docs/FORMAT.md).
const MAX_SHOWN: usize = 50;

const GOOD: &str = include_str!("../../../../tests/fixtures/good/two-party.toml");

fn error(src: &str) -> LoadError {
    match parse(src.as_bytes(), "t.toml") {
        Ok(_) => panic!("expected an error for:\n{}", &src[..src.len().min(2000)]),
        Err(e) => e,
    }
}

/// `n` distinct unknown keys, all on one long line (an inline table).
fn unknown_keys_on_one_line(n: usize) -> String {
    let keys: Vec<String> = (0..n).map(|i| format!("zz{i}=1")).collect();
    GOOD.replace(
        "trust = 0.2",
        &format!(
            "trust = {{ dist = \"uniform\", min = 0.1, max = 0.3, {} }}",
            keys.join(", ")
        ),
    )
}

/// An extra choice issue `many` with these options.
fn with_options(options: &[String]) -> String {
    let list: Vec<String> = options.iter().map(|o| format!("\"{o}\"")).collect();
    GOOD.replace(
        "options = [\"none\", \"joint\", \"international\"]",
        &format!(
            "options = [\"none\", \"joint\", \"international\"]\n\n[[issues]]\nid = \"many\"\noptions = [{}]",
            list.join(", ")
        ),
    )
}

// ---- many diagnostics (item 2) ----

#[test]
fn many_diagnostics_are_capped_and_long_lines_quoted_in_a_window() {
    let e = error(&unknown_keys_on_one_line(2000));
    assert_eq!(e.diagnostics.len(), 2000, "every problem is still counted");
    let text = e.render();
    assert!(
        text.len() < 32 * 1024,
        "{} bytes of diagnostics for one file",
        text.len()
    );
    assert_eq!(text.matches(": error: unknown key").count(), MAX_SHOWN);
    assert!(
        text.contains(&format!("and {} more errors", 2000 - MAX_SHOWN)),
        "{}",
        &text[text.len().saturating_sub(300)..]
    );
    // The quoted line is a window around the column, not the 20 KB line.
    let widest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(widest < 200, "a quoted line is {widest} characters wide");
    // The first shown diagnostic points at its key, and its caret sits under it.
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("unknown key `zz0`"))
        .expect("first unknown key shown");
    let quoted = lines[at + 2];
    let caret = lines[at + 3];
    let column = caret.find('^').expect("a caret");
    let under: String = quoted.chars().skip(column).take(3).collect();
    assert_eq!(under, "zz0", "{quoted}\n{caret}");
}

#[test]
fn a_quarter_million_problems_load_in_bounded_time() {
    // 50,000 unknown keys on one 500 KB line: the loader used to search the table once per key
    // and quote the whole line under each (gigabytes of text).
    let src = unknown_keys_on_one_line(50_000);
    let started = Instant::now();
    let e = error(&src);
    let text = e.render();
    let took = started.elapsed();
    assert_eq!(e.diagnostics.len(), 50_000);
    assert!(text.len() < 32 * 1024);
    assert!(took < Duration::from_secs(20), "took {took:?}");
}

#[test]
fn control_characters_in_a_file_are_escaped_in_diagnostics() {
    // A quoted key may hold any character through an escape: here ESC [2J (clear the screen)
    // and a right-to-left override.
    let src = GOOD.replace(
        "trust = 0.2",
        "trust = 0.2\n\"\\u001b[2J\\u202egnp.exe\" = 1",
    );
    let text = error(&src).render();
    assert!(text.contains("unknown key"), "{text}");
    let bad: Vec<char> = text
        .chars()
        .filter(|&c| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c))
        .collect();
    assert!(bad.is_empty(), "raw control characters {bad:?} in:\n{text}");
    assert!(text.contains("\\u{1b}[2J"), "{text}");
}

// ---- option checks and counts (item 4) ----

#[test]
fn many_options_are_refused_quickly_with_the_limit() {
    let options: Vec<String> = (0..40_000).map(|i| format!("o{i}")).collect();
    let started = Instant::now();
    let e = error(&with_options(&options));
    let took = started.elapsed();
    let text = e.render();
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert!(
        text.contains("has 40000 options") && text.contains("at most 64"),
        "{text}"
    );
}

#[test]
fn duplicate_options_are_found_with_a_set() {
    let mut options: Vec<String> = (0..30).map(|i| format!("o{i}")).collect();
    options.push("o3".into());
    options.push("o7".into());
    let e = error(&with_options(&options));
    let dupes: Vec<&str> = e
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .filter(|m| m.contains("appears twice"))
        .collect();
    assert_eq!(
        dupes,
        ["option `o3` appears twice", "option `o7` appears twice"]
    );
    // Many duplicates stay fast.
    let many: Vec<String> = (0..60_000).map(|_| "o".to_string()).collect();
    let started = Instant::now();
    let e = error(&with_options(&many));
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(e.render().contains("more errors"));
}

#[test]
fn counts_beyond_their_limits_are_refused() {
    // 300 events (at most 256).
    let events: String = (0..300)
        .map(|i| {
            format!(
                "\n[[events]]\nid = \"e{i}\"\nprobability = 0.1\neffects = [{{ target = \"parties.north.trust\", add = -0.1 }}]\n"
            )
        })
        .collect();
    let text = error(&format!("{GOOD}{events}")).render();
    assert!(
        text.contains("the scenario has 300 [[events]]") && text.contains("at most 256"),
        "{text}"
    );
    // 70 red lines on one party (at most 64).
    let lines: String = (0..70)
        .map(|_| "\n[[parties.red_lines]]\nissue = \"days\"\nmin = 1\n".to_string())
        .collect();
    let src = GOOD.replace(
        "reason = \"No foreign observers on our side of the line\"",
        &format!("reason = \"No foreign observers on our side of the line\"\n{lines}"),
    );
    let text = error(&src).render();
    assert!(
        text.contains("has 71 red lines") && text.contains("at most 64"),
        "{text}"
    );
}

#[test]
fn a_huge_positions_table_is_one_error() {
    let keys: Vec<String> = (0..20_000)
        .map(|i| format!("x{i} = {{ ideal = 1 }}"))
        .collect();
    let src = GOOD.replace(
        "days = { ideal = 60, weight = 2 }",
        &format!("days = {{ ideal = 60, weight = 2 }}\n{}", keys.join("\n")),
    );
    let started = Instant::now();
    let e = error(&src);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(e.diagnostics.len() < 10, "{}", e.render());
    assert!(e.render().contains("20002 positions"), "{}", e.render());
}

// ---- numbers the model cannot compute with (items 1 and 9) ----

#[test]
fn ranges_whose_arithmetic_overflows_are_refused_at_load() {
    for (range, at) in [
        ("[-1e308, 1e308]", "[-1e308, 1e308]"),
        ("[0, 1.7976931348623157e308]", "1.7976931348623157e308"),
        ("[-1e16, 0]", "-1e16"),
    ] {
        let src = GOOD.replace("range = [0, 60]", &format!("range = {range}"));
        let e = error(&src);
        let text = e.render();
        assert!(text.contains("t.toml:9:"), "{range}: {text}");
        assert!(text.contains("too large"), "{range}: {text}");
        assert!(!text.contains("9223372036854775807"), "{text}");
        let _ = at;
    }
}

#[test]
fn numbers_near_the_float_limit_are_refused_wherever_they_are() {
    for (from, to) in [
        ("frontline_km = 300", "frontline_km = 1e300"),
        ("volatility = 0.05", "volatility = 1e300"),
        (
            "leverage = { dist = \"uniform\", min = 0.5, max = 0.7 }",
            "leverage = { dist = \"normal\", mean = 0.5, sd = 1e300 }",
        ),
    ] {
        let text = error(&GOOD.replace(from, to)).render();
        assert!(text.contains("1e300 is too large"), "{to}: {text}");
    }
}

#[test]
fn numbers_print_as_written_in_a_readable_form() {
    // drift = -1e308 used to print as "drift -9223372036854775808".
    let src = GOOD.replace("volatility = 0.05", "volatility = 0.05\ndrift = -1e308");
    let text = error(&src).render();
    assert!(text.contains("drift -1e308"), "{text}");
    let src = GOOD.replace("volatility = 0.05", "volatility = 0.05\ndrift = 1.5");
    assert!(
        error(&src)
            .render()
            .contains("drift 1.5 is outside its range")
    );
    let src = GOOD.replace("trust = 0.2", "trust = -0.001");
    assert!(error(&src).render().contains("trust -0.001 is outside"));
}

// ---- references ----

#[test]
fn an_unknown_mediator_is_refused_under_alternating_offers_too() {
    let src = GOOD
        .replace("protocol = \"mediated\"", "protocol = \"alternating\"")
        .replace("mediator = \"broker\"", "mediator = \"brokr\"");
    let e = error(&src);
    let text = e.render();
    assert!(
        text.contains("t.toml:4:12: error: there is no party `brokr`"),
        "{text}"
    );
    assert!(text.contains("did you mean `broker`?"), "{text}");
    // A mediator that exists is still fine (and ignored) under alternating offers.
    let src = GOOD.replace("protocol = \"mediated\"", "protocol = \"alternating\"");
    assert!(parse(src.as_bytes(), "t.toml").is_ok());
}

// ---- aggregates (item 7) ----

#[test]
fn every_bundled_scenario_gives_an_aggregate_whose_counts_add_up() {
    // `truce merge` refuses aggregates whose counts do not add up: the engine's must.
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    for dir in ["scenarios", "scenarios/history", "tests/fixtures/good"] {
        for e in std::fs::read_dir(crate::repo(dir)).unwrap().flatten() {
            if e.path().extension().is_some_and(|x| x == "toml") {
                files.push(e.path());
            }
        }
    }
    assert!(files.len() > 5);
    for f in files {
        let sim = truce_core::Simulation::load(&f).unwrap();
        let r = sim.run(&truce_core::Options::runs(300).seed(3)).unwrap();
        assert_eq!(r.aggregate.check(), Ok(()), "{}", f.display());
    }
}

// ---- probes (issue 17's last paragraph): hostile numbers through a run, many diagnostics,
// large option counts, in bounded time ----

mod probes {
    use super::{GOOD, error, with_options};
    use proptest::prelude::*;
    use std::time::{Duration, Instant};
    use truce_core::scenario::parse;
    use truce_core::{Options, Simulation};

    /// Numeric slots of the good file and what they hold there.
    const SLOTS: [&str; 8] = [
        "range = [0, 60]",
        "frontline_km = 300",
        "volatility = 0.05",
        "momentum = 0.2",
        "reservation = 0.45",
        "days = { ideal = 14, weight = 1 }",
        "days = { ideal = 60, weight = 2 }",
        "max_rounds = 8",
    ];

    fn replaced(slot: &str, x: &str) -> String {
        match slot {
            "range = [0, 60]" => format!("range = [{x}, 60]"),
            "days = { ideal = 14, weight = 1 }" => format!("days = {{ ideal = 14, weight = {x} }}"),
            "days = { ideal = 60, weight = 2 }" => format!("days = {{ ideal = {x}, weight = 2 }}"),
            other => format!("{} = {x}", other.split(" = ").next().unwrap_or("x")),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Whatever number lands in a slot: refused with a line and column, or a run whose
        /// summary holds only finite numbers.
        #[test]
        fn hostile_numbers_through_a_run(
            slot in 0usize..SLOTS.len(),
            x in prop::sample::select(vec![
                "1e308", "-1e308", "1.7976931348623157e308", "1e16", "-1e16", "1e15", "-1e15",
                "999999999999999", "1e-300", "-1e-300", "5e-324", "-0.0", "0", "4294967295",
                "18446744073709551615", "-9223372036854775808", "1e300", "-59.999999999",
            ]),
        ) {
            let src = GOOD.replace(SLOTS[slot], &replaced(SLOTS[slot], x));
            match parse(src.as_bytes(), "t.toml") {
                Err(e) => {
                    let text = e.render();
                    prop_assert!(text.contains("t.toml:"), "{}", text);
                }
                Ok(s) => {
                    let sim = Simulation::new(s);
                    let started = Instant::now();
                    let r = sim.run(&Options::runs(40).seed(1).threads(1)).unwrap();
                    prop_assert!(started.elapsed() < Duration::from_secs(30));
                    for o in &r.summary.outcomes {
                        prop_assert!(o.share.is_finite() && o.low.is_finite() && o.high.is_finite());
                    }
                    for i in &r.summary.issues {
                        prop_assert!(i.range.iter().all(|v| v.is_finite()), "{:?}", i.range);
                        if let Some(q) = &i.quantiles {
                            for v in [q.p10, q.p25, q.p50, q.p75, q.p90] {
                                prop_assert!(v.is_finite(), "{} {}", i.id, v);
                            }
                        }
                    }
                }
            }
        }

        /// Any number of unknown keys: every one counted, at most 50 shown, a bounded report.
        #[test]
        fn many_diagnostics_stay_bounded(n in 1usize..4000) {
            let keys: Vec<String> = (0..n).map(|i| format!("zz{i} = 1")).collect();
            let src = GOOD.replace("trust = 0.2", &format!("trust = 0.2\n{}", keys.join("\n")));
            let e = error(&src);
            prop_assert_eq!(e.diagnostics.len(), n);
            let text = e.render();
            prop_assert!(text.matches(": error: ").count() <= 50);
            prop_assert!(text.len() < 50 * 400);
        }

        /// Any number of options, with duplicates or not: refused past 64 or with a
        /// duplicate, quickly; loaded otherwise.
        #[test]
        fn large_option_counts(n in 2usize..3000, dup in any::<bool>()) {
            let mut options: Vec<String> = (0..n).map(|i| format!("o{i}")).collect();
            if dup {
                options.push("o0".into());
            }
            let src = with_options(&options);
            let started = Instant::now();
            let loaded = parse(src.as_bytes(), "t.toml");
            prop_assert!(started.elapsed() < Duration::from_secs(2));
            prop_assert_eq!(loaded.is_ok(), n <= 64 && !dup);
        }
    }
}

// ---- sensitivity and sweep points side by side (item 8) ----

#[test]
fn points_played_side_by_side_count_the_same_as_one_at_a_time() {
    use truce_core::engine::Outcome;
    use truce_core::sweep::{Job, outcome_counts, outcome_counts_of};
    let sim =
        truce_core::Simulation::load(&crate::repo("scenarios/kursk-ceasefire-2025.toml")).unwrap();
    let job = |threads| Job {
        seed: 5,
        runs: 300,
        threads,
    };
    let one_by_one = truce_core::sensitivity::run(&sim, Outcome::Held, &job(1), &()).unwrap();
    let side_by_side = truce_core::sensitivity::run(&sim, Outcome::Held, &job(2), &()).unwrap();
    assert_eq!(one_by_one.baseline, side_by_side.baseline);
    for (a, b) in one_by_one.swings.iter().zip(&side_by_side.swings) {
        assert_eq!(
            (&a.path, a.at_low, a.at_high),
            (&b.path, b.at_low, b.at_high)
        );
    }
    let pins: Vec<Vec<_>> = truce_core::sensitivity::plan(sim.scenario())
        .iter()
        .take(4)
        .map(|&(p, low, ..)| vec![(p, low)])
        .collect();
    let together = outcome_counts_of(&sim, &pins, &job(2), &()).unwrap();
    for (p, c) in pins.iter().zip(together) {
        assert_eq!(outcome_counts(&sim, p, &job(1), &()).unwrap(), c);
    }
}
