"""Portfolio optimisers: the staking MILP in Pyomo solved by HiGHS, and the same model built for highspy."""
