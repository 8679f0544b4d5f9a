"""The built-in plugin that reads the SSDA903 return. Its tables are core tables."""

from __future__ import annotations

from collections.abc import Sequence

from scrutiny import hookimpl
from scrutiny.demo.council import DemoCouncil
from scrutiny.importing.contract import Importer
from scrutiny.ssda903.importer import Ssda903Importer


@hookimpl
def scrutiny_importers() -> Sequence[Importer]:
    return [Ssda903Importer()]


@hookimpl
def scrutiny_demo(council: DemoCouncil) -> None:
    from scrutiny.ssda903.demo import write_returns

    write_returns(council)
