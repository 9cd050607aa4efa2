"""cleaner's benchmarks: `make bench` (python -m bench) prints a table and writes results.json."""
