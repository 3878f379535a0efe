"""Built-in prediction models: dixon-coles, negative-binomial, lightgbm, market, blend."""
