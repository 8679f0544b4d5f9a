"""Core audit-pack templates, stylesheet and fonts (package data, no code)."""
