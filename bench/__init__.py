"""Benchmarks and load runs; every figure is printed next to a peer or bound measured in the same run."""
