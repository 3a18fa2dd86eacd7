"""Benchmarks run by ``make bench``: each figure is also given as a ratio
against a baseline measured in the same run, so machine noise cancels out."""
