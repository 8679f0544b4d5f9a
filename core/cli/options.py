"""Options shared by several commands, as reusable decorators."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import click

from scrutiny.cli.app import App

F = TypeVar("F", bound=Callable[..., Any])

USER_ENV = "SCRUTINY_USER"


class DateParam(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.4
    """A date as YYYY-MM-DD or dd/mm/YYYY."""

    name = "date"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.date:
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        self.fail(f"{value!r} is not a date (use YYYY-MM-DD)", param, ctx)


DATE = DateParam()


def _store_database(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.ensure_object(App).database = value


def _store_config(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.ensure_object(App).config_path = value


def database_options(function: F) -> F:
    """``--database`` and ``--config`` on a command (they may also go before it)."""
    function = click.option(
        "--config",
        "config_path",
        metavar="FILE",
        expose_value=False,
        callback=_store_config,
        help="Council configuration file (default ./scrutiny.toml, or $SCRUTINY_CONFIG).",
    )(function)
    return click.option(
        "--database",
        metavar="URL",
        expose_value=False,
        callback=_store_database,
        help="Database URL (default sqlite:///scrutiny.db, or $SCRUTINY_DATABASE_URL).",
    )(function)


def as_of_option(function: F) -> F:
    return click.option(
        "--as-of",
        type=DATE,
        default=None,
        help="Judge as of this date (default: today).",
    )(function)


def by_option(role: str) -> Callable[[F], F]:
    def decorate(function: F) -> F:
        return click.option(
            "--by",
            envvar=USER_ENV,
            required=False,
            metavar="NAME",
            help=f"Who the {role} is (default $SCRUTINY_USER).",
        )(function)

    return decorate
