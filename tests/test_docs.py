"""Docs match the code: the CLI reference is generated from the commands, and every command is in it."""

from __future__ import annotations

from pathlib import Path

import typer

from wirewatch.cli import app
from wirewatch.clireference import reference

ROOT = Path(__file__).parents[1]


def test_cli_reference_is_current() -> None:
    current = (ROOT / "docs/cli.md").read_text(encoding="utf-8")
    assert current == reference(), "docs/cli.md is stale: run `python -m wirewatch.clireference > docs/cli.md`"


def test_every_command_has_help_text_and_a_section_in_the_reference() -> None:
    text = (ROOT / "docs/cli.md").read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    for name, command in group.commands.items():
        subcommands = getattr(command, "commands", {name: command})
        for sub, leaf in subcommands.items():
            full = name if sub == name else f"{name} {sub}"
            assert (leaf.help or "").strip(), f"`wirewatch {full}` has no help text"
            assert f"## `wirewatch {full}`" in text
            for param in leaf.params:
                assert param.name == "help" or (param.help or "").strip(), f"`wirewatch {full}` {param.name} has no help"


def test_readme_starts_with_the_two_commands() -> None:
    head = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:6]
    assert any(line.startswith("make run") for line in head)
    assert any(line.startswith("make test") for line in head)
    assert (ROOT / ".ci/run").read_text().strip().endswith("make test")
