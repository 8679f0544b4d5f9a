"""The ``scrutiny`` command group and its error handling.

Errors a user can cause end in one sentence on standard error and an exit code from
the table in the README (``scrutiny.cli.exit_codes``); never a traceback, unless
``SCRUTINY_DEBUG=1`` is set.
"""

from __future__ import annotations

import os
import sys
import traceback
from typing import Any

import click
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from scrutiny import __version__
from scrutiny.cli import (
    backup,
    checking,
    deviations,
    housekeeping,
    importing,
    packing,
    plugin_new,
    registry,
    template,
)
from scrutiny.cli.app import App, DatabaseUnavailable
from scrutiny.cli.exit_codes import ExitCode
from scrutiny.cli.options import database_options
from scrutiny.config import ConfigError
from scrutiny.db.engine import DatabaseURLError
from scrutiny.db.migrate import SchemaError
from scrutiny.engine.check import CheckError
from scrutiny.engine.runs import RunNotFound
from scrutiny.importing.errors import InputError
from scrutiny.plugin_host import PluginError, PluginHost
from scrutiny.register.service import RegisterError

DEBUG_ENV = "SCRUTINY_DEBUG"

USER_ERRORS: tuple[type[Exception], ...] = (
    InputError,
    RegisterError,
    ConfigError,
    CheckError,
    RunNotFound,
    DatabaseURLError,
    PluginError,
)
DATABASE_ERRORS: tuple[type[Exception], ...] = (DatabaseUnavailable, SchemaError, OperationalError)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="scrutiny")
@database_options
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Scrutiny: statutory duties, deviations and audit packs for children's social care.

    Import the data a council already has, run the checks, record and authorise
    deviations, and write an audit pack for inspectors.
    """
    app = ctx.ensure_object(App)
    ctx.call_on_close(app.close)


for module in (
    importing,
    template,
    checking,
    deviations,
    registry,
    plugin_new,
    packing,
    housekeeping,
    backup,
):
    module.register(cli)


def _register_plugin_commands() -> None:
    try:
        PluginHost().register_commands(cli)
    except Exception as exc:  # a broken plugin must not take the CLI down
        click.echo(f"scrutiny: warning: plugin commands not loaded: {exc}", err=True)


_register_plugin_commands()


def main(argv: list[str] | None = None) -> Any:
    """Entry point of the console script."""
    debug = bool(os.environ.get(DEBUG_ENV))
    try:
        return cli.main(args=argv, prog_name="scrutiny", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(ExitCode.USAGE)
    except click.Abort:
        click.echo("scrutiny: aborted", err=True)
        sys.exit(ExitCode.USAGE)
    except USER_ERRORS as exc:
        _fail(str(exc), ExitCode.USAGE, debug)
    except DATABASE_ERRORS as exc:
        message = str(exc.orig).splitlines()[0] if isinstance(exc, OperationalError) else str(exc)
        _fail(f"database: {message}", ExitCode.DATABASE, debug)
    except SQLAlchemyError as exc:
        _fail(
            f"database error: {type(exc).__name__}: {str(exc).splitlines()[0]}",
            ExitCode.DATABASE,
            debug,
        )
    except KeyboardInterrupt:
        _fail("interrupted", ExitCode.USAGE, debug)
    except Exception as exc:
        _fail(
            f"internal error ({type(exc).__name__}: {exc}); please report it"
            f" (set {DEBUG_ENV}=1 for details)",
            ExitCode.INTERNAL,
            debug,
        )
    return None


def _fail(message: str, code: ExitCode, debug: bool) -> None:
    if debug:
        traceback.print_exc()
    click.echo(f"scrutiny: {message}", err=True)
    sys.exit(code)
