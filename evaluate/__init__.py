"""cleaner's quality evaluations against ../shared/data: `make eval` (python -m evaluate)."""
