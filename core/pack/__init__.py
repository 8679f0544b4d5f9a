"""The audit pack: run data gathered, rendered with Jinja2 and WeasyPrint."""
