"""Recovery codes: 125 random bits, written in groups a person can copy by hand."""

from __future__ import annotations

import secrets

# Crockford's base32: no I, L, O or U, so nothing is misread when typed back.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_GROUPS = 5
_GROUP_LENGTH = 5
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_recovery_code() -> str:
    chars = "".join(secrets.choice(_ALPHABET) for _ in range(_GROUPS * _GROUP_LENGTH))
    return "-".join(chars[i : i + _GROUP_LENGTH] for i in range(0, len(chars), _GROUP_LENGTH))


def normalise_recovery_code(typed: str) -> str:
    """Accept lower case, spaces, missing dashes and look-alike letters."""
    cleaned = "".join(ch for ch in typed.upper() if ch.isalnum()).translate(_CONFUSABLE)
    return "-".join(cleaned[i : i + _GROUP_LENGTH] for i in range(0, len(cleaned), _GROUP_LENGTH))
