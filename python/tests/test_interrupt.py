"""Jobs release the GIL, and Ctrl-C (SIGINT) stops them within a block of runs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from conftest import KURSK, REPO

CHILD = """
import sys
import time
import truce

s = truce.load(sys.argv[1])
job = {
    "run": lambda: s.run(runs=100_000_000, keep_runs=False),
    "run_table": lambda: s.run(runs=20_000_000),
    "sweep": lambda: s.sweep({"parties.russia.reservation": (0.0, 1.0, 1000)}, runs=100_000),
    "sensitivity": lambda: s.sensitivity(runs=10_000_000),
}[sys.argv[2]]
print("ready", flush=True)
try:
    job()
except KeyboardInterrupt:
    stopped = time.monotonic()
    # The scenario still works after an interrupted job.
    again = s.run(runs=1000, seed=1, keep_runs=False)
    print("interrupted", stopped, again.n_runs, flush=True)
    sys.exit(0)
print("finished", flush=True)
"""


@pytest.mark.parametrize("job", ["run", "run_table", "sweep", "sensitivity"])
def test_ctrl_c_stops_a_job(tmp_path, job):
    script = tmp_path / "child.py"
    script.write_text(textwrap.dedent(CHILD))
    child = subprocess.Popen(
        [sys.executable, str(script), str(KURSK), job],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        time.sleep(0.5)  # well inside the job (each would take minutes)
        sent = time.monotonic()
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 0, err
    words = out.split()
    assert words[0] == "interrupted", out
    latency = float(words[1]) - sent
    assert words[2] == "1000"
    # A block of runs (4096 at about 3 us each) plus the 20 ms poll; generous for a busy machine.
    assert latency < 1.0, latency


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="Linux only")
def test_the_gil_is_released_while_a_job_runs(kursk):
    count = 0
    stop = threading.Event()

    def spin() -> None:
        nonlocal count
        while not stop.is_set():
            count += 1

    spinner = threading.Thread(target=spin)
    spinner.start()
    try:
        time.sleep(0.05)
        before = count
        started = time.monotonic()
        kursk.run(runs=200_000, keep_runs=False)
        during = count - before
        elapsed = time.monotonic() - started
    finally:
        stop.set()
        spinner.join()
    # Holding the GIL, the call would leave the spinning thread no turn at all until it
    # returned. Released, the thread counts all along (about 10 million a second here).
    assert elapsed > 0.05
    assert during > 100_000 * elapsed, (during, elapsed)
