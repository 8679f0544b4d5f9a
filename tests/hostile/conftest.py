"""Fixtures for the hostile-input suite: the valid samples and a database holding them."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrutiny.plugin_host import PluginHost
from tests.hostile.samples import Sample, build_samples, loaded_database


@pytest.fixture(scope="session")
def samples_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile-samples")


@pytest.fixture(scope="session")
def samples(samples_folder: Path, host: PluginHost) -> dict[str, Sample]:
    return {s.id: s for s in build_samples(samples_folder, host)}


@pytest.fixture(scope="session")
def loaded_template(
    samples_folder: Path, sqlite_template: Path, host: PluginHost, samples: dict[str, Sample]
) -> Path:
    """A SQLite database holding every sample (but the deviations), copied per example."""
    return loaded_database(sqlite_template, samples_folder, host, list(samples.values()))
