"""The SSDA903 children looked after return: its tables, code sets and importer."""
