//! How much common random numbers save: the variance of the difference in an outcome's share
//! between two neighbouring sweep points, with the same seed at both points (what `truce sweep`
//! does) and with independent seeds, over many replications. The figure in docs/SWEEP.md
//! comes from this test:
//!
//! ```text
//! cargo test --release -p truce-core --test core sweep_crn -- --ignored --nocapture
//! ```

use std::sync::atomic::AtomicBool;

use truce_core::engine::Outcome;
use truce_core::param::Param;
use truce_core::sweep::{Job, outcome_counts};
use truce_core::{Control, Simulation};

fn variance(xs: &[f64]) -> f64 {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0)
}

#[test]
#[ignore = "a measurement (about 10 s in release), not a check"]
fn common_random_numbers_shrink_the_variance_of_differences() {
    let sim = Simulation::load(&crate::repo("scenarios/kursk-ceasefire-2025.toml")).unwrap();
    let param = Param::parse(sim.scenario(), "parties.russia.reservation").unwrap();
    // Two neighbouring points of `--set parties.russia.reservation=0.1..0.4:10`.
    let (a, b) = (0.2, 0.2 + 0.1 / 3.0);
    let (replications, runs) = (400u64, 2000u64);
    let cancel = AtomicBool::new(false);
    let control = Control {
        cancel: &cancel,
        progress: &|_| {},
    };
    let counts = |v: f64, seed: u64| {
        let job = Job {
            seed,
            runs,
            threads: 0,
        };
        outcome_counts(&sim, &[(param, v)], &job, &control).unwrap()
    };
    let mut crn = vec![Vec::new(); 5];
    let mut independent = vec![Vec::new(); 5];
    for r in 0..replications {
        let seed = 1000 + r;
        let at_a = counts(a, seed);
        let at_b_same = counts(b, seed);
        let at_b_other = counts(b, seed + 1_000_000);
        for o in Outcome::ALL {
            let share = |c: &[u64; 5]| c[o.index()] as f64 / runs as f64;
            crn[o.index()].push(share(&at_b_same) - share(&at_a));
            independent[o.index()].push(share(&at_b_other) - share(&at_a));
        }
    }
    println!(
        "Kursk, parties.russia.reservation {a:.4} -> {b:.4}, {runs} runs per point, {replications} replications"
    );
    println!("outcome     mean diff   sd (CRN)   sd (indep.)   variance ratio");
    for o in Outcome::ALL {
        let (vc, vi) = (variance(&crn[o.index()]), variance(&independent[o.index()]));
        let mean = crn[o.index()].iter().sum::<f64>() / replications as f64;
        println!(
            "{:<10} {:>+9.4}   {:>8.5}   {:>11.5}   {:>8.1}x",
            o.as_str(),
            mean,
            vc.sqrt(),
            vi.sqrt(),
            if vc > 0.0 { vi / vc } else { f64::INFINITY }
        );
        // Outcomes that almost never happen (no_deal, expired here) have no variance to save.
        if matches!(o, Outcome::Walkout | Outcome::Collapsed | Outcome::Held) {
            assert!(vc < vi, "{}: CRN should lower the variance", o.as_str());
        }
    }
}
