"""Benchmarks: synthetic programmes at national scale, and the baselines they are compared with."""
