"""Loading plugins and calling their hooks, one typed method per hook.

Built-in plugins are listed here by module path and go through exactly the same hooks
as third-party plugins, which are found through the ``scrutiny`` entry-point group.

Environment:
- ``SCRUTINY_DISABLE_PLUGINS=a,b`` disables plugins by name (as does the config file's
  ``[plugins] disabled``);
- ``SCRUTINY_TRACE_HOOKS=1`` writes every hook call and its duration to standard error.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, partial
from importlib import import_module
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

import click
import pluggy
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from scrutiny import PROJECT_NAME, __version__, hookspecs
from scrutiny.rules.registry import RuleDefinitionError, RuleRegistry, with_plugin

if TYPE_CHECKING:
    from scrutiny.demo.council import DemoCouncil
    from scrutiny.importing.contract import Importer
    from scrutiny.pack.sections import PackData, PackSection
    from scrutiny.register.types import DeviationType

BUILTIN_PLUGINS: tuple[tuple[str, str], ...] = (
    ("ssda903", "scrutiny.ssda903.plugin"),
    ("register", "scrutiny.register.plugin"),
    ("looked_after", "scrutiny.plugins.looked_after"),
    ("adoption", "scrutiny.plugins.adoption"),
    ("fostering", "scrutiny.plugins.fostering"),
    ("care_leavers", "scrutiny.plugins.care_leavers"),
    ("residential", "scrutiny.plugins.residential"),
    ("safeguarding", "scrutiny.plugins.safeguarding"),
    ("annex_a", "scrutiny.plugins.annex_a"),
)
ENTRY_POINT_GROUP = PROJECT_NAME
DISABLE_ENV = "SCRUTINY_DISABLE_PLUGINS"
TRACE_ENV = "SCRUTINY_TRACE_HOOKS"

T = TypeVar("T")


class PluginError(RuntimeError):
    """A plugin could not be loaded or gave something unusable."""


@dataclass
class PluginInfo:
    name: str
    version: str
    module: str
    origin: str  # "built-in" or the distribution that provides it
    enabled: bool
    hooks: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    requires: str | None = None  # the Scrutiny versions its distribution declares

    @property
    def problem(self) -> str | None:
        return "; ".join(self.problems) or None


def disabled_from_environment() -> set[str]:
    return {n.strip() for n in os.environ.get(DISABLE_ENV, "").split(",") if n.strip()}


class PluginHost:
    """The plugin manager, wrapped so core code calls typed methods, not loose hooks."""

    def __init__(self, disabled: Iterable[str] = (), *, entry_point_plugins: bool = True) -> None:
        self.pm = pluggy.PluginManager(PROJECT_NAME)
        self.pm.add_hookspecs(hookspecs)
        self._disabled_names = set(disabled) | disabled_from_environment()
        self._info: dict[str, PluginInfo] = {}
        self._disabled_modules: dict[str, ModuleType] = {}
        self._trace = bool(os.environ.get(TRACE_ENV))
        for name, path in BUILTIN_PLUGINS:
            self._load(name, partial(self._builtin, path), __version__, "built-in")
        if entry_point_plugins:
            for ep in entry_points(group=ENTRY_POINT_GROUP):
                version = ep.dist.version if ep.dist else "?"
                origin = ep.dist.name if ep.dist else ep.value
                requires = scrutiny_requirement(ep.dist.requires if ep.dist else None)
                self._load(ep.name, ep.load, version, origin, requires)

    def _builtin(self, path: str) -> Any:
        """The built-in plugin module at ``path``, or what its ``plugin_for(host)`` builds:
        the register's plugin needs the host, as its importer checks each row against the
        enabled plugins' rules and deviation types."""
        module = import_module(path)
        build = getattr(module, "plugin_for", None)
        return module if build is None else build(self)

    def _load(
        self,
        name: str,
        loader: Callable[[], Any],
        version: str,
        origin: str,
        requires: str | None = None,
    ) -> None:
        if name in self._info:
            self._info[name].problems.append(
                f"a second plugin named {name!r} ({origin}) was ignored"
            )
            return
        info = PluginInfo(name, version, "", origin, enabled=name not in self._disabled_names)
        info.requires = requires
        self._info[name] = info
        if requires and not SpecifierSet(requires).contains(__version__, prereleases=True):
            # Not even imported: its code may use what this version lacks.
            info.enabled = False
            info.problems.append(
                f"works with Scrutiny {requires}, and this is Scrutiny {__version__}: skipped"
            )
            return
        try:
            module = loader()
        except Exception as exc:  # a broken plugin must not stop the rest
            info.enabled = False
            info.problems.append(f"could not be loaded: {type(exc).__name__}: {exc}")
            return
        info.module = getattr(module, "__name__", repr(module))
        info.hooks = sorted(n for n in dir(module) if n.startswith(f"{PROJECT_NAME}_"))
        if not info.enabled:
            self._disabled_modules[name] = module
            return
        try:
            self.pm.register(module, name=name)
        except (pluggy.PluginValidationError, ValueError) as exc:
            info.enabled = False
            info.problems.append(f"does not fit the hook specifications: {exc}")

    # Introspection -------------------------------------------------------------------

    def plugins(self) -> list[PluginInfo]:
        return list(self._info.values())

    def enabled_versions(self) -> dict[str, str]:
        return {i.name: i.version for i in self._info.values() if i.enabled}

    def problems(self) -> list[tuple[str, str]]:
        """Every plugin's problems, as (plugin, problem): what a check should warn of.

        The rules are gathered first, since a plugin's rules hook may add some."""
        _ = self.rules
        return [(i.name, p) for i in self._info.values() for p in i.problems]

    # Calling hooks -------------------------------------------------------------------

    def _each(self, hook: str, *, isolate: bool = False, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call ``hook`` on every enabled plugin, remembering which plugin answered.

        Plugins are called in the order they were loaded (built-ins in their listed
        order), except that ``tryfirst`` and ``trylast`` implementations go first and last.
        With ``isolate``, a plugin whose hook fails is reported (``problems``) and left
        out of the answers, and the other plugins still answer.
        """
        caller = getattr(self.pm.hook, hook)
        answers: list[tuple[str, Any]] = []
        impls = sorted(
            caller.get_hookimpls(), key=lambda i: 0 if i.tryfirst else 2 if i.trylast else 1
        )
        for impl in impls:
            started = time.perf_counter()
            try:
                result = impl.function(**{k: kwargs[k] for k in impl.argnames})
            except Exception as exc:
                if not isolate:
                    raise
                self._info[impl.plugin_name].problems.append(
                    f"{hook} failed, so it was left out: {type(exc).__name__}: {exc}"
                )
                continue
            if self._trace:
                elapsed = (time.perf_counter() - started) * 1000
                print(
                    f"[scrutiny hook] {hook} {impl.plugin_name}: {elapsed:.1f} ms", file=sys.stderr
                )
            if result is not None:
                answers.append((impl.plugin_name, result))
        return answers

    def _flat(self, hook: str, **kwargs: Any) -> list[Any]:
        return [item for _, items in self._each(hook, **kwargs) for item in items]

    @cached_property
    def rules(self) -> RuleRegistry:
        """The enabled plugins' rules. A plugin whose rules cannot be read is reported and
        left out; a rule id a second plugin also defines is reported and the second one
        left out; a rule without a function is kept, to fail in each run with an error;
        a rule another supersedes is known but not run (see ``RuleRegistry``)."""
        registry = RuleRegistry()
        for plugin, rules in self._each("scrutiny_rules", isolate=True):
            for rule in with_plugin(rules, plugin):
                try:
                    registry.add(rule)
                except RuleDefinitionError as exc:
                    self._info[plugin].problems.append(f"{exc}: this plugin's was left out")
                    continue
                if rule.problem:
                    self._info[plugin].problems.append(
                        f"{rule.problem}: each run records an error for it"
                    )
        for rule, problem in registry.settle_supersession():
            self._info[rule.plugin].problems.append(problem)
        return registry

    def importers(self) -> list[Importer]:
        return [i for _, items in self._each("scrutiny_importers", isolate=True) for i in items]

    def migration_dirs(self) -> list[Path]:
        """Every installed plugin's migrations, disabled ones too: the schema is shared."""
        found = [Path(p) for p in self._flat("scrutiny_migration_dirs")]
        for module in self._disabled_modules.values():
            hook = getattr(module, "scrutiny_migration_dirs", None)
            if hook is not None:
                found.extend(Path(p) for p in hook())
        return found

    def deviation_types(self) -> list[DeviationType]:
        return [
            t for _, items in self._each("scrutiny_deviation_types", isolate=True) for t in items
        ]

    def pack_sections(self, pack: PackData) -> list[PackSection]:
        return self._flat("scrutiny_pack_sections", pack=pack)

    def register_commands(self, cli: click.Group) -> None:
        self._each("scrutiny_register_commands", cli=cli)

    def demo(self, council: DemoCouncil) -> None:
        self._each("scrutiny_demo", council=council)


def scrutiny_requirement(requires: Iterable[str] | None) -> str | None:
    """The Scrutiny versions a plugin's distribution declares it works with (its
    ``install_requires`` entry for scrutiny), or None if it declares none."""
    for line in requires or ():
        requirement = Requirement(line)
        if canonicalize_name(requirement.name) != PROJECT_NAME:
            continue
        if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
            return str(requirement.specifier) or None
    return None


def hook_names() -> Sequence[str]:
    """The names of every hook specification (for docs and contract tests)."""
    return sorted(n for n in dir(hookspecs) if n.startswith(f"{PROJECT_NAME}_"))
