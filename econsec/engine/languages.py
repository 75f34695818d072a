"""The site's languages, defined once: the settings, the sources and the blocks import them."""

from __future__ import annotations

LANGS = ("ja", "en")  # Japanese (the original) first
