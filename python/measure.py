"""Measure the figures of the README's "From Python" section.

    python python/measure.py [--truce target/release/truce] [--repeat 5]

1. 100,000 Kursk runs (seed 2025) from Python, with and without the per-run table, against
   `truce run` with the same runs and seed (`--charts none --quiet`; the command also writes
   runs.csv, as it does up to 100,000 runs, and summary.json). Best of --repeat, interleaved.
2. 1,000,000 Kursk runs with the per-run table: the job, the DataFrame, the table's bytes and
   the peak memory the job added (a fresh process, read from /proc/self/status).

Timings are wall-clock seconds on whatever else the machine is doing: the load average is
printed with them.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# This script lives beside the package's source folder (python/truce): measure the installed
# package, not that folder, which has no compiled module.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
KURSK = REPO / "scenarios" / "kursk-ceasefire-2025.toml"

TABLE = """
import sys, time
import truce

def mb(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1]) / 1024

s = truce.load(sys.argv[1])
s.run(runs=5000)
base = mb("VmHWM")
t = time.perf_counter()
r = s.run(runs=1_000_000, seed=2025)
job = time.perf_counter() - t
t = time.perf_counter()
df = r.runs
frame = time.perf_counter() - t
data = df.memory_usage(deep=True, index=False).sum() / 2**20
print(f"{job:.2f} {frame:.4f} {data:.1f} {mb('VmHWM') - base:.1f}")
"""


def best(f, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--truce", default=str(REPO / "target" / "release" / "truce"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import truce

    print(f"load average before: {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as out:
        command = [
            args.truce, "run", str(KURSK), "--runs", "100000", "--seed", "2025",
            "--charts", "none", "--quiet", "--out", out,
        ]

        def cli() -> None:
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

        s = truce.load(KURSK)
        s.run(runs=1000)
        py_table = py_summary = cli_time = float("inf")
        for _ in range(args.repeat):
            py_table = min(py_table, best(lambda: s.run(runs=100_000, seed=2025).runs, 1))
            py_summary = min(
                py_summary, best(lambda: s.run(runs=100_000, seed=2025, keep_runs=False), 1)
            )
            cli_time = min(cli_time, best(cli, 1))
        load_and_run = best(lambda: truce.load(KURSK).run(runs=100_000, seed=2025).runs, 1)
    print("100,000 Kursk runs, seed 2025 (best of %d):" % args.repeat)
    print(f"  Python, with the per-run DataFrame      {py_table:.3f} s")
    print(f"  Python, summary only (keep_runs=False)  {py_summary:.3f} s")
    print(f"  Python, load + run + DataFrame          {load_and_run:.3f} s")
    print(f"  truce run (summary.json and runs.csv)   {cli_time:.3f} s")

    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(TABLE)
    try:
        done = subprocess.run(
            [sys.executable, f.name, str(KURSK)], check=True, capture_output=True, text=True
        )
    finally:
        os.unlink(f.name)
    job, frame, data, peak = map(float, done.stdout.split())
    print("1,000,000 Kursk runs with the per-run table:")
    print(f"  job {job:.2f} s, DataFrame {1000 * frame:.1f} ms, table {data:.1f} MiB, "
          f"peak memory added {peak:.1f} MiB")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
