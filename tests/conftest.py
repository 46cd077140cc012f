"""Shared fixtures: the seed documents and their expected articles, the development data, a Wikinews article pool,
a database path, and helpers to run the ``wirewatch`` command."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from wirewatch.eval.synth import SynthArticle, load_wikinews

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = REPO / "data/demo/seeds"
WIKINEWS = REPO / "data/demo/wikinews/wikinews_2019_2020.jsonl.gz"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The two seed page dumps (the repository's copy, ``data/demo/seeds``)."""
    assert len(list(SEEDS.glob("*.txt"))) == 2, f"the two seed documents are missing from {SEEDS}"
    return SEEDS


@pytest.fixture(scope="session")
def seed_files(seeds_dir: Path) -> list[Path]:
    return sorted(seeds_dir.glob("*.txt"))


@pytest.fixture(scope="session")
def expected() -> dict:
    """What wirewatch must make of the seeds: ``../shared/seeds/expected.json``."""
    path = SHARED / "seeds/expected.json"
    if not path.exists():
        _missing(path)
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The development data sets, ``../shared/data``: fails in CI when missing, skips (saying why) elsewhere."""
    path = SHARED / "data"
    if not path.is_dir():
        _missing(path)
    return path


def _missing(path: Path) -> None:
    message = f"{path} is missing: the development data sets live next to the repository (../shared)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def wikinews_pool() -> list[SynthArticle]:
    """Real Wikinews articles (title, paragraphs, date) from the demo corpus."""
    return load_wikinews(WIKINEWS)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "t.db"


def wirewatch_script() -> str:
    """The installed console script: next to the interpreter running the tests, else on PATH."""
    beside = Path(sys.executable).parent / "wirewatch"
    found = str(beside) if beside.exists() else shutil.which("wirewatch")
    assert found, "the wirewatch console script is not installed (pip install -e .)"
    return found


def run_wirewatch(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run ``wirewatch ARGS...`` as a user would, in a subprocess; output decoded as UTF-8."""
    environ = {k: v for k, v in os.environ.items() if k != "WIREWATCH_DB"} | (env or {})
    return subprocess.run(
        [wirewatch_script(), *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=environ,
        timeout=120,
    )


@pytest.fixture(scope="session")
def wirewatch():
    """``wirewatch(*args, cwd=..., env=...)`` runs the console script and returns the completed process."""
    return run_wirewatch
