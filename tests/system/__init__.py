"""System tests: real processes, real databases, the installed command and the wheel."""
