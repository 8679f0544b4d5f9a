"""The council's configuration file (``scrutiny.toml``): who they are, and local choices.

Found at ``--config PATH``, else ``$SCRUTINY_CONFIG``, else ``./scrutiny.toml`` if it
exists; every setting has a default, so no file is needed to start.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tomllib
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from scrutiny.rules.metadata import ParamValue

CONFIG_ENV = "SCRUTINY_CONFIG"
DEFAULT_CONFIG = Path("scrutiny.toml")


class ConfigError(ValueError):
    """The configuration file cannot be used."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CouncilSettings(_Section):
    name: str = "Unnamed authority"
    protective_marking: str = "OFFICIAL-SENSITIVE"


class DatabaseSettings(_Section):
    url: str | None = None


class CalendarSettings(_Section):
    closure_days: list[dt.date] = Field(default_factory=list)


class CheckSettings(_Section):
    due_soon_days: Annotated[int, Field(ge=0, le=90)] = 7


class PluginSettings(_Section):
    disabled: list[str] = Field(default_factory=list)


class Config(_Section):
    council: CouncilSettings = CouncilSettings()
    database: DatabaseSettings = DatabaseSettings()
    calendar: CalendarSettings = CalendarSettings()
    check: CheckSettings = CheckSettings()
    plugins: PluginSettings = PluginSettings()
    local_policy: dict[str, dict[str, ParamValue]] = Field(default_factory=dict)
    source: str | None = Field(default=None, exclude=True)

    @property
    def fingerprint(self) -> str:
        """Changes whenever a setting that can change a check's result changes."""
        relevant = self.model_dump(mode="json", include={"calendar", "check", "local_policy"})
        return hashlib.sha256(json.dumps(relevant, sort_keys=True).encode()).hexdigest()


def load_config(path: str | Path | None = None) -> Config:
    """The configuration from ``path``, the environment, ``./scrutiny.toml``, or defaults."""
    chosen = path or os.environ.get(CONFIG_ENV)
    if chosen is None:
        if not DEFAULT_CONFIG.is_file():
            return Config()
        chosen = DEFAULT_CONFIG
    file = Path(chosen)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{file}: no such configuration file") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{file}: {exc}") from None
    try:
        return Config.model_validate({**data, "source": str(file)})
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        raise ConfigError(f"{file}: {where}: {error['msg']}") from None
