"""Built-in plugin `betfair-replay`: Betfair Exchange stream files as a data source and as an exchange."""
