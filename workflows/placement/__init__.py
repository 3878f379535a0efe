"""Placing issued tickets with their bookmakers: one activity per ticket, keyed by the ticket id."""
