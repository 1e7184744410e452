//! One test per validation rule of the scenario format: each asserts the message and where it
//! points (line:column).

use truce_core::model::{Dist, IssueKind, Param, PartyKey, Role};
use truce_core::scenario::{LoadError, parse};

/// A valid scenario. Line 3 is `scenario_line`; `tail` starts on line 20, inside party `north`'s
/// table, so a key added there belongs to `north` until the next table header.
fn doc(scenario_line: &str, tail: &str) -> String {
    format!(
        r#"[scenario]
name = "t"
{scenario_line}

[[issues]]
id = "days"
range = [0, 60]

[[issues]]
id = "mon"
options = ["none", "joint", "intl"]

[[parties]]
id = "south"
positions = {{ days = {{ ideal = 50, weight = 1 }} }}

[[parties]]
id = "north"
positions = {{ days = {{ ideal = 10, weight = 1 }}, mon = {{ ideal = "joint", weight = 2 }} }}
{tail}"#
    )
}

fn tail(t: &str) -> String {
    doc("protocol = \"alternating\"", t)
}

fn head(s: &str) -> String {
    doc(s, "")
}

fn error(src: &str) -> LoadError {
    match parse(src.as_bytes(), "t.toml") {
        Ok(_) => panic!("expected an error for:\n{src}"),
        Err(e) => e,
    }
}

/// Asserts that some diagnostic sits at `at` ("line:col") with a message containing `message`,
/// both in the structured form and in the rendered text.
#[track_caller]
fn expect(src: &str, at: &str, message: &str) -> String {
    let e = error(src);
    let rendered = e.render();
    let found = e.diagnostics.iter().any(|d| {
        let pos = e.position(d).map(|(l, c)| format!("{l}:{c}"));
        pos.as_deref() == Some(at) && d.message.contains(message)
    });
    assert!(found, "no `{message}` at {at}; got:\n{rendered}");
    assert!(
        rendered.contains(&format!("t.toml:{at}: error: ")),
        "{rendered}"
    );
    rendered
}

#[track_caller]
fn expect_hint(src: &str, at: &str, message: &str, hint: &str) {
    let rendered = expect(src, at, message);
    assert!(
        rendered.contains(&format!("= hint: {hint}")),
        "no hint `{hint}` in:\n{rendered}"
    );
}

#[test]
fn the_base_document_is_valid() {
    let s = parse(tail("").as_bytes(), "t.toml").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.parties.len(), 2);
}

// ---- reading and syntax ----

#[test]
fn files_over_one_mib_are_refused() {
    let big = format!("# {}\n", "x".repeat(1024 * 1024));
    let e = error(&big);
    assert!(
        e.render()
            .starts_with("t.toml: error: the file is larger than 1 MiB"),
        "{}",
        e.render()
    );
}

#[test]
fn invalid_utf8_points_at_the_byte() {
    let mut bytes = b"[scenario]\nname = \"ab".to_vec();
    bytes.push(0xff);
    let e = parse(&bytes, "t.toml").expect_err("error");
    assert!(
        e.render()
            .starts_with("t.toml:2:11: error: the file is not valid UTF-8"),
        "{}",
        e.render()
    );
}

#[test]
fn missing_files_cannot_be_read() {
    let e =
        truce_core::scenario::load(std::path::Path::new("/nonexistent/x.toml")).expect_err("error");
    assert!(
        e.render()
            .starts_with("/nonexistent/x.toml: error: cannot read: "),
        "{}",
        e.render()
    );
}

#[test]
fn every_syntax_error_is_reported() {
    let e = error("[scenario]\nname = \nx = = 1\n");
    assert!(e.diagnostics.len() >= 2, "{}", e.render());
    assert_eq!(e.position(&e.diagnostics[0]).map(|p| p.0), Some(2));
}

#[test]
fn wrong_type_points_at_the_value() {
    expect(&tail("trust = \"high\""), "20:9", "invalid type");
}

#[test]
fn diagnostics_come_in_file_order_all_at_once() {
    let e = error(&tail(
        "trust = 1.4\nleverage = -1\n[battlefield]\nsides = [\"north\"]",
    ));
    let lines: Vec<usize> = e
        .diagnostics
        .iter()
        .filter_map(|d| e.position(d))
        .map(|p| p.0)
        .collect();
    assert_eq!(lines, vec![20, 21, 23]);
}

// ---- unknown keys ----

#[test]
fn unknown_top_level_table() {
    expect_hint(
        &tail("[senario]\nx = 1"),
        "20:2",
        "unknown key `senario`",
        "did you mean `scenario`?",
    );
}

#[test]
fn unknown_party_key() {
    expect_hint(
        &tail("trsut = 0.5"),
        "20:1",
        "unknown key `trsut`",
        "did you mean `trust`?",
    );
}

