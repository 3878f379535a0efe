"""Built-in plugin `paper`: the paper bookmaker, the default gateway of every bookmaker."""
