//! The Zeuthen tactic in whole runs: two Zeuthen parties splitting one issue reach a deal
//! under either protocol, under mediation at the Nash point (Harsanyi's result for Zeuthen's
//! rule), and a Zeuthen party facing a Boulware one still signs before the deadline.

use truce_core::engine::Outcome;
use truce_core::{Options, Simulation};

/// One issue from 0 (a's ideal) to 100 (b's), equal weights, full trust, walk-away 0.2.
/// The parties take a text when it meets their concession target (`acceptance = "target"`), so
/// that the tactic alone decides when they sign.
fn split(protocol: &str, tactic_a: &str, tactic_b: &str) -> Simulation {
    split_accepting(protocol, tactic_a, tactic_b, "target")
}

fn split_accepting(protocol: &str, tactic_a: &str, tactic_b: &str, acceptance: &str) -> Simulation {
    let text = format!(
        r#"
[scenario]
name = "split"
protocol = "{protocol}"
mediator = "broker"
max_rounds = 12
horizon_days = 120
# Zeuthen's known answers read the walk-away values as written.
private_information = 0

[[issues]]
id = "share"
range = [0, 100]

[[parties]]
id = "a"
reservation = 0.2
trust = 1
strategy = {{ tactic = "{tactic_a}", acceptance = "{acceptance}" }}
[parties.positions]
share = {{ ideal = 0, weight = 1 }}

[[parties]]
id = "b"
reservation = 0.2
trust = 1
strategy = {{ tactic = "{tactic_b}", acceptance = "{acceptance}" }}
[parties.positions]
share = {{ ideal = 100, weight = 1 }}

[[parties]]
id = "broker"
role = "mediator"
[parties.positions]
share = {{ ideal = 50, weight = 1 }}
"#
    );
    let s = truce_core::scenario::parse(text.as_bytes(), "split.toml")
        .unwrap_or_else(|e| panic!("{}", e.render()));
    Simulation::new(s)
}

fn typical_share(sim: &Simulation) -> (f64, u64, f64) {
    let r = sim.run(&Options::runs(200).seed(1)).expect("runs");
    let held = r.summary.outcome(Outcome::Held).expect("held").share;
    let q = r.summary.issues[0].quantiles.expect("deals");
    let day = r.summary.time_to_agreement.quantiles.expect("deals").p50;
    (held, day as u64, q.p50)
}

#[test]
fn zeuthen_parties_under_a_mediator_split_at_the_nash_point() {
    let sim = split("mediated", "zeuthen", "zeuthen");
    let (held, day, share) = typical_share(&sim);
    assert_eq!(held, 1.0);
    // Equal risks in round 2: both concede to the mediator's text, the middle.
    assert_eq!(day, 14);
    assert!((share - 50.0).abs() < 1.0, "{share}");
    let nash = sim.analysis().expect("an analysis").nash_terms[0];
    assert!((nash - 0.5).abs() < 1e-6);
}

#[test]
fn under_the_default_acceptance_the_nash_text_on_the_table_is_taken_at_once() {
    // The mediator opens at the middle, which is the Nash text: each side gets what it can
    // expect from bargaining, so both sign in round 1 whatever their tactic.
    let sim = split_accepting("mediated", "zeuthen", "zeuthen", "expected");
    let (held, day, share) = typical_share(&sim);
    assert_eq!(held, 1.0);
    assert_eq!(day, 7);
    assert!((share - 50.0).abs() < 1.0, "{share}");
}

#[test]
fn zeuthen_parties_taking_turns_reach_a_deal() {
    let (held, day, share) = typical_share(&split("alternating", "zeuthen", "zeuthen"));
    assert_eq!(held, 1.0);
    assert!(day <= 42, "{day}");
    // The first proposer keeps more than half.
    assert!(share < 50.0 && share > 20.0, "{share}");
}

#[test]
fn a_zeuthen_party_facing_a_boulware_one_signs_before_the_deadline() {
    let (held, _, share) = typical_share(&split("mediated", "zeuthen", "boulware"));
    assert_eq!(held, 1.0);
    // The Boulware side holds out; the side that weighs risks gives more.
    assert!(share > 50.0, "{share}");
}
