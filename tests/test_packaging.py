"""What setup.cfg installs matches the source tree: every package, every data file."""

from __future__ import annotations

import configparser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAPPING = {"core": "scrutiny", "plugins": "scrutiny.plugins", "templates": "scrutiny.templates"}


def declared_packages() -> set[str]:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    return {line.strip() for line in config["options"]["packages"].splitlines() if line.strip()}


def source_packages() -> set[str]:
    found = set()
    for folder, package in MAPPING.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(ROOT / folder).parts
            found.add(".".join((package, *relative)))
    return found


def test_every_source_package_is_installed():
    assert declared_packages() == source_packages()
