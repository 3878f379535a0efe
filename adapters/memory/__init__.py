"""Adapters that keep their state in this process only."""
