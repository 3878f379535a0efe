"""The pure core of stakewise: standard library only, Decimal for money, no clock and no I/O."""
