"""Turning names people type into safe file and folder names."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from maturitytui.store.portable import RESERVED


def partnership_key(name: str) -> str:
    """What makes two typed names the same partnership: case and spacing aside, the exact words."""
    return " ".join(name.casefold().split())


def slugify(name: str, max_length: int = 60) -> str:
    """A lower-case ``a-z0-9-`` folder name for ``name``; never empty, never a path.

    Accents are folded (``Ysgol Gymraeg Aberystwyth`` stays readable); a name
    with no Latin letters at all gets a stable name from its hash, and so does
    a device name Windows refuses (``CON``, ``LPT1``).
    """
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:max_length].strip("-")
    if not slug or slug in RESERVED:
        digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:10]
        slug = f"partnership-{digest}" if not slug else f"{slug}-{digest}"
    return slug