#[test]
fn unknown_position_key() {
    expect_hint(
        &tail("[[parties]]\nid = \"east\"\n[parties.positions.days]\nideal = 3\nwieght = 1"),
        "24:1",
        "unknown key `wieght`",
        "did you mean `weight`?",
    );
}

#[test]
fn unknown_distribution_key() {
    expect_hint(
        &tail("trust = { dist = \"uniform\", min = 0.1, maxx = 0.3 }"),
        "20:40",
        "unknown key `maxx`",
        "did you mean `max`?",
    );
}

#[test]
fn unknown_key_without_a_close_match_lists_the_valid_ones() {
    expect_hint(
        &tail("[battlefield]\nsides = [\"north\", \"south\"]\nzzz = 1"),
        "22:1",
        "unknown key `zzz`",
        "expected one of: drift, momentum, sides, volatility",
    );
}

// ---- [scenario] ----

#[test]
fn scenario_table_is_required() {
    let src = tail("").replacen("[scenario]\nname = \"t\"\n", "", 1);
    expect(&src, "1:1", "the scenario has no [scenario] table");
}

#[test]
fn scenario_name_is_required() {
    expect(
        &tail("").replacen("name = \"t\"", "", 1),
        "1:1",
        "[scenario] has no `name`",
    );
}

#[test]
fn protocol_must_be_known() {
    expect_hint(
        &head("protocol = \"alternate\""),
        "3:12",
        "unknown protocol `alternate`",
        "did you mean `alternating`?",
    );
}

#[test]
fn mediated_needs_a_mediator() {
    expect(
        &head("protocol = \"mediated\""),
        "1:1",
        "the mediated protocol needs a `mediator`",
    );
}

#[test]
fn mediator_must_exist() {
    expect_hint(
        &head("mediator = \"nroth\""),
        "3:12",
        "there is no party `nroth`",
        "did you mean `north`?",
    );
}

#[test]
fn an_unknown_party_lists_the_parties_in_plain_english() {
    expect_hint(
        &head("mediator = \"zzzzzz\""),
        "3:12",
        "there is no party `zzzzzz`",
        "parties: south, north",
    );
}

#[test]
fn max_rounds_range() {
    expect_hint(
        &head("max_rounds = 0"),
        "3:14",
        "max_rounds 0 is outside its range",
        "max_rounds must be in 1..=1000",
    );
}

#[test]
fn days_per_round_range() {
    expect(
        &head("days_per_round = 366\nprotocol = \"alternating\""),
        "3:18",
        "days_per_round 366 is outside its range",
    );
}

#[test]
fn horizon_days_range() {
    expect(
        &head("horizon_days = 3651\nprotocol = \"alternating\""),
        "3:16",
        "horizon_days 3651 is outside its range",
    );
}

#[test]
fn runs_range() {
    expect(
        &head("runs = 0\nprotocol = \"alternating\""),
        "3:8",
        "runs 0 is outside its range",
    );
}

#[test]
fn integers_are_whole_numbers() {
    expect(
        &head("max_rounds = 12.5\nprotocol = \"alternating\""),
        "3:14",
        "invalid type: floating point `12.5`, expected a whole number",
    );
}

#[test]
fn seed_is_not_negative() {
    expect_hint(
        &head("seed = -1\nprotocol = \"alternating\""),
        "3:8",
        "seed -1 is outside its range",
        "seed must be >= 0",
    );
}

// ---- issues ----

#[test]
fn issues_are_required() {
    expect(
        "[scenario]\nname = \"t\"\nprotocol = \"alternating\"\n[[parties]]\nid = \"a\"\n[[parties]]\nid = \"b\"\n",
        "1:1",
        "the scenario has no [[issues]]",
    );
}

#[test]
fn at_most_64_issues() {
    let many: String = (0..65)
        .map(|i| format!("[[issues]]\nid = \"i{i}\"\nrange = [0, 1]\n"))
        .collect();
    expect(&tail(&many), "5:1", "the scenario has 67 [[issues]]");
}

#[test]
fn issue_id_syntax() {
    expect_hint(
        &tail("[[issues]]\nid = \"Days\"\nrange = [0, 1]"),
        "21:6",
        "`Days` is not a valid issue id",
        "ids are a lowercase letter followed by lowercase letters, digits or `_`",
    );
}

#[test]
fn issue_ids_are_unique() {
    expect(
        &tail("[[issues]]\nid = \"days\"\nrange = [0, 1]"),
        "21:6",
        "issue id `days` is used twice",
    );
}

#[test]
fn issue_needs_range_or_options() {
    expect(
        &tail("[[issues]]\nid = \"x\""),
        "20:1",
        "this issue has neither `range` nor `options`",
    );
}

