"""truce: Monte Carlo simulation of ceasefire and truce negotiations, from Python.

The engine of the ``truce`` command, at full speed, with results as dicts and pandas
DataFrames::

    import truce
    s = truce.load("scenarios/kursk-ceasefire-2025.toml")
    r = s.run(runs=100_000, seed=2025)      # the GIL is released while it runs; Ctrl-C stops it
    r.shares                                # {"no_deal": 0.039, ...}
    r.intervals                             # {"no_deal": (0.037, 0.040), ...}: Wilson 95%
    r.summary                               # summary.json as dicts and lists
    r.runs                                  # one row per run: the columns of runs.csv
    s.narrate(17)                           # run 17 told as text; s.trace(17): as dicts
    s.sweep({"parties.russia.reservation": (0.1, 0.4, 7)})
    s.sensitivity()
    s.with_values({"truce.detection.bilateral_hotline": 0.6}).run(runs=10_000)
    r.chart("outcomes")                     # an SVG chart, shown inline by Jupyter

The same scenario, seed and run count give the same numbers as ``truce run``: run ``i`` depends
only on (scenario, seed, ``i``), and the statistics are exact integer counts, so the results do
not depend on the number of threads either.
"""

from __future__ import annotations

import json
import os
from functools import cached_property
from typing import Any, Mapping, Sequence, Union

import numpy as np
import pandas as pd

from . import _truce
from ._truce import ParamError, ScenarioError

__all__ = [
    "OUTCOMES",
    "Chart",
    "Narration",
    "ParamError",
    "Results",
    "Scenario",
    "ScenarioError",
    "load",
    "loads",
]

__version__: str = _truce.VERSION

OUTCOMES: tuple[str, ...] = ("no_deal", "walkout", "collapsed", "expired", "held")
"""How a run can end, in the order of ``summary.json``: no deal in time, a required party
walked out, a signed pause collapsed under detected violations, it expired unrenewed, or it
held to the horizon."""

PathLike = Union[str, "os.PathLike[str]"]
SweepRange = Union[float, Sequence[float]]


def load(path: PathLike) -> Scenario:
    """Load and validate a scenario file (TOML; see docs/FORMAT.md).

    Raises ``truce.ScenarioError`` (a ``ValueError``) when the file cannot be read or is
    invalid: ``str(e)`` lists every problem as ``truce check`` does, and ``e.line``,
    ``e.column``, ``e.message`` and ``e.hint`` describe the first one.
    """
    path = os.fspath(path)
    return Scenario(_truce.Simulation.load(path), path)


def loads(toml: str, name: str = "<string>") -> Scenario:
    """Validate a scenario given as TOML text; ``name`` stands for the file in error messages."""
    return Scenario(_truce.Simulation.parse(toml, name), None)


class Narration(str):
    """A run told as text: a ``str`` that Jupyter and IPython show as the text itself."""

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))


