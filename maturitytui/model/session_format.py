"""The session file's format number and fixed answer sets, apart from the session models.

Kept light (no pydantic) so that listing a store through its index, which
start-up does, never has to load the models.
"""

from typing import Final

SCHEMA_VERSION: Final = 2
"""The session file format this version writes. See ``migrations.py``."""

CRITERION_RATINGS: tuple[str, ...] = ("not_yet", "partly", "well_established")
CHECK_LEVELS: tuple[str, ...] = ("not_yet", "partly", "in_place")
CHECK_WORDS = {"not_yet": "not yet", "partly": "partly", "in_place": "in place"}
"""A checklist point's mark in words."""

NOT_APPLICABLE = "n/a"
"""A strand's mark when the review judged it not to apply (in summaries, histories and reports)."""