#[test]
fn issue_has_not_both_range_and_options() {
    expect(
        &tail("[[issues]]\nid = \"x\"\nrange = [0, 1]\noptions = [\"a\", \"b\"]"),
        "22:9",
        "either `range` or `options`, not both",
    );
}

#[test]
fn range_min_below_max() {
    expect(
        &tail("[[issues]]\nid = \"x\"\nrange = [5, 5]"),
        "22:9",
        "range min 5 is not below max 5",
    );
}

#[test]
fn range_has_two_numbers() {
    expect(
        &tail("[[issues]]\nid = \"x\"\nrange = [1, 2, 3]"),
        "22:9",
        "`range` must hold exactly two numbers",
    );
}

#[test]
fn at_least_two_options() {
    expect(
        &tail("[[issues]]\nid = \"x\"\noptions = [\"a\"]"),
        "22:11",
        "a choice issue needs at least two options",
    );
}

#[test]
fn options_are_unique() {
    expect(
        &tail("[[issues]]\nid = \"x\"\noptions = [\"a\", \"b\", \"a\"]"),
        "22:22",
        "option `a` appears twice",
    );
}

#[test]
fn opening_inside_range() {
    expect_hint(
        &tail("[[issues]]\nid = \"x\"\nrange = [0, 10]\nunit = \"days\"\nopening = 11"),
        "24:11",
        "opening 11 is outside the range of `x`",
        "`x` runs from 0 to 10 days",
    );
}

#[test]
fn opening_is_an_option() {
    expect_hint(
        &tail("[[issues]]\nid = \"x\"\noptions = [\"low\", \"high\"]\nopening = \"hihg\""),
        "23:11",
        "`hihg` is not an option of `x`",
        "did you mean `high`?",
    );
}

#[test]
fn opening_on_a_choice_issue_is_not_a_number() {
    expect(
        &tail("[[issues]]\nid = \"x\"\noptions = [\"low\", \"high\"]\nopening = 1"),
        "23:11",
        "opening 1 is a number, but `x` is a choice issue",
    );
}

// ---- parties ----

#[test]
fn at_least_two_parties() {
    let src = "[scenario]\nname = \"t\"\nprotocol = \"alternating\"\n[[issues]]\nid = \"d\"\nrange = [0, 1]\n[[parties]]\nid = \"a\"\npositions = { d = { ideal = 0, weight = 1 } }\n";
    expect(src, "7:1", "the scenario needs at least 2 [[parties]]");
}

#[test]
fn at_most_64_parties() {
    let many: String = (0..63)
        .map(|i| {
            format!(
                "[[parties]]\nid = \"p{i}\"\npositions = {{ days = {{ ideal = 1, weight = 1 }} }}\n"
            )
        })
        .collect();
    expect(&tail(&many), "13:1", "the scenario has 65 [[parties]]");
}

#[test]
fn party_ids_are_unique() {
    expect(
        &tail("[[parties]]\nid = \"north\"\npositions = { days = { ideal = 1 } }"),
        "21:6",
        "party id `north` is used twice",
    );
}

#[test]
fn unknown_role() {
    expect_hint(
        &tail("role = \"mediatr\""),
        "20:8",
        "unknown role `mediatr`",
        "did you mean `mediator`?",
    );
}

#[test]
fn trust_in_unit_range() {
    expect_hint(
        &tail("trust = 1.4"),
        "20:9",
        "trust 1.4 is outside its range",
        "trust must be in [0, 1]",
    );
}

#[test]
fn reservation_in_unit_range() {
    expect(
        &tail("reservation = -0.1"),
        "20:15",
        "reservation -0.1 is outside its range",
    );
}

#[test]
fn leverage_is_finite() {
    expect_hint(
        &tail("leverage = nan"),
        "20:12",
        "leverage is NaN",
        "numbers in a scenario must be finite",
    );
}

#[test]
fn momentum_sensitivity_in_unit_range() {
    expect(
        &tail("momentum_sensitivity = inf"),
        "20:24",
        "momentum_sensitivity is inf",
    );
}

#[test]
fn unknown_tactic() {
    expect_hint(
        &tail("strategy = { tactic = \"bulware\" }"),
        "20:23",
        "unknown tactic `bulware`",
        "did you mean `boulware`?",
    );
}

#[test]
fn tactic_beta_positive() {
    expect_hint(
        &tail("strategy = { tactic = \"boulware\", beta = 0 }"),
        "20:42",
        "beta 0 is outside its range",
        "beta must be > 0",
    );
}

#[test]
fn every_party_states_a_position() {
    expect(
        &tail("[[parties]]\nid = \"east\""),
        "20:1",
        "party `east` states no positions",
    );
}

#[test]
fn position_names_an_issue() {
    expect_hint(
        &tail("[[parties]]\nid = \"east\"\n[parties.positions]\ndyas = { ideal = 1 }"),
        "23:1",
        "there is no issue `dyas`",
        "did you mean `days`?",
    );
}

