"""econsec: economic-security guidance site and self-check engine.

``econsec.engine`` is the checklist engine: standard library only, so the very same files run in
the build, on the command line and in the browser through Pyodide. Everything else in the package
(YAML loading, the Markdown extension, the site build) runs at build time only.
"""

__version__ = "0.1.0"
