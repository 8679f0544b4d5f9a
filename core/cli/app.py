"""What every command needs: the configuration, the plugins and the database."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import click
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from scrutiny.config import Config, load_config
from scrutiny.db.engine import (
    DATABASE_ENV,
    DEFAULT_DATABASE,
    create_scrutiny_engine,
    resolve_url,
    sqlite_path,
)
from scrutiny.db.migrate import ensure_schema
from scrutiny.plugin_host import PluginHost


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached or used."""


@dataclass
class App:
    """Lazily built: a command that needs no database never opens one."""

    database: str | None = None
    config_path: str | None = None
    _engines: list[Engine] = field(default_factory=list)

    @cached_property
    def config(self) -> Config:
        return load_config(self.config_path)

    @cached_property
    def host(self) -> PluginHost:
        return PluginHost(disabled=self.config.plugins.disabled)

    @property
    def database_url(self) -> str:
        """--database, then $SCRUTINY_DATABASE_URL, then the config file, then SQLite here.

        A relative SQLite path in the config file is relative to the file itself.
        """
        chosen = self.database or os.environ.get(DATABASE_ENV)
        if chosen:
            return chosen
        configured = self.config.database.url
        if configured and self.config.source:
            path = sqlite_path(resolve_url(configured))
            if path is not None and not path.is_absolute():
                return f"sqlite:///{(Path(self.config.source).parent / path).resolve()}"
        return configured or DEFAULT_DATABASE

    @cached_property
    def engine(self) -> Engine:
        url = resolve_url(self.database_url)
        engine = create_scrutiny_engine(url)
        self._engines.append(engine)
        try:
            ensure_schema(engine, self.host.migration_dirs())
        except OperationalError as exc:
            raise DatabaseUnavailable(
                f"cannot open the database {url.render_as_string(hide_password=True)}:"
                f" {str(exc.orig).splitlines()[0] if exc.orig else exc}"
            ) from None
        return engine

    def close(self) -> None:
        for engine in self._engines:
            engine.dispose()


def get_app(ctx: click.Context) -> App:
    app = ctx.find_object(App)
    if app is None:  # a command invoked on its own, as in some tests
        app = ctx.ensure_object(App)
    return app
