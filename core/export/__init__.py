"""Writing findings and the register out: CSV safe for spreadsheets, JSON, JUnit XML."""
