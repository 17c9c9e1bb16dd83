"""The secrets that keep a seat: a PIN a participant is shown once, and a token their device keeps.

Neither is ever stored. A participant's file keeps a salted digest of each: the
PIN's is stretched (PBKDF2), since six digits are few enough to try them all
against a plain digest; a token is 256 random bits, which no stretching could
make harder to guess, so one salted SHA-256 is enough and keeps every
reconnect cheap.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from maturitytui.room.state import clean_code

PIN_DIGITS = 6
PIN_ROUNDS = 100_000
"""PBKDF2-SHA256 iterations for a PIN: about 30 ms here, once per join; a stolen file costs a day per PIN."""
MAX_DEVICES = 4
"""Devices a seat is remembered on at once (a phone, a tablet...); the oldest is forgotten first."""


def new_pin() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(PIN_DIGITS))


def new_token() -> str:
    """What a device keeps (in a cookie) to come back to its seat without the PIN."""
    return secrets.token_urlsafe(32)


def pin_digest(pin: str, *, salt: bytes | None = None, rounds: int = PIN_ROUNDS) -> str:
    salt = salt if salt is not None else secrets.token_bytes(16)
    derived = hashlib.pbkdf2_hmac("sha256", clean_code(pin).encode(), salt, rounds)
    return f"pbkdf2-sha256${rounds}${salt.hex()}${derived.hex()}"


def token_digest(token: str, *, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else secrets.token_bytes(16)
    return f"sha256${salt.hex()}${hashlib.sha256(salt + token.encode()).hexdigest()}"


def matches(digest: str, secret: str) -> bool:
    """Whether ``secret`` is what ``digest`` was made from. A digest in any other form matches nothing."""
    parts = digest.split("$")
    try:
        if parts[0] == "pbkdf2-sha256" and len(parts) == 4:
            rounds, salt = int(parts[1]), bytes.fromhex(parts[2])
            if not 1 <= rounds <= 10 * PIN_ROUNDS:  # a file cannot make a check take minutes
                return False
            expected = pin_digest(secret, salt=salt, rounds=rounds)
        elif parts[0] == "sha256" and len(parts) == 3:
            expected = token_digest(secret, salt=bytes.fromhex(parts[1]))
        else:
            return False
    except ValueError:
        return False
    return hmac.compare_digest(expected.encode(), digest.encode())
