"""Valid synthetic files, one or more for every importer, to start the damage from.

The demo council's generator writes most of them (every plugin's CSV files, the CIN
census XML, the Annex A workbook, SSDA903 CSV files); the SSDA903 XML return, a
deviations file and a filled-in Scrutiny template workbook are made here from the
import tests' own helpers. All data is made up.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import Engine, func, inspect, select, table

from scrutiny.db.engine import create_scrutiny_engine
from scrutiny.demo.histories import make_council
from scrutiny.importing.contract import ImportOptions
from scrutiny.importing.runner import import_paths
from scrutiny.importing.source import SourceFile
from scrutiny.importing.templates import template_workbook, templates
from scrutiny.plugin_host import PluginHost
from tests.importing.returns import good_return, write_csv_set, write_file, xml_return
from tests.register.test_bulk_import import draft, row, write_csv

TODAY = dt.date(2025, 6, 30)
"""The import day: after every sample's dates (the demo's end in 2022, the 2024-25
return's in February 2025)."""
DEMO_CHILDREN = 6
DEMO_SEED = 11


@dataclass(frozen=True)
class Sample:
    """A valid file of one importer's, and how to damage it."""

    id: str
    importer: str
    path: Path
    damage: str  # csv, xml-ssda903, xml-cin or xlsx
    year: str | None = None  # the collection year, for SSDA903 files without event dates

    @property
    def data(self) -> bytes:
        return self.path.read_bytes()


def options(year: str | None = None) -> ImportOptions:
    return ImportOptions(collection_year=year, today=TODAY)


def build_samples(folder: Path, host: PluginHost) -> list[Sample]:
    """Write the samples under ``folder``; each is checked to import into an empty
    database by ``test_every_sample_imports_as_it_is``."""
    demo = folder / "demo"
    host.demo(make_council(demo, DEMO_CHILDREN, DEMO_SEED))
    samples: list[Sample] = []
    claims = {i.name: i for i in host.importers()}
    for path in sorted(demo.rglob("*")):
        if path.suffix not in (".csv", ".xml", ".xlsx") or path.stat().st_size == 0:
            continue
        source = SourceFile.read(path)
        owner = next(name for name, i in claims.items() if i.claims(source))
        if path.suffix == ".csv" and len(path.read_text(encoding="utf-8").splitlines()) < 2:
            continue  # a header and no rows: nothing to damage but the header
        damage = {".csv": "csv", ".xlsx": "xlsx"}.get(path.suffix, "xml-cin")
        relative = path.relative_to(demo).with_suffix("")
        year = path.parent.name if owner == "ssda903" else None
        samples.append(Sample(f"demo/{relative.as_posix()}", owner, path, damage, year))

    extra = folder / "extra"
    ssda = write_csv_set(extra / "ssda903-2024-25", good_return())
    for path in ssda:
        if path.name in ("episodes.csv", "header.csv", "reviews.csv", "missing.csv"):
            samples.append(Sample(f"ssda903-csv/{path.stem}", "ssda903", path, "csv", "2024-25"))
    xml = write_file(extra / "ssda903.xml", xml_return(good_return()))
    samples.append(Sample("ssda903-xml", "ssda903", xml, "xml-ssda903", "2024-25"))
    deviations = write_csv(
        extra / "deviations.csv",
        row(),
        draft(),
        row(SUBJECT_REF="C000003", RATIONALE="Shielding household; see the risk log."),
    )
    samples.append(Sample("register/deviations", "register", deviations, "csv"))
    template = _filled_template(host, demo / "looked_after", extra / "looked_after.xlsx")
    samples.append(Sample("template/looked_after", "looked_after", template, "xlsx"))
    return samples


def _filled_template(host: PluginHost, csv_folder: Path, out: Path) -> Path:
    """Scrutiny's own template for the looked-after files, filled in from the demo's
    CSV files under the template's description row (as a council would fill it)."""
    book = load_workbook(io.BytesIO(template_workbook(templates(host.importers())["looked_after"])))
    by_header = {}
    for path in csv_folder.glob("*.csv"):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        by_header[frozenset(rows[0])] = rows
    for sheet in book.worksheets:
        header = [str(c.value) for c in sheet[1]]
        rows = by_header.get(frozenset(header), [])
        if len(rows) < 2:
            book.remove(sheet)
            continue
        order = [rows[0].index(column) for column in header]
        for number, values in enumerate(rows[1:], start=3):
            for column, index in enumerate(order, start=1):
                sheet.cell(row=number, column=column, value=values[index] or None)
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return out


def loaded_database(
    template: Path, folder: Path, host: PluginHost, samples: Sequence[Sample]
) -> Path:
    """A migrated SQLite database holding every sample but the deviations, so a damaged
    file has something to overwrite and a failed import something to lose."""
    path = folder / "loaded.db"
    shutil.copyfile(template, path)
    engine = create_scrutiny_engine(f"sqlite:///{path}")
    try:
        by_folder: dict[tuple[Path, str | None], list[Path]] = {}
        for sample in samples:
            if sample.importer != "register":
                by_folder.setdefault((sample.path.parent, sample.year), []).append(sample.path)
        for (_, year), paths in by_folder.items():
            import_paths(engine, paths, host.importers(), options(year))
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    return path


def row_counts(engine: Engine) -> dict[str, int]:
    """The number of rows in every table the database holds, whoever's it is."""
    names = inspect(engine).get_table_names()
    with engine.connect() as conn:
        return {
            name: conn.execute(select(func.count()).select_from(table(name))).scalar_one()
            for name in names
        }
