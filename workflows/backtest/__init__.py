"""The backtest workflow: one activity per league-season, fanned out over the workers."""