class Scenario:
    """A validated scenario, ready to be played.

    Made by ``truce.load`` or ``truce.loads``. The bargaining analysis is computed once, when
    first needed, and shared by every job and every told run.
    """

    def __init__(self, native: _truce.Simulation, path: str | None) -> None:
        self._native = native
        self._path = path

    @property
    def path(self) -> str | None:
        """The file it was loaded from (None for ``truce.loads``)."""
        return self._path

    @cached_property
    def info(self) -> dict[str, Any]:
        """The scenario as a whole: name, description, sources, protocol, mediator, calendar
        (``max_rounds``, ``days_per_round``, ``horizon_days``), default ``runs`` and ``seed``,
        ``file_hash`` (SHA-256 of the file) and the ``outcomes``."""
        info: dict[str, Any] = json.loads(self._native.info_json())
        return info

    @property
    def name(self) -> str:
        """The scenario's title."""
        return str(self.info["name"])

    @property
    def seed(self) -> int:
        """The seed a job plays when none is given."""
        return int(self.info["seed"])

    @property
    def default_runs(self) -> int:
        """The runs a job plays when none are given (the file's ``runs``)."""
        return int(self.info["runs"])

    @cached_property
    def issues(self) -> list[dict[str, Any]]:
        """The issues of a deal: ``id``, ``label``, ``kind`` (``numeric`` or ``options``),
        ``min``, ``max`` and ``unit`` of a numeric issue, the ``options`` of a choice."""
        issues: list[dict[str, Any]] = json.loads(self._native.issues_json())
        return issues

    @cached_property
    def parties(self) -> list[dict[str, Any]]:
        """The parties: ``id``, ``name``, ``role``, ``must_agree``, ``tactic``, their numbers at
        their central values (``leverage``, ``trust``, ``reservation``,
        ``momentum_sensitivity``, ``delay_cost``, ``one_off_gain``, ``beta``), ``positions``
        (issue id -> ideal in the issue's units and weight), ``red_lines`` and ``conditions``
        (issue, text, reason; conditions with their ``penalty`` and ``waive_below``).
        ``Scenario.numbers`` has the distributions behind the numbers."""
        parties: list[dict[str, Any]] = json.loads(self._native.parties_json())
        return parties

    @property
    def numbers(self) -> pd.DataFrame:
        """Every uncertain number the engine reads, one row each: ``path`` (what
        ``with_values``, ``sweep`` and ``sensitivity`` take), ``label``, ``unit``, ``given``
        (as the file writes it: ``uniform 0.5..0.8``), ``central`` (its mean), ``min`` and
        ``max`` (the values it may take; ``max`` is NaN when unbounded)."""
        rows = json.loads(self._native.numbers_json())
        columns = ["path", "label", "unit", "given", "central", "min", "max"]
        frame = pd.DataFrame(rows, columns=columns)
        frame["max"] = frame["max"].astype("float64")
        return frame

    def run(
        self,
        runs: int | None = None,
        seed: int | None = None,
        threads: int | None = None,
        keep_runs: bool = True,
    ) -> Results:
        """Play runs ``0 .. runs-1`` of ``seed``, exactly as ``truce run --runs R --seed S``.

        ``runs`` and ``seed`` default to the scenario's; ``threads`` to every core (the
        results are the same at any thread count). The GIL is released while the runs are
        played, and Ctrl-C (``KeyboardInterrupt``) stops them within a few milliseconds.

        ``keep_runs=False`` keeps no per-run table (``Results.runs`` then raises), for jobs
        too big to hold one row per run in memory: the summary is the same.
        """
        native = self._native.run(runs=runs, seed=seed, threads=threads, keep_runs=keep_runs)
        return Results(native)

    def narrate(self, run: int, seed: int | None = None) -> Narration:
        """Run ``run`` of ``seed`` (default: the scenario's) told as a story, in the scenario's
        own units and names: exactly run ``run`` of ``Scenario.run`` with that seed
        (``truce narrate --run``)."""
        return Narration(self._native.narrate(run, seed))

    def trace(self, run: int, seed: int | None = None) -> dict[str, Any]:
        """Run ``run`` of ``seed`` as dicts and lists (``truce narrate --json``): what every
        party drew, every event in order, and the run's record."""
        story: dict[str, Any] = json.loads(self._native.trace_json(run, seed))
        return story

    def with_values(self, values: Mapping[str, float]) -> Scenario:
        """The same scenario with numbers pinned, by path (``parties.russia.reservation``,
        ``truce.detection.bilateral_hotline``; see ``Scenario.numbers``).

        A pinned number loses its uncertainty; every other number of run ``i`` is drawn as
        before (common random numbers), so comparing the two scenarios run for run shows the
        effect of the pinned values. Raises ``truce.ParamError`` for an unknown path (with a
        did-you-mean) or a value outside the number's range.
        """
        pins = [(str(path), float(value)) for path, value in values.items()]
        return Scenario(self._native.with_values(pins), self._path)

    def sweep(
        self,
        grid: Mapping[str, SweepRange],
        runs: int | None = None,
        seed: int | None = None,
        threads: int | None = None,
    ) -> pd.DataFrame:
        """The scenario at every point of a grid of pinned numbers (``truce sweep``).

        ``grid`` maps a path to ``(from, to, steps)``, ``(from, to)`` (11 steps) or a single
        value. Every point plays runs ``0 .. runs-1`` of the same seed (common random
        numbers); ``runs`` defaults to the scenario's, at most 10,000 per point, as on the
        command line. With two or more paths the grid is their product, the last varying
        fastest.

        Returns one row per point: the value of each path (headed by the path), ``runs``,
        then per outcome its share and Wilson 95% interval (``held``, ``held_low``,
        ``held_high``): the columns of ``sweep.csv``. ``frame.attrs`` holds the scenario,
        seed, runs per point and each axis's label and value as written.
        """
        sets: list[tuple[str, float, float, int | None]] = []
        for path, spec in grid.items():
            sets.append((str(path), *_sweep_range(path, spec)))
        doc = json.loads(
            self._native.sweep_json(sets, runs=runs, seed=seed, threads=threads)
        )
        axes = doc["axes"]
        rows = []
        for point in doc["points"]:
            row: dict[str, Any] = {a["path"]: v for a, v in zip(axes, point["values"])}
            row["runs"] = point["runs"]
            for o in OUTCOMES:
                share = point[o]
                row[o] = share["share"]
                row[f"{o}_low"] = share["low"]
                row[f"{o}_high"] = share["high"]
            rows.append(row)
        frame = pd.DataFrame(rows)
        frame.attrs.update(
            scenario=doc["scenario"],
            seed=doc["seed"],
            runs_per_point=doc["runs_per_point"],
            axes=axes,
        )
        return frame

    def sensitivity(
        self,
        outcome: str = "held",
        runs: int | None = None,
        seed: int | None = None,
        threads: int | None = None,
    ) -> pd.DataFrame:
        """Every uncertain number down and up, one at a time, ranked by how much it moves the
        share of ``outcome`` (``truce sensitivity``).

        Each number is pinned at its 10th and 90th percentile (a fixed number: 20% below and
        above), with the seed and run indices of the scenario as written; ``runs`` defaults
        to the scenario's, at most 10,000 per setting.

        Returns one row per number, largest effect first: ``rank``, ``path``, ``label``,
        ``given``, ``basis`` (how low and high were chosen), ``low``, ``high``, per outcome its
        share at low and at high (``held_at_low``, ``held_at_high``), and
        ``<outcome>_effect`` (the share at high minus at low): the columns of
        ``sensitivity.csv`` with the label and the number as written. ``frame.attrs`` holds
        the baseline shares, the outcome, runs and seed.
        """
        doc = json.loads(
            self._native.sensitivity_json(outcome, runs=runs, seed=seed, threads=threads)
        )
        chosen = doc["outcome"]
        rows = []
        for n in doc["numbers"]:
            row: dict[str, Any] = {
                k: n[k] for k in ("rank", "path", "label", "given", "basis", "low", "high")
            }
            for o in OUTCOMES:
                row[f"{o}_at_low"] = n["at_low"][o]["share"]
                row[f"{o}_at_high"] = n["at_high"][o]["share"]
            row[f"{chosen}_effect"] = n["effect"]
            rows.append(row)
        frame = pd.DataFrame(rows)
        frame.attrs.update(
            scenario=doc["scenario"],
            outcome=chosen,
            runs=doc["runs"],
            seed=doc["seed"],
            baseline={o: doc["baseline"][o]["share"] for o in OUTCOMES},
        )
        return frame

    def __repr__(self) -> str:
        where = f" from {self._path}" if self._path else ""
        return f"<truce.Scenario {self.name!r}{where}>"


