"""The football-data.co.uk CSV format (see ../shared/data/README.md for its quirks)."""
