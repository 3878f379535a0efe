"""Ticket portfolios: priced selections, candidate tickets, outcome scenarios, limits and baselines."""