#[test]
fn position_needs_an_ideal() {
    expect(
        &tail("[[parties]]\nid = \"east\"\npositions = { days = { weight = 1 } }"),
        "22:22",
        "this position has no `ideal`",
    );
}

#[test]
fn ideal_inside_range() {
    expect(
        &tail("[[parties]]\nid = \"east\"\npositions = { days = { ideal = 61 } }"),
        "22:32",
        "ideal 61 is outside the range of `days`",
    );
}

#[test]
fn ideal_is_an_option() {
    expect_hint(
        &tail("[[parties]]\nid = \"east\"\npositions = { mon = { ideal = \"jiont\" } }"),
        "22:31",
        "`jiont` is not an option of `mon`",
        "did you mean `joint`?",
    );
}

#[test]
fn ideal_on_numeric_issue_is_a_number() {
    expect(
        &tail("[[parties]]\nid = \"east\"\npositions = { days = { ideal = \"ten\" } }"),
        "22:32",
        "ideal \"ten\" is not a number",
    );
}

#[test]
fn weight_not_negative() {
    expect_hint(
        &tail("[[parties]]\nid = \"east\"\npositions = { days = { ideal = 1, weight = -1 } }"),
        "22:44",
        "weight -1 is outside its range",
        "weight must be >= 0",
    );
}

#[test]
fn weights_not_all_zero() {
    expect(
        &tail("[[parties]]\nid = \"east\"\npositions = { days = { ideal = 1, weight = 0 } }"),
        "22:13",
        "every weight of party `east` is zero",
    );
}

// ---- uncertain numbers ----

#[test]
fn distribution_needs_dist() {
    expect(
        &tail("trust = { min = 0.1, max = 0.2 }"),
        "20:9",
        "the distribution of trust has no `dist`",
    );
}

#[test]
fn distribution_name_known() {
    expect_hint(
        &tail("trust = { dist = \"unifrom\", min = 0.1, max = 0.2 }"),
        "20:18",
        "unknown distribution `unifrom`",
        "did you mean `uniform`?",
    );
}

#[test]
fn distribution_names_the_missing_parameter() {
    expect(
        &tail("trust = { dist = \"triangular\", min = 0.1, max = 0.2 }"),
        "20:9",
        "the triangular distribution of trust has no `mode`",
    );
}

#[test]
fn distribution_parameter_that_does_not_belong() {
    expect_hint(
        &tail("trust = { dist = \"normal\", mean = 0.5, sd = 0.1, min = 0 }"),
        "20:56",
        "`min` does not belong to a normal distribution",
        "a normal distribution takes mean, sd",
    );
}

#[test]
fn uniform_min_not_above_max() {
    expect(
        &tail("trust = { dist = \"uniform\", min = 0.8, max = 0.5 }"),
        "20:35",
        "min 0.8 is greater than max 0.5",
    );
}

#[test]
fn uniform_support_inside_the_keys_range() {
    expect_hint(
        &tail("trust = { dist = \"uniform\", min = 0.5, max = 1.5 }"),
        "20:46",
        "uniform max 1.5 lies outside the range of trust",
        "trust must be in [0, 1]",
    );
}

#[test]
fn triangular_mode_inside() {
    expect(
        &tail("trust = { dist = \"triangular\", min = 0.2, mode = 0.9, max = 0.5 }"),
        "20:50",
        "mode 0.9 is outside [min, max]",
    );
}

#[test]
fn normal_sd_not_negative() {
    expect(
        &tail("trust = { dist = \"normal\", mean = 0.5, sd = -0.1 }"),
        "20:45",
        "sd -0.1 is negative",
    );
}

#[test]
fn normal_mean_inside_the_keys_range() {
    expect(
        &tail("trust = { dist = \"normal\", mean = 1.2, sd = 0.1 }"),
        "20:35",
        "normal mean 1.2 lies outside the range of trust",
    );
}

#[test]
fn beta_parameters_positive() {
    expect(
        &tail("trust = { dist = \"beta\", alpha = 0, beta = 2 }"),
        "20:34",
        "alpha 0 is not positive",
    );
}

#[test]
fn beta_only_on_unit_keys() {
    expect(
        &tail(
            "[battlefield]\nsides = [\"north\", \"south\"]\nvolatility = { dist = \"beta\", alpha = 2, beta = 2 }",
        ),
        "22:23",
        "a beta distribution does not fit volatility",
    );
}

#[test]
fn distribution_parameters_finite() {
    expect(
        &tail("trust = { dist = \"uniform\", min = -inf, max = 0.5 }"),
        "20:35",
        "min is -inf",
    );
}

// ---- red lines and conditions ----

