"""The built-in plugin of the deviation register: it imports deviations recorded elsewhere.

Its importer checks each row against the rules and deviation types of the enabled
plugins, as ``scrutiny deviation record`` does, so unlike a plugin module it is built
with the plugin host (:func:`plugin_for`) and asks the host for them when a file is read.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from scrutiny import hookimpl
from scrutiny.importing.contract import Importer
from scrutiny.register.bulk import deviations_importer
from scrutiny.register.catalogue import RegisterCatalogue

if TYPE_CHECKING:
    from scrutiny.plugin_host import PluginHost


class RegisterPlugin:
    """The hooks of the register's plugin, answered with what the host knows."""

    __name__ = __name__  # what `scrutiny plugins list` shows as the plugin's module

    def __init__(self, host: PluginHost) -> None:
        self._host = host

    @hookimpl
    def scrutiny_importers(self) -> Sequence[Importer]:
        return [deviations_importer(lambda: RegisterCatalogue.of(self._host))]


def plugin_for(host: PluginHost) -> RegisterPlugin:
    return RegisterPlugin(host)
