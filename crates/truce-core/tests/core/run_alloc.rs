//! The hot loop of the Monte Carlo allocates nothing: playing a run (engine) and folding it
//! into the aggregate reuse buffers sized once per scenario. A counting global allocator in
//! this test binary checks it; allocations are counted per thread, so the test harness's own
//! threads do not disturb the count.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use truce_core::Simulation;
use truce_core::stats::Aggregate;

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

// SAFETY: defers every call to the system allocator; only counts on the side.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
        // SAFETY: same contract as ours.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
        // SAFETY: same contract as ours.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

fn allocations() -> u64 {
    ALLOCATIONS.with(Cell::get)
}

fn assert_no_allocation_per_run(file: &str) {
    let sim = Simulation::load(&crate::repo(&format!("scenarios/{file}")))
        .expect("bundled scenario loads");
    let scenario = sim.scenario();
    // The runner of the Monte Carlo: deals are placed against the bargaining analysis.
    let mut runner = sim.runner();
    let mut agg = Aggregate::new(scenario);
    // Warm up: buffers that grow to their working size on first use may allocate once.
    for i in 0..200 {
        agg.add(scenario, runner.run(1, i));
    }
    let before = allocations();
    for i in 200..5200 {
        agg.add(scenario, runner.run(1, i));
    }
    let during = allocations() - before;
    assert_eq!(
        during, 0,
        "{file}: {during} allocations in 5000 runs (engine + aggregate)"
    );
    assert_eq!(agg.runs, 5200);
}

#[test]
fn hot_loop_allocates_nothing() {
    for file in [
        "kursk-ceasefire-2025.toml",
        "classroom-two-party.toml",
        "port-strike.toml",
        "tariff-truce.toml",
    ] {
        assert_no_allocation_per_run(file);
    }
}
