"""Adapters over files read directly, without the database."""
