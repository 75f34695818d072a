"""The project's benchmark (``bench/run.py``); see bench/README.md."""
