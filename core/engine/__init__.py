"""Running checks: rules to findings, reconciled with the deviation register."""
