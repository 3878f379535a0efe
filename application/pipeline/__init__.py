"""The data pipeline: bronze (raw payloads) → silver (competitions, teams, fixtures, odds) → quarantine."""
