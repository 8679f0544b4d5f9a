"""The deviation register: append-only, hash-chained records of departures from duties."""
