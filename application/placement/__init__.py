"""Placing issued tickets with bookmakers: orders from tickets, and the terms a placed ticket settles on."""
