"""Counts in words, for every layer that speaks to a person: "1 step", "3 steps"."""

from __future__ import annotations


def counted(n: int, noun: str, plural: str = "") -> str:
    """``n`` and the noun, singular or plural; ``plural`` where it is not made with an s ("1 person", "2 people")."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"
