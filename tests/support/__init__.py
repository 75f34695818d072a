"""Helpers shared by the tests and the benchmark (bench/ imports them as ``tests.support``).

- ``server``: a quiet local HTTP/1.1 server for a built site, with the MIME types Pyodide needs.
- ``browser``: Debian's headless Chromium launched with the right flags, and browser contexts
  that record every request (``RequestLog``) and every uncaught page error.
"""
