"""Scrutiny: compliance and audit framework for English local-authority children's social care.

Plugin authors import what they need from here::

    from scrutiny import hookimpl, rule
"""

from __future__ import annotations

import pluggy

__version__ = "0.1.0"

PROJECT_NAME = "scrutiny"

hookimpl = pluggy.HookimplMarker(PROJECT_NAME)
"""Marks a plugin's implementation of a ``scrutiny_`` hook."""

from scrutiny.rules.decorator import rule  # noqa: E402  (needs hookimpl defined first)

__all__ = ["PROJECT_NAME", "__version__", "hookimpl", "rule"]
