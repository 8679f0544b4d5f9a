"""The plugin contract stays honest: every hook documented with its exact signature,
and every hook exercised by a test (named ``test_hook_<name>``)."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from scrutiny import hookspecs
from scrutiny.plugin_host import hook_names

ROOT = Path(__file__).resolve().parents[2]


def signature(name: str) -> str:
    return f"{name}{inspect.signature(getattr(hookspecs, name))}".replace("'", "")


@pytest.mark.parametrize("name", hook_names())
def test_every_hook_is_documented_with_its_exact_signature(name):
    docs = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    assert f"### `{signature(name)}`" in docs


@pytest.mark.parametrize("name", hook_names())
def test_every_hook_has_a_docstring_and_the_project_prefix(name):
    assert name.startswith("scrutiny_")
    assert (getattr(hookspecs, name).__doc__ or "").strip()


@pytest.mark.parametrize("name", hook_names())
def test_every_hook_has_a_test(name):
    tests = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").rglob("*.py"))
    assert f"def test_hook_{name}" in tests, f"no test named test_hook_{name}"
