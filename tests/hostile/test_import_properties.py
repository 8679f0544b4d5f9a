"""Every importer, fed damaged and hostile files: whole or refused, never anything else.

The property (issue 9, hostile and broken input): importing a damaged file either
succeeds, and then importing the same file again is refused as already imported, or
raises ``InputError`` whose every problem names the file — never another exception —
and then every table of the database holds exactly the rows it held before.

Each example starts from a copy of a real SQLite database that already holds every
valid sample, so a failed import has something to damage. Hypothesis is derandomized
and keeps no example database, so CI runs the same examples every time.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrutiny.db.engine import create_scrutiny_engine
from scrutiny.importing.errors import InputError
from scrutiny.importing.runner import import_paths
from scrutiny.plugin_host import PluginHost
from tests.hostile.mutations import Mutated, damage_for
from tests.hostile.samples import Sample, options, row_counts

IMPORTERS = [importer.name for importer in PluginHost().importers()]
EXAMPLES_PER_IMPORTER = int(os.environ.get("SCRUTINY_HOSTILE_EXAMPLES", "40"))

SETTINGS = settings(
    max_examples=EXAMPLES_PER_IMPORTER,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)


def import_once(
    database: Path,
    loaded_template: Path,
    folder: Path,
    host: PluginHost,
    damaged: Mutated,
    year: str | None = None,
) -> None:
    """Import ``damaged`` into a fresh copy of the loaded database; check the property."""
    shutil.copyfile(loaded_template, database)
    engine = create_scrutiny_engine(f"sqlite:///{database}")
    path = folder / "damaged-input.dat"
    path.write_bytes(damaged.data)
    try:
        before = row_counts(engine)
        try:
            import_paths(engine, [path], host.importers(), options(year))
        except InputError as exc:
            message = str(exc)
            assert message.startswith(f"{path.name}"), message
            assert "\n" not in message
            assert all((p.file or "").startswith(path.name) for p in exc.problems), [
                str(p) for p in exc.problems
            ]
            assert row_counts(engine) == before, message
            return
        after = row_counts(engine)
        assert after != before or damaged.data == b"", "an import that stored nothing"
        with pytest.raises(InputError, match="was already imported"):
            import_paths(engine, [path], host.importers(), options(year))
        assert row_counts(engine) == after
    finally:
        engine.dispose()


@pytest.mark.parametrize("importer", IMPORTERS)
def test_a_damaged_file_is_imported_whole_or_refused_leaving_nothing(
    importer: str,
    samples: dict[str, Sample],
    loaded_template: Path,
    host: PluginHost,
    tmp_path: Path,
) -> None:
    own = [s for s in samples.values() if s.importer == importer]
    assert own, f"no sample file for the {importer} importer"

    @SETTINGS
    @given(data=st.data())
    def damaged_import(data: st.DataObject) -> None:
        sample = data.draw(st.sampled_from(own), label="sample")
        damaged = data.draw(damage_for(sample.damage, sample.data), label="damage")
        import_once(tmp_path / "scrutiny.db", loaded_template, tmp_path, host, damaged, sample.year)

    damaged_import()


def test_every_importer_has_samples_and_each_imports_as_it_is(
    samples: dict[str, Sample], sqlite_template: Path, host: PluginHost, tmp_path: Path
) -> None:
    """The starting points are valid: each sample imports into an empty database."""
    assert {s.importer for s in samples.values()} == set(IMPORTERS)
    for sample in samples.values():
        database = tmp_path / f"{sample.id.replace('/', '-')}.db"
        shutil.copyfile(sqlite_template, database)
        engine = create_scrutiny_engine(f"sqlite:///{database}")
        try:
            [result] = import_paths(engine, [sample.path], host.importers(), options(sample.year))
            assert result.file == sample.path.name
        finally:
            engine.dispose()