const RL: &str = "[[parties.red_lines]]\n";

#[test]
fn red_line_needs_an_issue() {
    expect(
        &tail(&format!("{RL}min = 3")),
        "20:1",
        "this red line has no `issue`",
    );
}

#[test]
fn red_line_issue_exists() {
    expect_hint(
        &tail(&format!("{RL}issue = \"dyas\"\nmin = 3")),
        "21:9",
        "there is no issue `dyas`",
        "did you mean `days`?",
    );
}

#[test]
fn red_line_limits_something() {
    expect(
        &tail(&format!("{RL}issue = \"days\"")),
        "20:1",
        "this red line sets none of `min`, `max`, `forbid`",
    );
}

#[test]
fn red_line_min_not_above_max() {
    expect(
        &tail(&format!("{RL}issue = \"days\"\nmin = 40\nmax = 20")),
        "22:7",
        "red line min is above its max",
    );
}

#[test]
fn red_line_values_inside_the_range() {
    expect(
        &tail(&format!("{RL}issue = \"days\"\nmax = 90")),
        "22:7",
        "max 90 is outside the range of `days`",
    );
}

#[test]
fn forbid_only_on_choice_issues() {
    expect(
        &tail(&format!("{RL}issue = \"days\"\nforbid = [\"x\"]")),
        "22:10",
        "`forbid` needs a choice issue, but `days` is numeric",
    );
}

#[test]
fn forbid_names_real_options() {
    expect_hint(
        &tail(&format!("{RL}issue = \"mon\"\nforbid = [\"intel\"]")),
        "22:11",
        "`intel` is not an option of `mon`",
        "did you mean `intl`?",
    );
}

#[test]
fn red_line_that_allows_nothing() {
    expect(
        &tail(&format!(
            "{RL}issue = \"mon\"\nmin = \"joint\"\nforbid = [\"joint\", \"intl\"]"
        )),
        "20:1",
        "this red line allows no value of `mon` at all",
    );
}

#[test]
fn condition_penalty_in_unit_range() {
    expect(
        &tail("[[parties.conditions]]\nissue = \"days\"\nmin = 5\npenalty = 2"),
        "23:11",
        "penalty 2 is outside its range",
    );
}

#[test]
fn condition_waive_below_in_unit_range() {
    expect(
        &tail("[[parties.conditions]]\nissue = \"days\"\nmin = 5\nwaive_below = -1"),
        "23:15",
        "waive_below -1 is outside its range",
    );
}

#[test]
fn condition_limits_something() {
    expect(
        &tail("[[parties.conditions]]\nissue = \"days\"\npenalty = 0.1"),
        "20:1",
        "this condition sets none of",
    );
}

// ---- battlefield ----

const BF: &str = "[battlefield]\n";

#[test]
fn battlefield_needs_sides() {
    expect(
        &tail(&format!("{BF}momentum = 0.1")),
        "20:1",
        "[battlefield] has no `sides`",
    );
}

#[test]
fn battlefield_two_sides() {
    expect(
        &tail(&format!("{BF}sides = [\"north\"]")),
        "21:9",
        "`sides` names 1 parties; it must name exactly two",
    );
}

#[test]
fn battlefield_sides_distinct() {
    expect(
        &tail(&format!("{BF}sides = [\"north\", \"north\"]")),
        "21:19",
        "the two sides are the same party",
    );
}

#[test]
fn battlefield_sides_exist() {
    expect_hint(
        &tail(&format!("{BF}sides = [\"north\", \"suoth\"]")),
        "21:19",
        "there is no party `suoth`",
        "did you mean `south`?",
    );
}

#[test]
fn momentum_in_signed_range() {
    expect_hint(
        &tail(&format!(
            "{BF}sides = [\"north\", \"south\"]\nmomentum = 1.5"
        )),
        "22:12",
        "momentum 1.5 is outside its range",
        "momentum must be in [-1, 1]",
    );
}

#[test]
fn drift_in_signed_range() {
    expect(
        &tail(&format!("{BF}sides = [\"north\", \"south\"]\ndrift = -2")),
        "22:9",
        "drift -2 is outside its range",
    );
}

#[test]
fn volatility_not_negative() {
    expect(
        &tail(&format!(
            "{BF}sides = [\"north\", \"south\"]\nvolatility = -0.1"
        )),
        "22:14",
        "volatility -0.1 is outside its range",
    );
}

// ---- events ----

fn event(body: &str) -> String {
    tail(&format!("[[events]]\nid = \"e\"\n{body}"))
}

const EFFECT: &str = "effects = [{ target = \"parties.north.trust\", add = 0.1 }]";

#[test]
fn event_needs_probability_or_round() {
    expect(
        &event(EFFECT),
        "20:1",
        "this event has neither `probability` nor `at_round`",
    );
}

