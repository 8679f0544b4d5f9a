"""``scrutiny plugin new``: a separate, installable plugin package to start from.

The files it writes are templates kept beside this module (``files/``), filled in with
``string.Template`` so the pack section's own Jinja2 syntax passes through untouched.
"""

from __future__ import annotations

from scrutiny.scaffold.plugin_package import (
    PluginPackage,
    ScaffoldError,
    plugin_package,
    write_plugin_package,
)

__all__ = ["PluginPackage", "ScaffoldError", "plugin_package", "write_plugin_package"]
