"""The ``scrutiny`` command line: one group, subcommands grouped by noun."""