#[test]
fn event_probability_in_unit_range() {
    expect(
        &event(&format!("probability = 1.5\n{EFFECT}")),
        "22:15",
        "probability 1.5 is outside its range",
    );
}

#[test]
fn at_round_within_the_talks() {
    expect_hint(
        &event(&format!("at_round = 13\n{EFFECT}")),
        "22:12",
        "at_round 13 is outside its range",
        "at_round must be a round of the talks, 1..=12 (max_rounds)",
    );
}

#[test]
fn at_round_positive() {
    expect(
        &event(&format!("at_round = 0\n{EFFECT}")),
        "22:12",
        "at_round 0 is outside its range",
    );
}

#[test]
fn event_ids_valid() {
    expect(
        &tail(&format!("[[events]]\nid = \"1e\"\nat_round = 1\n{EFFECT}")),
        "21:6",
        "`1e` is not a valid event id",
    );
}

#[test]
fn event_needs_effects() {
    expect(
        &event("at_round = 1\neffects = []"),
        "23:11",
        "this event has no effects",
    );
}

#[test]
fn effect_add_or_set() {
    expect(
        &event("at_round = 1\neffects = [{ target = \"parties.north.trust\" }]"),
        "23:12",
        "this effect has neither `add` nor `set`",
    );
}

#[test]
fn effect_not_both() {
    expect(
        &event("at_round = 1\neffects = [{ target = \"parties.north.trust\", add = 1, set = 1 }]"),
        "23:61",
        "either `add` or `set`, not both",
    );
}

#[test]
fn effect_target_shape() {
    expect(
        &event("at_round = 1\neffects = [{ target = \"north.trust\", add = 1 }]"),
        "23:23",
        "`north.trust` is not a target",
    );
}

#[test]
fn effect_target_party_exists() {
    expect_hint(
        &event("at_round = 1\neffects = [{ target = \"parties.nort.trust\", add = 1 }]"),
        "23:23",
        "there is no party `nort`",
        "did you mean `north`?",
    );
}

#[test]
fn effect_target_party_number() {
    expect_hint(
        &event("at_round = 1\neffects = [{ target = \"parties.north.trsut\", add = 1 }]"),
        "23:23",
        "`trsut` is not a party number",
        "did you mean `trust`?",
    );
}

#[test]
fn battlefield_target_needs_a_battlefield() {
    expect(
        &event("at_round = 1\neffects = [{ target = \"battlefield.momentum\", add = 1 }]"),
        "23:23",
        "needs a [battlefield] table",
    );
}

#[test]
fn effect_value_finite() {
    expect(
        &event("at_round = 1\neffects = [{ target = \"parties.north.trust\", set = nan }]"),
        "23:52",
        "set is NaN",
    );
}

// ---- truce ----

fn truce(body: &str) -> String {
    tail(&format!("[truce]\n{body}"))
}

#[test]
fn truce_needs_duration_issue() {
    expect(
        &truce("frontline_km = 10"),
        "20:1",
        "[truce] has no `duration_issue`",
    );
}

#[test]
fn duration_issue_exists() {
    expect_hint(
        &truce("duration_issue = \"dys\""),
        "21:18",
        "there is no issue `dys`",
        "did you mean `days`?",
    );
}

#[test]
fn duration_issue_numeric() {
    expect(
        &truce("duration_issue = \"mon\""),
        "21:18",
        "duration_issue `mon` is a choice issue",
    );
}

#[test]
fn verification_issue_is_a_choice() {
    expect(
        &truce(
            "duration_issue = \"days\"\nverification_issue = \"days\"\ndetection = { none = 0.1 }",
        ),
        "22:22",
        "verification_issue `days` is numeric",
    );
}

#[test]
fn verification_needs_detection() {
    expect_hint(
        &truce("duration_issue = \"days\"\nverification_issue = \"mon\""),
        "22:22",
        "needs a `detection` table",
        "give a probability for each option: none, joint, intl",
    );
}

#[test]
fn detection_needs_verification_issue() {
    expect(
        &truce("duration_issue = \"days\"\ndetection = { none = 0.1 }"),
        "22:13",
        "`detection` without a `verification_issue`",
    );
}

#[test]
fn detection_names_missing_options() {
    expect(
        &truce(
            "duration_issue = \"days\"\nverification_issue = \"mon\"\ndetection = { none = 0.1 }",
        ),
        "23:13",
        "`detection` gives no probability for `joint`, `intl`",
    );
}

#[test]
fn detection_unknown_option() {
    expect_hint(
        &truce(
            "duration_issue = \"days\"\nverification_issue = \"mon\"\ndetection = { none = 0.1, jiont = 0.2, intl = 0.9 }",
        ),
        "23:27",
        "`jiont` is not an option of `mon`",
        "did you mean `joint`?",
    );
}

