"""A new plugin package, written from the templates in ``files/``.

Each template's path names the file it becomes: ``{name}`` is replaced by the plugin's
name, a leading ``dot-`` becomes ``.`` and the ``.tmpl`` suffix is dropped. Its text is
a ``string.Template`` (``$name``, ``${table}``...), so the Jinja2 of the pack section's
template is copied as it is. Every file is rendered before any is written, so a
template that lacks a value leaves nothing half-made behind.
"""

from __future__ import annotations

import datetime as dt
import keyword
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from importlib.metadata import entry_points
from importlib.resources.abc import Traversable
from importlib.util import find_spec
from pathlib import Path, PurePosixPath
from string import Template

from packaging.version import Version

from scrutiny import __version__
from scrutiny.plugin_host import BUILTIN_PLUGINS, ENTRY_POINT_GROUP

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
DOMAIN_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")  # as RuleMetadata.domain
MAX_NAME_LENGTH = 24
"""The table ``<name>_event`` and its foreign keys' names (``fk_<table>_import_batch_id_
import_batch``) must fit PostgreSQL's 63 characters, and the revision id ``0001_<name>``
Alembic's 32."""
MAX_PREFIX_LENGTH = 12
EXAMPLE_DAYS = 10
TEMPLATES = "files"
TEMPLATE_SUFFIX = ".tmpl"
DOT_PREFIX = "dot-"


class ScaffoldError(ValueError):
    """A plugin package that cannot be made: a bad or taken name, a folder in the way."""


@dataclass(frozen=True)
class PluginPackage:
    """What a new plugin is called, everywhere it is named."""

    name: str  # the plugin, its entry point and its import package
    domain: str
    scrutiny_version: str = __version__

    @property
    def dashed(self) -> str:
        return self.name.replace("_", "-")

    @property
    def distribution(self) -> str:
        return f"scrutiny-{self.dashed}"

    @property
    def title(self) -> str:
        return self.name.replace("_", " ").capitalize()

    @property
    def rule_prefix(self) -> str:
        """The initials of the name's words (northshire_staying_close: NSC), or a
        one-word name itself."""
        words = self.name.split("_")
        prefix = "".join(w[0] for w in words) if len(words) > 1 else self.name
        return prefix.upper()[:MAX_PREFIX_LENGTH]

    @property
    def rule_id(self) -> str:
        return f"{self.rule_prefix}-EXAMPLE"

    @property
    def table(self) -> str:
        return f"{self.name}_event"

    @property
    def requirement(self) -> str:
        return compatible_scrutiny(self.scrutiny_version)

    def values(self, today: dt.date) -> dict[str, str]:
        """Every ``$value`` the templates use."""
        return {
            "name": self.name,
            "dashed": self.dashed,
            "distribution": self.distribution,
            "domain": self.domain,
            "title": self.title,
            "prefix": self.rule_prefix,
            "rule_id": self.rule_id,
            "model": "".join(w.capitalize() for w in self.name.split("_")) + "Event",
            "table": self.table,
            "kind": f"{self.name}.events",
            "events_name": f"{self.name}_events",
            "csv_name": f"{self.name}_events.csv",
            "revision": f"0001_{self.name}",
            "requirement": self.requirement,
            "scrutiny_version": self.scrutiny_version,
            "days": str(EXAMPLE_DAYS),
            "days_plus_one": str(EXAMPLE_DAYS + 1),
            "today": today.isoformat(),
        }


def compatible_scrutiny(version: str) -> str:
    """The Scrutiny versions a plugin made with ``version`` declares it works with: from
    this minor version up to the next (0.x) or the next major version (1.0 onwards)."""
    v = Version(version)
    lower = str(v) if v.is_prerelease else f"{v.major}.{v.minor}"
    upper = f"0.{v.minor + 1}" if v.major == 0 else f"{v.major + 1}"
    return f">={lower},<{upper}"


def plugin_package(name: str, domain: str | None = None) -> PluginPackage:
    """The plugin ``name`` (in ``domain``, by default its own), if the name is usable."""
    if not NAME_PATTERN.match(name) or keyword.iskeyword(name):
        raise ScaffoldError(
            f"{name!r} is not a plugin name: use lower-case letters, digits and single"
            " underscores, starting with a letter (e.g. northshire_staying_close)"
        )
    if len(name) > MAX_NAME_LENGTH:
        raise ScaffoldError(
            f"{name!r} is {len(name)} characters long; a plugin name may have at most"
            f" {MAX_NAME_LENGTH}, as it names the plugin's database table"
        )
    if name in installed_plugin_names():
        raise ScaffoldError(
            f"a plugin named {name!r} is already installed (see `scrutiny plugins list`);"
            " choose another name"
        )
    if _module_exists(name):
        raise ScaffoldError(
            f"a Python module named {name!r} is already installed, and the plugin's package"
            " would clash with it; choose another name"
        )
    domain = domain or name
    if not DOMAIN_PATTERN.match(domain):
        raise ScaffoldError(
            f"{domain!r} is not a domain: use lower-case letters, digits and underscores,"
            " starting with a letter"
        )
    return PluginPackage(name, domain)


def installed_plugin_names() -> set[str]:
    """The built-in plugins and every ``scrutiny`` entry point, without loading any."""
    names = {name for name, _ in BUILTIN_PLUGINS}
    names.update(ep.name for ep in entry_points(group=ENTRY_POINT_GROUP))
    return names


def _module_exists(name: str) -> bool:
    try:
        return find_spec(name) is not None
    except (ImportError, ValueError):
        return True


def write_plugin_package(
    package: PluginPackage, out: Path, today: dt.date | None = None
) -> list[Path]:
    """Write the package into the new folder ``out``; the files written, in order."""
    if out.exists():
        raise ScaffoldError(f"{out} already exists; choose a new folder (--out)")
    values = package.values(today or dt.date.today())
    rendered = [
        (out.joinpath(*target.parts), _render(text, values, target))
        for target, text in templates(package.name)
    ]
    for path, text in rendered:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return [path for path, _ in rendered]


def templates(name: str) -> list[tuple[PurePosixPath, str]]:
    """Each file of a plugin named ``name`` (its path in the package) and its template."""
    root = resources.files(__package__ or "scrutiny.scaffold") / TEMPLATES
    return sorted(
        (_target(path, name), source.read_text(encoding="utf-8"))
        for path, source in _walk(root, PurePosixPath())
    )


def _walk(folder: Traversable, at: PurePosixPath) -> Iterator[tuple[PurePosixPath, Traversable]]:
    for entry in folder.iterdir():
        if entry.is_dir():
            yield from _walk(entry, at / entry.name)
        elif entry.name.endswith(TEMPLATE_SUFFIX):
            yield at / entry.name, entry


def _target(template: PurePosixPath, name: str) -> PurePosixPath:
    parts = [part.replace("{name}", name) for part in template.parts]
    last = parts[-1].removesuffix(TEMPLATE_SUFFIX)
    if last.startswith(DOT_PREFIX):
        last = "." + last.removeprefix(DOT_PREFIX)
    return PurePosixPath(*parts[:-1], last)


def _render(text: str, values: dict[str, str], target: PurePosixPath) -> str:
    try:
        return Template(text).substitute(values)
    except (KeyError, ValueError) as exc:  # a fault in Scrutiny's templates, not the user's
        raise RuntimeError(f"scaffold template for {target}: {exc!r}") from exc