def _sweep_range(path: str, spec: SweepRange) -> tuple[float, float, int | None]:
    """``(from, to, steps)`` of a sweep's range: a value, ``(from, to)`` or ``(from, to, steps)``."""
    if isinstance(spec, (int, float, np.integer, np.floating)) and not isinstance(spec, bool):
        return float(spec), float(spec), None
    try:
        parts = list(spec)  # type: ignore[arg-type]
    except TypeError:
        parts = []
    if len(parts) == 2:
        return float(parts[0]), float(parts[1]), None
    if len(parts) == 3 and float(parts[2]).is_integer():
        return float(parts[0]), float(parts[1]), int(parts[2])
    raise TypeError(
        f"sweep {path}: give a value, (from, to) or (from, to, steps), not {spec!r}"
    )


class Results:
    """What a job left: its summary (``summary.json``) and, unless the job was run with
    ``keep_runs=False``, one row per run."""

    def __init__(self, native: _truce.Results) -> None:
        self._native = native

    @cached_property
    def summary(self) -> dict[str, Any]:
        """``summary.json`` as dicts and lists: the same content ``truce run`` writes for the
        same scenario, seed and runs (outcome shares with intervals, time to agreement, pause
        survival, terms, utilities, blockers, momentum and trust, deal quality, the
        bargaining analysis)."""
        summary: dict[str, Any] = json.loads(self._native.summary_json())
        return summary

    @property
    def seed(self) -> int:
        """The seed played."""
        return int(self.summary["seed"])

    @property
    def n_runs(self) -> int:
        """The number of runs played."""
        return int(self.summary["runs"])

    @property
    def counts(self) -> dict[str, int]:
        """Runs per outcome."""
        return {o["outcome"]: o["count"] for o in self.summary["outcomes"]}

    @property
    def shares(self) -> dict[str, float]:
        """Each outcome's share of the runs: ``{"no_deal": 0.039, ...}``."""
        return {o["outcome"]: o["share"] for o in self.summary["outcomes"]}

    @property
    def intervals(self) -> dict[str, tuple[float, float]]:
        """Each outcome's Wilson 95% interval: ``{"no_deal": (0.037, 0.040), ...}``."""
        return {o["outcome"]: (o["low"], o["high"]) for o in self.summary["outcomes"]}

    @cached_property
    def runs(self) -> pd.DataFrame:
        """One row per run, in run order, with the columns of ``runs.csv``: ``run``,
        ``outcome``, ``round``, ``truce_days``, ``violations``, ``detected``, one column per
        issue (its agreed value in the issue's units, or the agreed option), one
        ``<party>_utility`` per party, and ``blocker`` (what stopped the last text, in runs
        without a deal).

        Built from columns (numpy arrays the engine filled, no Python object per row):
        outcomes, options and blockers are categoricals; terms and utilities are NaN, and
        options missing, in runs without a deal. Values are kept at full precision (the CSV
        rounds utilities to 4 decimals and numeric terms to 2).
        """
        columns = self._native.take_columns()
        if columns is None:
            raise ValueError(
                "this job kept no per-run table: run it with keep_runs=True (the default)"
            )
        return _frame(columns)

    def chart(self, name: str) -> Chart:
        """A chart of the summary, as ``truce run`` draws it: ``outcomes``,
        ``time-to-agreement``, ``survival``, ``terms``, ``utilities``, ``momentum-trust``,
        ``blockers``, ``utility-space`` or ``pause-ends`` (or the file stem, ``01-outcomes``);
        ``survival`` and ``pause-ends`` say "no pause was played out" for a scenario without
        ``[truce]``, where ``truce run`` leaves them out. Jupyter shows
        it inline; ``Chart.svg`` is the SVG text and ``Chart.save(path)`` writes it."""
        return Chart(name, self._native.chart_svg(name))

    @staticmethod
    def chart_names() -> list[str]:
        """The charts' names, in the order of the files ``truce run`` writes."""
        return list(_truce.Results.chart_names())

    def __str__(self) -> str:
        return self._native.table_text()

    def __repr__(self) -> str:
        shares = ", ".join(f"{o} {100 * s:.1f}%" for o, s in self.shares.items())
        return f"<truce.Results {self.n_runs} runs, seed {self.seed}: {shares}>"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))


def _frame(columns: list[tuple[str, _truce.Column, list[str] | None]]) -> pd.DataFrame:
    """A DataFrame over the engine's columns: numpy arrays over each column's memory (the
    buffer protocol, no copy), categoricals over the codes, and no consolidation into 2-D
    blocks (which would copy)."""
    data: dict[str, Any] = {}
    for name, column, categories in columns:
        values = np.frombuffer(memoryview(column), dtype=column.dtype)
        if categories is None:
            data[name] = values
        else:
            data[name] = pd.Categorical.from_codes(values, categories=pd.Index(categories))
    return pd.DataFrame(data, copy=False)


class Chart:
    """An SVG chart. Jupyter displays it inline (``_repr_svg_``)."""

    def __init__(self, name: str, svg: str) -> None:
        self.name = name
        self.svg = svg

    def _repr_svg_(self) -> str:
        return self.svg

    def save(self, path: PathLike) -> None:
        """Write the SVG to ``path``."""
        with open(path, "w", encoding="utf-8") as f:
            f.write(self.svg)

    def __repr__(self) -> str:
        return f"<truce.Chart {self.name!r}: {len(self.svg)} bytes of SVG>"
