"""The same scenario, seed and run count give the same numbers from Python as from `truce`."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from conftest import CLASSROOM, KURSK


@pytest.mark.parametrize("threads", [None, 1])
def test_summary_is_summary_json(kursk, cli, tmp_path, threads):
    out = tmp_path / "run"
    cli("run", KURSK, "--runs", "3000", "--seed", "11", "--charts", "none", "--quiet", "--out", out)
    written = (out / "summary.json").read_text()
    r = kursk.run(runs=3000, seed=11, threads=threads, keep_runs=False)
    # Byte for byte, and as data.
    assert r._native.summary_json() == written
    assert r.summary == json.loads(written)
    assert r.shares == {o["outcome"]: o["share"] for o in json.loads(written)["outcomes"]}
    assert str(r) == cli(
        "run", KURSK, "--runs", "3000", "--seed", "11", "--charts", "none", "--quiet",
        "--out", tmp_path / "again",
    ).stdout


def test_charts_are_the_cli_charts(kursk, cli, tmp_path):
    out = tmp_path / "run"
    cli("run", KURSK, "--runs", "2000", "--seed", "8", "--charts", "svg", "--quiet", "--out", out)
    r = kursk.run(runs=2000, seed=8, keep_runs=False)
    files = sorted((out / "charts").glob("*.svg"))
    # Every chart the command wrote, and no other (nine for a scenario with [truce]).
    assert len(files) == len(r.chart_names()) == 9
    for file, name in zip(files, r.chart_names()):
        assert file.stem.endswith(name)
        assert r.chart(name).svg == file.read_text(), name


def test_scenario_defaults_are_the_cli_defaults(classroom, cli, tmp_path):
    out = tmp_path / "run"
    cli("run", CLASSROOM, "--charts", "none", "--quiet", "--out", out)
    assert classroom.run().summary == json.loads((out / "summary.json").read_text())


def test_runs_table_is_runs_csv(kursk, cli, tmp_path):
    out = tmp_path / "run"
    cli("run", KURSK, "--runs", "4000", "--seed", "3", "--charts", "none", "--quiet", "--out", out)
    csv = pd.read_csv(out / "runs.csv", keep_default_na=False, na_values=[""])
    df = kursk.run(runs=4000, seed=3).runs
    assert list(df.columns) == list(csv.columns)
    assert len(df) == len(csv) == 4000
    for column in ["run", "round", "truce_days", "violations", "detected"]:
        np.testing.assert_array_equal(df[column].to_numpy(), csv[column].to_numpy(), column)
    categorical = [c for c in df.columns if isinstance(df[c].dtype, pd.CategoricalDtype)]
    assert {"outcome", "blocker", "verification", "territory"} <= set(categorical)
    for column in categorical:
        ours = df[column].astype(object).where(df[column].notna(), "")
        theirs = csv[column].astype(object).where(csv[column].notna(), "")
        assert (ours.astype(str) == theirs.astype(str)).all(), column
    # Numbers: the CSV rounds numeric terms to 2 decimals and utilities to 4.
    for column, tolerance in [("pause_days", 0.005 + 1e-9)] + [
        (f"{p}_utility", 0.00005 + 1e-12) for p in ("russia", "ukraine", "usa", "europe")
    ]:
        ours, theirs = df[column].to_numpy(), csv[column].to_numpy(dtype=float)
        np.testing.assert_array_equal(np.isnan(ours), np.isnan(theirs), column)
        both = ~np.isnan(ours)
        assert both.any(), column
        assert np.max(np.abs(ours[both] - theirs[both])) <= tolerance, column
    # The table agrees with the summary.
    counts = df["outcome"].value_counts()
    r = kursk.run(runs=4000, seed=3, keep_runs=False)
    assert {o: int(counts[o]) for o in r.counts} == r.counts


def test_narrate_and_trace_are_truce_narrate(kursk, cli):
    assert str(kursk.narrate(17)) == cli("narrate", KURSK, "--run", "17").stdout
    told = cli("narrate", KURSK, "--run", "17", "--seed", "99", "--json").stdout
    assert kursk.trace(17, seed=99) == json.loads(told)
    # Run 17 told is run 17 of the job.
    story = kursk.trace(17)
    row = kursk.run(runs=18).runs.iloc[17]
    assert story["record"]["outcome"] == row["outcome"]


def test_sweep_is_sweep_csv(kursk, cli, tmp_path):
    out = tmp_path / "sweep"
    cli(
        "sweep", KURSK, "--set", "parties.russia.reservation=0.1..0.4:4", "--runs", "1500",
        "--seed", "5", "--charts", "none", "--quiet", "--out", out,
    )
    csv = pd.read_csv(out / "sweep.csv")
    df = kursk.sweep({"parties.russia.reservation": (0.1, 0.4, 4)}, runs=1500, seed=5)
    assert list(df.columns) == list(csv.columns)
    assert len(df) == 4
    np.testing.assert_allclose(df.to_numpy(dtype=float), csv.to_numpy(dtype=float), atol=5e-7)
    assert df.attrs["runs_per_point"] == 1500


def test_sensitivity_is_sensitivity_csv(classroom, cli, tmp_path):
    out = tmp_path / "sensitivity"
    cli(
        "sensitivity", CLASSROOM, "--outcome", "expired", "--runs", "400", "--charts", "none",
        "--quiet", "--out", out,
    )
    csv = pd.read_csv(out / "sensitivity.csv")
    df = classroom.sensitivity(outcome="expired", runs=400)
    assert list(df.drop(columns=["label", "given"]).columns) == list(csv.columns)
    assert list(df["path"]) == list(csv["path"])
    numeric = [c for c in csv.columns if c not in ("path", "basis")]
    np.testing.assert_allclose(
        df[numeric].to_numpy(dtype=float), csv[numeric].to_numpy(dtype=float), atol=5e-7
    )
