"""The Python API: views of a scenario, jobs, errors, pinned values, sweeps, charts."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import truce
from conftest import BAD, KURSK


def test_views_of_the_scenario(kursk):
    assert kursk.name == "Kursk ceasefire, March 2025"
    assert kursk.path == str(KURSK)
    issues = {i["id"]: i for i in kursk.issues}
    assert issues["pause_days"]["kind"] == "numeric" and issues["pause_days"]["unit"] == "days"
    assert "bilateral_hotline" in issues["verification"]["options"]
    parties = {p["id"]: p for p in kursk.parties}
    assert list(parties) == ["russia", "ukraine", "usa", "europe"]
    russia = parties["russia"]
    assert russia["must_agree"] is True and 0 <= russia["leverage"] <= 1
    assert set(russia["positions"]) <= set(issues)
    assert all(r["issue"] in issues and r["text"] for r in russia["red_lines"] + russia["conditions"])
    numbers = kursk.numbers
    assert "parties.russia.reservation" in set(numbers["path"])
    assert (numbers["min"] <= numbers["central"]).all()
    assert ((numbers["central"] <= numbers["max"]) | numbers["max"].isna()).all()


def test_shares_intervals_and_counts(kursk):
    r = kursk.run(runs=5000, seed=1)
    assert r.n_runs == 5000 and r.seed == 1
    assert list(r.shares) == list(truce.OUTCOMES)
    assert math.isclose(sum(r.shares.values()), 1.0)
    assert sum(r.counts.values()) == 5000
    for o, (low, high) in r.intervals.items():
        assert low <= r.shares[o] <= high
    assert "5000 runs, seed 1" in str(r)
    assert repr(r).startswith("<truce.Results 5000 runs, seed 1:")


def test_results_do_not_depend_on_threads(kursk):
    one = kursk.run(runs=20_000, seed=4, threads=1)
    two = kursk.run(runs=20_000, seed=4, threads=2)
    assert one.summary == two.summary
    pd.testing.assert_frame_equal(one.runs, two.runs)


def test_seeds_differ(kursk):
    assert kursk.run(runs=2000, seed=1).counts != kursk.run(runs=2000, seed=2).counts


def test_bad_arguments(kursk):
    with pytest.raises(ValueError, match="runs must be at least 1"):
        kursk.run(runs=0)
    with pytest.raises(ValueError, match="threads must be at least 1"):
        kursk.run(runs=10, threads=0)
    with pytest.raises(ValueError, match="more than 100000000"):
        kursk.run(runs=100_000_001)
    with pytest.raises(OverflowError):
        kursk.run(runs=-1)
    with pytest.raises(ValueError, match="unknown outcome `peace`"):
        kursk.sensitivity(outcome="peace")


def test_keep_runs_false_keeps_no_table(kursk):
    r = kursk.run(runs=100, keep_runs=False)
    with pytest.raises(ValueError, match="kept no per-run table"):
        r.runs


def test_scenario_error_has_line_column_and_hint():
    with pytest.raises(truce.ScenarioError) as caught:
        truce.load(BAD / "no-mediator.toml")
    e = caught.value
    assert isinstance(e, ValueError)
    assert (e.line, e.column) == (1, 1)
    assert e.message == "the mediated protocol needs a `mediator`"
    assert e.hint and "protocol = \"alternating\"" in e.hint
    assert str(e).startswith(f"{BAD / 'no-mediator.toml'}:1:1: error:")
    assert e.file == str(BAD / "no-mediator.toml")
    assert len(e.diagnostics) >= 1 and e.diagnostics[0]["line"] == 1


def test_every_problem_is_reported_with_its_place():
    text = KURSK.read_text().replace("leverage =", "levrage =", 1)
    with pytest.raises(truce.ScenarioError) as caught:
        truce.loads(text, name="typo.toml")
    e = caught.value
    line = next(i for i, l in enumerate(text.splitlines(), 1) if l.lstrip().startswith("levrage"))
    assert e.line == line
    assert e.hint and "leverage" in e.hint
    assert f"typo.toml:{line}:" in str(e)


def test_missing_file_is_a_scenario_error_without_a_place(tmp_path):
    with pytest.raises(truce.ScenarioError) as caught:
        truce.load(tmp_path / "nowhere.toml")
    assert caught.value.line is None and caught.value.column is None
    assert "nowhere.toml" in str(caught.value)


def test_with_values_pins_and_keeps_common_random_numbers(kursk):
    base = kursk.run(runs=4000, seed=9)
    sure = kursk.with_values({"truce.detection.bilateral_hotline": 1.0})
    pinned = sure.run(runs=4000, seed=9)
    assert pinned.summary != base.summary
    # Detection acts only on the pause: the talks, and so which runs signed a deal and on
    # what terms, are the very same runs (common random numbers).
    a, b = base.runs, pinned.runs
    signed = a["outcome"].isin(["collapsed", "expired", "held"])
    assert (signed == b["outcome"].isin(["collapsed", "expired", "held"])).all()
    pd.testing.assert_series_equal(a["round"], b["round"])
    pd.testing.assert_series_equal(a["verification"], b["verification"])
    # Among the runs monitored by a hotline, certain detection deters most violations
    # (docs/MODEL.md: deterrence), so fewer of those pauses collapse.
    hotline = signed & (a["verification"] == "bilateral_hotline")
    assert hotline.sum() > 100
    collapsed = lambda t: int((t["outcome"][hotline] == "collapsed").sum())  # noqa: E731
    assert collapsed(b) < collapsed(a)
    # Elsewhere nothing changes.
    pd.testing.assert_frame_equal(a[~hotline], b[~hotline])
    # The original is unchanged.
    assert kursk.run(runs=4000, seed=9).summary == base.summary


def test_with_values_errors(kursk):
    with pytest.raises(truce.ParamError, match="did you mean `russia`"):
        kursk.with_values({"parties.rusia.reservation": 0.3})
    with pytest.raises(truce.ParamError, match="outside the range"):
        kursk.with_values({"parties.russia.reservation": 1.5})


def test_sweep(kursk):
    df = kursk.sweep({"parties.russia.reservation": (0.1, 0.4, 7)}, runs=2000)
    assert len(df) == 7
    assert list(df.columns[:2]) == ["parties.russia.reservation", "runs"]
    assert df["parties.russia.reservation"].tolist() == [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4]
    shares = df[list(truce.OUTCOMES)].sum(axis=1)
    assert ((shares - 1).abs() < 1e-5).all()
    # A Russia that walks away more easily walks out more often.
    assert df["walkout"].iloc[-1] > df["walkout"].iloc[0]
    grid = kursk.sweep(
        {"parties.russia.reservation": (0.2, 0.3), "battlefield.drift": 0.0}, runs=200
    )
    assert len(grid) == 11 and (grid["battlefield.drift"] == 0.0).all()
    with pytest.raises(truce.ParamError, match="runs backwards"):
        kursk.sweep({"parties.russia.reservation": (0.4, 0.1)})
    with pytest.raises(TypeError, match="give a value"):
        kursk.sweep({"parties.russia.reservation": (0.1, 0.2, 3, 4)})
    with pytest.raises(ValueError, match="at least one number"):
        kursk.sweep({})


def test_sensitivity_is_ranked(kursk):
    df = kursk.sensitivity(runs=500)
    assert df["rank"].tolist() == list(range(1, len(df) + 1))
    effects = df["held_effect"].abs()
    assert (effects.diff().dropna() <= 1e-12).all()
    assert set(df["path"]) <= set(kursk.numbers["path"])
    assert df.attrs["outcome"] == "held" and set(df.attrs["baseline"]) == set(truce.OUTCOMES)


def test_charts(kursk):
    r = kursk.run(runs=1000)
    chart = r.chart("outcomes")
    assert chart._repr_svg_().lstrip().startswith("<svg")
    assert r.chart("01-outcomes").svg == chart.svg
    for name in truce.Results.chart_names():
        assert r.chart(name).svg.count("<svg") == 1
    with pytest.raises(ValueError, match="unknown chart `pie`.*outcomes"):
        r.chart("pie")


def test_narration_shows_as_text(kursk):
    story = kursk.narrate(3)
    assert isinstance(story, str) and story.startswith("Run 3 of")

    class Printer:
        def __init__(self):
            self.out = ""

        def text(self, t):
            self.out += t

    p = Printer()
    story._repr_pretty_(p, False)
    assert p.out == story
