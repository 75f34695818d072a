"""Source inputs read at build time: checklist and data YAML, page references, language parity."""
