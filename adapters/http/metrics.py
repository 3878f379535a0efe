"""Business metrics next to Litestar's HTTP metrics (all exported on /metrics)."""

from __future__ import annotations

from prometheus_client import Counter

TICKETS = Counter("stakewise_tickets_total", "Ticket requests that ended with a ticket", ["outcome"])
REFUSALS = Counter("stakewise_ticket_refusals_total", "Ticket requests refused", ["reason"])
