"""Built-in data sources: football-data, odds-api, synthetic, weather, availability."""
