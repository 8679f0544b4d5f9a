"""Running the installed ``scrutiny`` console script as a user would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

DEFAULT_TIMEOUT_S = 300


def scrutiny_executable() -> str:
    """The console script installed beside the Python running the tests."""
    found = shutil.which("scrutiny", path=str(Path(sys.executable).parent))
    assert found, f"no `scrutiny` console script beside {sys.executable}; pip install -e ."
    return found


def clean_environment(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment without any SCRUTINY_* setting that could redirect the command."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCRUTINY_")}
    env["PYTHONWARNINGS"] = "ignore"
    env.update(extra or {})
    return env


def run_scrutiny(
    *args: str | Path,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
) -> subprocess.CompletedProcess[str]:
    """Run ``scrutiny ARGS`` in ``cwd``; never a Python traceback, whatever the exit code."""
    result = subprocess.run(
        [scrutiny_executable(), *map(str, args)],
        cwd=cwd,
        env=clean_environment(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    for stream in (result.stdout, result.stderr):
        assert "Traceback (most recent call last)" not in stream, (
            f"scrutiny {' '.join(map(str, args))} printed a traceback:\n{stream}"
        )
    return result


def describe(result: subprocess.CompletedProcess[str]) -> str:
    """What a failed assertion about a command should show."""
    return (
        f"$ {' '.join(map(str, result.args))}\nexit {result.returncode}\n"
        f"--- stdout ---\n{result.stdout[-4000:]}\n--- stderr ---\n{result.stderr[-4000:]}"
    )


def outside_any_virtualenv() -> dict[str, str]:
    """No SCRUTINY_* setting, and not the test run's own virtualenv on PATH: for a
    command run in a virtualenv of its own."""
    env = clean_environment()
    env.pop("VIRTUAL_ENV", None)
    env.pop("PYTHONPATH", None)
    here = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != here)
    return env


def run_python(script: str, folder: Path) -> subprocess.CompletedProcess[str]:
    """``script`` run by this Python in a process of its own, with ``folder`` (a plugin
    package not installed) importable: its tables never join this process's metadata."""
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=folder,
        env=clean_environment({"PYTHONPATH": str(folder)}),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