#[test]
fn detection_probability_in_unit_range() {
    expect(
        &truce(
            "duration_issue = \"days\"\nverification_issue = \"mon\"\ndetection = { none = 0.1, joint = 0.2, intl = 1.9 }",
        ),
        "23:47",
        "detection probability 1.9 is outside its range",
    );
}

#[test]
fn rearm_issue_exists() {
    expect(
        &truce("duration_issue = \"days\"\nrearm_issue = \"arms\""),
        "22:15",
        "there is no issue `arms`",
    );
}

#[test]
fn frontline_positive() {
    expect_hint(
        &truce("duration_issue = \"days\"\nfrontline_km = 0"),
        "22:16",
        "frontline_km 0 is outside its range",
        "frontline_km must be > 0",
    );
}

#[test]
fn violation_rate_not_negative() {
    expect(
        &truce("duration_issue = \"days\"\nviolation_rate = -0.5"),
        "22:18",
        "violation_rate -0.5 is outside its range",
    );
}

#[test]
fn collapse_after_at_least_one() {
    expect(
        &truce("duration_issue = \"days\"\ncollapse_after = 0"),
        "22:18",
        "collapse_after 0 is outside its range",
    );
}

// ---- the validated model ----

fn good(src: &str) -> truce_core::model::Scenario {
    parse(src.as_bytes(), "t.toml").unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn values_are_placed_on_the_unit_interval() {
    let s = good(&tail(""));
    let north = &s.parties[1];
    assert_eq!(north.positions.len(), 2);
    assert!((north.positions[0].ideal - 10.0 / 60.0).abs() < 1e-12);
    assert_eq!(north.positions[1].ideal, 0.5); // "joint", option 1 of 3
    let south = &s.parties[0];
    assert!(!south.positions[1].stated);
    assert_eq!(south.positions[1].weight.central(), 0.0);
    assert!(matches!(s.issues[1].kind, IssueKind::Options(ref o) if o.len() == 3));
    assert!(s.issues[0].opening.is_none());
}

#[test]
fn defaults_follow_the_format() {
    let s = good(&tail(""));
    assert_eq!(
        (
            s.max_rounds,
            s.days_per_round,
            s.horizon_days,
            s.runs,
            s.seed
        ),
        (12, 7, 180, 10_000, 1)
    );
    assert_eq!(s.protocol.as_str(), "alternating");
    assert_eq!(s.mediator, None);
    let p = &s.parties[0];
    assert_eq!(p.name, "south");
    assert_eq!(p.role, Role::Belligerent);
    assert!(p.must_agree);
    assert_eq!(p.strategy.tactic.as_str(), "linear");
    assert_eq!(p.reservation.central(), 0.4);
    assert_eq!(s.issues[0].label, "days");
    assert_eq!(s.file_hash.len(), 64);
}

#[test]
fn backers_need_not_agree_and_boulware_defaults_to_a_low_beta() {
    let s = good(&tail(
        "role = \"backer\"\nstrategy = { tactic = \"boulware\" }",
    ));
    let p = &s.parties[1];
    assert!(!p.must_agree);
    assert_eq!(p.strategy.beta.central(), 0.2);
}

#[test]
fn a_scheduled_event_happens_for_sure_and_targets_resolve() {
    let s = good(&event(
        "at_round = 3\neffects = [{ target = \"parties.north.trust\", add = -0.1 }]",
    ));
    let e = &s.events[0];
    assert_eq!(e.at_round, Some(3));
    assert_eq!(e.probability.central(), 1.0);
    assert!(e.once);
    assert_eq!(
        e.effects[0].target,
        Param::Party {
            party: 1,
            key: PartyKey::Trust
        }
    );
}

#[test]
fn distributions_keep_the_keys_range() {
    let s = good(&truce(
        "duration_issue = \"days\"\nfrontline_km = { dist = \"normal\", mean = 300, sd = 50 }",
    ));
    let t = s.truce.as_ref().expect("truce");
    assert!(matches!(t.frontline_km.dist, Dist::Normal { .. }));
    assert_eq!(t.frontline_km.lo, 1e-9);
    assert_eq!(t.frontline_km.hi, f64::INFINITY);
}

#[test]
fn the_format_pages_example_loads() {
    let text = include_str!("../../../../tests/fixtures/good/two-party.toml");
    let s = good(text);
    assert_eq!(s.protocol.as_str(), "mediated");
    assert_eq!(s.mediator, Some(2));
    let v = s
        .truce
        .as_ref()
        .and_then(|t| t.verification.as_ref())
        .expect("verification");
    assert_eq!(v.detection, vec![0.1, 0.4, 0.8]);
    assert_eq!(s.parties[0].red_lines[0].constraint.forbid, vec![2]);
}

#[test]
fn a_deal_needs_at_least_one_party_that_must_agree() {
    let src = doc("protocol = \"alternating\"", "role = \"backer\"\n")
        .replace("id = \"south\"\n", "id = \"south\"\nmust_agree = false\n");
    let text = expect(&src, "13:1", "no party must agree to a deal");
    assert!(text.contains("must_agree = true"), "{text}");
}

// ----- [observed] ---------------------------------------------------------------------------

fn observed(lines: &str) -> String {
    tail(&format!("\n[observed]\n{lines}"))
}

#[test]
fn observed_is_read_when_valid() {
    let src = observed(
        "as_of = \"2025-03-13\"\noutcome = \"expired\"\ntruce_days = 30\nsources = [\"a\"]\nnote = \"n\"",
    );
    let s = parse(src.as_bytes(), "t.toml").unwrap_or_else(|e| panic!("{e}"));
    let o = s.observed.expect("observed");
    assert_eq!(o.as_of, "2025-03-13");
    assert_eq!(o.outcome, truce_core::model::Outcome::Expired);
    assert_eq!(o.truce_days, Some(30.0));
    assert_eq!(o.sources, vec!["a".to_string()]);
}

#[test]
fn observed_needs_as_of_and_outcome() {
    expect(
        &observed("note = \"x\""),
        "21:1",
        "[observed] has no `as_of`",
    );
    expect(
        &observed("as_of = \"2025-03-13\""),
        "21:1",
        "[observed] has no `outcome`",
    );
}

#[test]
fn observed_dates_must_exist() {
    expect_hint(
        &observed("as_of = \"2025-02-29\"\noutcome = \"held\""),
        "22:9",
        "as_of `2025-02-29` is not a date",
        "write the date as YYYY-MM-DD",
    );
}

#[test]
fn observed_outcome_is_one_of_five_with_a_hint() {
    expect_hint(
        &observed("as_of = \"2025-03-13\"\noutcome = \"hold\""),
        "23:11",
        "unknown outcome `hold`",
        "did you mean `held`?",
    );
}

#[test]
fn observed_truce_days_only_for_a_signed_pause() {
    expect(
        &observed("as_of = \"2025-03-13\"\noutcome = \"walkout\"\ntruce_days = 4"),
        "24:14",
        "truce_days given for outcome `walkout`",
    );
    expect(
        &observed("as_of = \"2025-03-13\"\noutcome = \"held\"\ntruce_days = 400"),
        "24:14",
        "truce_days 400 is past the horizon",
    );
    expect(
        &observed("as_of = \"2025-03-13\"\noutcome = \"held\"\ntruce_days = -1"),
        "24:14",
        "truce_days -1 is outside its range",
    );
}

#[test]
fn observed_unknown_keys_are_errors() {
    expect_hint(
        &observed("as_of = \"2025-03-13\"\noutcome = \"held\"\nsourcs = []"),
        "24:1",
        "unknown key `sourcs`",
        "did you mean `sources`?",
    );
}

// ----- acceptance and the counting rule ----------------------------------------------------

#[test]
fn acceptance_is_expected_or_target_with_a_hint() {
    expect_hint(
        &tail("strategy = { tactic = \"linear\", acceptance = \"expect\" }"),
        "20:46",
        "unknown acceptance `expect`",
        "did you mean `expected`?",
    );
    let s = parse(
        tail("strategy = { acceptance = \"target\" }").as_bytes(),
        "t.toml",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        s.parties[1].strategy.acceptance,
        truce_core::model::Acceptance::Target
    );
    assert_eq!(
        s.parties[0].strategy.acceptance,
        truce_core::model::Acceptance::Expected
    );
}

#[test]
fn collapse_after_applies_only_when_written() {
    let without = parse(truce("duration_issue = \"days\"").as_bytes(), "t.toml")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(without.truce.expect("truce").collapse_after, None);
    let with = parse(
        truce("duration_issue = \"days\"\ncollapse_after = 4").as_bytes(),
        "t.toml",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(with.truce.expect("truce").collapse_after, Some(4));
}

#[test]
fn observed_agreement_day_only_for_a_signed_pause_within_the_horizon() {
    let ok = observed("as_of = \"2025-03-13\"\noutcome = \"held\"\nagreement_day = 2");
    let s = parse(ok.as_bytes(), "t.toml").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.observed.expect("observed").agreement_day, Some(2));
    expect(
        &observed("as_of = \"2025-03-13\"\noutcome = \"no_deal\"\nagreement_day = 2"),
        "24:17",
        "agreement_day given for outcome `no_deal`",
    );
    expect(
        &observed("as_of = \"2025-03-13\"\noutcome = \"held\"\nagreement_day = 900"),
        "24:17",
        "agreement_day 900 is outside its range",
    );
}
