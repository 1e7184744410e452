"""The per-run table is columnar: numpy arrays over the engine's own memory, no copy, no
Python object per row."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import numpy as np
import pandas as pd

import truce
from conftest import KURSK, REPO


def test_columns_are_views_of_the_engines_memory(kursk):
    columns = kursk.run(runs=3000, seed=2)._native.take_columns()
    df = truce._frame(columns)
    assert list(df.columns) == [name for name, _, _ in columns]
    assert len(df.columns) == 6 + len(kursk.issues) + len(kursk.parties) + 1
    for name, column, categories in columns:
        assert type(column).__module__ == "truce._truce"
        engine = np.frombuffer(column, dtype=column.dtype)
        frame = df[name].array.codes if categories else df[name].to_numpy()
        assert np.shares_memory(frame, engine), name
        np.testing.assert_array_equal(frame, engine)
    # No object columns: every value is a number or a category code.
    assert not any(dtype == object for dtype in df.dtypes)
    assert df["run"].dtype == np.uint64 and df["pause_days"].dtype == np.float64
    assert df["outcome"].cat.codes.dtype == np.int8
    assert list(df["outcome"].cat.categories) == list(truce.OUTCOMES)


def test_table_is_writable_and_outlives_the_results(kursk):
    df = kursk.run(runs=500, seed=2).runs
    copy = df.copy()
    df.loc[0, "truce_days"] = 12345
    assert df.loc[0, "truce_days"] == 12345
    assert copy.loc[0, "truce_days"] != 12345
    # The DataFrame keeps the memory alive after the results are gone.
    r = kursk.run(runs=500, seed=2)
    table = r.runs
    del r
    pd.testing.assert_frame_equal(table, copy)


def test_table_is_built_once_and_cached(kursk):
    r = kursk.run(runs=200)
    assert r.runs is r.runs
    assert not r._native.has_table()


def test_no_deal_runs_have_no_terms(kursk):
    df = kursk.run(runs=5000, seed=6).runs
    signed = df["outcome"].isin(["collapsed", "expired", "held"])
    assert signed.any() and (~signed).any()
    assert df.loc[~signed, "pause_days"].isna().all()
    assert df.loc[signed, "pause_days"].notna().all()
    assert df.loc[~signed, "territory"].isna().all()
    assert df.loc[~signed, "russia_utility"].isna().all()
    assert df.loc[signed, "blocker"].isna().all()
    assert df.loc[~signed, "blocker"].notna().all()
    assert (df.loc[~signed, "truce_days"] == 0).all()


MEMORY = """
import sys
import truce

def rss_mb(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1]) / 1024
    raise SystemExit("no " + key)

s = truce.load(sys.argv[1])
s.run(runs=5000)  # start the worker threads, fault in the code
before = rss_mb("VmHWM")
r = s.run(runs=int(sys.argv[2]), seed=2025)
df = r.runs
data = df.memory_usage(deep=True, index=False).sum() / 2**20
print(data, rss_mb("VmHWM") - before)
"""


def test_table_memory_is_the_data(tmp_path):
    """Peak memory of a 400,000-run job with its table: the table's own bytes and the batch of
    blocks in flight (32 x 4096 rows), no second copy."""
    script = tmp_path / "memory.py"
    script.write_text(textwrap.dedent(MEMORY))
    done = subprocess.run(
        [sys.executable, str(script), str(KURSK), "400000"],
        capture_output=True, text=True, cwd=REPO, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    data, growth = map(float, done.stdout.split())
    assert 25 < data < 35, data  # 72 bytes per run for Kursk
    # A copy of the table would add another `data`.
    assert growth < data + 16, (data, growth)
