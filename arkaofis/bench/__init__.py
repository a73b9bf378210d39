"""Benchmarks run by `arkaofis bench NAME`: one module per benchmark, each with a `run(**options)`
that returns the figures as one JSON-ready dict."""
