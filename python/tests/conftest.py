"""Shared fixtures: the repository's scenarios and the `truce` binary to compare against.

In CI (the CI environment variable set, as .ci/run sets it) nothing may be skipped: a test that
needs the binary fails when it is missing, and a session that collected no test fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

import truce

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = REPO / "scenarios"
KURSK = SCENARIOS / "kursk-ceasefire-2025.toml"
CLASSROOM = SCENARIOS / "classroom-two-party.toml"
BAD = REPO / "tests" / "fixtures" / "bad"
IN_CI = os.environ.get("CI", "") not in ("", "0", "false")


def pytest_collection_finish(session: pytest.Session) -> None:
    if not session.items:
        raise pytest.UsageError("no tests were collected from python/tests")


def _binary() -> Path | None:
    given = os.environ.get("TRUCE_BIN")
    if given:
        return Path(given)
    for profile in ("release", "debug"):
        candidate = REPO / "target" / profile / "truce"
        if candidate.exists():
            return candidate
    found = shutil.which("truce")
    return Path(found) if found else None


@pytest.fixture(scope="session")
def truce_bin() -> Path:
    """The `truce` command built from this repository (TRUCE_BIN, else target/release or
    target/debug)."""
    path = _binary()
    if path is None or not path.exists():
        message = "no truce binary: build it (cargo build --release) or set TRUCE_BIN"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def cli(truce_bin: Path):
    """Run the `truce` command; returns the completed process (stdout as text)."""

    def run(*args: str | os.PathLike[str]) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [str(truce_bin), *map(str, args)],
            capture_output=True,
            text=True,
            cwd=REPO,
            timeout=600,
        )
        assert done.returncode == 0, f"truce {' '.join(map(str, args))}: {done.stderr}"
        return done

    return run


@pytest.fixture(scope="session")
def kursk() -> truce.Scenario:
    return truce.load(KURSK)


@pytest.fixture(scope="session")
def classroom() -> truce.Scenario:
    return truce.load(CLASSROOM)
