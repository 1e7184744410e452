//! Jobs played without the GIL, stopped by Ctrl-C.
//!
//! A job runs on a worker thread of its own while the calling thread, with the GIL released,
//! waits for it and every [`POLL`] takes the GIL back for a moment to ask Python whether a
//! signal arrived (`PyErr_CheckSignals`, which runs Python's handlers: Ctrl-C raises
//! `KeyboardInterrupt`). When one did, it sets the cancel flag of the job's [`Monitor`], which
//! the core's Monte Carlo checks before and after every block of runs; the job returns
//! `Cancelled` within a block (about a millisecond of work on one core) and the Python error is
//! raised in its place. Other Python threads run while the job does.
//!
//! Python delivers signals to its main thread only, so a job started from another thread is
//! not stopped by Ctrl-C (the signal is handled when the main thread next runs Python code).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use pyo3::prelude::*;
use truce_core::Monitor;

/// How often the waiting thread asks Python for signals.
const POLL: Duration = Duration::from_millis(20);

/// The monitor the core sees: a cancel flag, set when Python reports a signal.
#[derive(Default)]
pub struct Watch {
    cancel: AtomicBool,
}

impl Monitor for Watch {
    fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

/// Play `job` with the GIL released, checking for signals while it runs. `Err` is the
/// exception a signal handler raised (`KeyboardInterrupt` for Ctrl-C); the job was cancelled
/// and its result dropped.
pub fn watched<T, F>(py: Python<'_>, job: F) -> PyResult<T>
where
    T: Send,
    F: FnOnce(&Watch) -> T + Send,
{
    let watch = Watch::default();
    let (result, signal) = py.detach(|| {
        let (done, finished) = mpsc::channel::<()>();
        std::thread::scope(|scope| {
            let worker = std::thread::Builder::new()
                .name("truce-job".into())
                .spawn_scoped(scope, || {
                    let out = job(&watch);
                    // The waiting side may have stopped listening; nothing to do then.
                    let _ = done.send(());
                    out
                });
            let worker = match worker {
                Ok(w) => w,
                // The system is out of threads: the job was not played.
                Err(_) => return (None, None),
            };
            let mut signal: Option<PyErr> = None;
            loop {
                match finished.recv_timeout(POLL) {
                    Err(mpsc::RecvTimeoutError::Timeout) if signal.is_none() => {
                        if let Err(e) = Python::attach(|py| py.check_signals()) {
                            signal = Some(e);
                            watch.cancel.store(true, Ordering::Relaxed);
                        }
                    }
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                    Ok(()) | Err(mpsc::RecvTimeoutError::Disconnected) => break,
                }
            }
            let result = worker
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (Some(result), signal)
        })
    });
    match (signal, result) {
        (Some(e), _) => Err(e),
        (None, Some(r)) => Ok(r),
        (None, None) => Err(pyo3::exceptions::PyRuntimeError::new_err(
            "could not start a thread for the job",
        )),
    }
}
