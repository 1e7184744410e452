"""Type stubs of ``truce._truce``, the native half of the package (Rust, PyO3).

Use the ``truce`` package itself; this module is what it is built on.
"""

from typing import Optional

VERSION: str
MAX_RUNS: int

class ScenarioError(ValueError):
    """A scenario file could not be read or is invalid.

    ``str(e)`` is every problem, rustc-style (``FILE:LINE:COL``, the line, a caret, the hint).
    """

    file: str
    """The file as it was given."""
    message: Optional[str]
    """The first problem."""
    line: Optional[int]
    """Its line (1-based); None for a problem with the file as a whole."""
    column: Optional[int]
    """Its column (1-based, in characters)."""
    hint: Optional[str]
    """What to do about it, when there is a hint."""
    diagnostics: list[dict[str, object]]
    """Every problem, in file order: dicts with message, line, column and hint."""

class ParamError(ValueError):
    """A path names no number of the scenario, or a value lies outside its range."""

class Column:
    """One column of the per-run table, lending its memory through the buffer protocol:
    ``numpy.frombuffer(column, dtype=column.dtype)`` is an array over it, without a copy."""

    @property
    def dtype(self) -> str:
        """The numpy type string of the values (``=u8``, ``=f8``, ``i1``...)."""
    @property
    def len(self) -> int:
        """The number of values."""
    def __len__(self) -> int: ...
    def __buffer__(self, flags: int, /) -> memoryview: ...
    def __release_buffer__(self, buffer: memoryview, /) -> None: ...

class Simulation:
    """A validated scenario and its bargaining analysis."""

    @staticmethod
    def load(path: str) -> Simulation:
        """Load and validate a scenario file; raises ScenarioError."""
    @staticmethod
    def parse(toml: str, name: str) -> Simulation:
        """Validate a scenario given as TOML text; raises ScenarioError."""
    def info_json(self) -> str: ...
    def issues_json(self) -> str: ...
    def parties_json(self) -> str: ...
    def numbers_json(self) -> str: ...
    def run(
        self,
        runs: Optional[int] = None,
        seed: Optional[int] = None,
        threads: Optional[int] = None,
        keep_runs: bool = True,
    ) -> Results:
        """Play runs 0..runs of seed with the GIL released; Ctrl-C stops it."""
    def narrate(self, run: int, seed: Optional[int] = None) -> str: ...
    def trace_json(self, run: int, seed: Optional[int] = None) -> str: ...
    def with_values(self, pins: list[tuple[str, float]]) -> Simulation: ...
    def sweep_json(
        self,
        sets: list[tuple[str, float, float, Optional[int]]],
        runs: Optional[int] = None,
        seed: Optional[int] = None,
        threads: Optional[int] = None,
    ) -> str: ...
    def sensitivity_json(
        self,
        outcome: str = "held",
        runs: Optional[int] = None,
        seed: Optional[int] = None,
        threads: Optional[int] = None,
    ) -> str: ...

class Results:
    """What a job left: its summary and, when kept, the per-run table."""

    def summary_json(self) -> str:
        """summary.json, byte for byte as ``truce run`` writes it."""
    def table_text(self) -> str:
        """The summary as ``truce run`` prints it."""
    def has_table(self) -> bool: ...
    def take_columns(self) -> Optional[list[tuple[str, Column, Optional[list[str]]]]]:
        """The per-run table's columns (taken once): name, column, categories."""
    def chart_svg(self, name: str) -> str: ...
    @staticmethod
    def chart_names() -> list[str]: ...
