"""Global sensitivity analysis of the trust-minus-minute differences (Morris screening, Sobol indices)."""
