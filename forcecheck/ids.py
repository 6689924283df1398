"""Stable identifiers.

Every record has a string id derived from its natural key, like FollowTheMoney entity ids:
importing the same fact twice yields the same id, which is what makes imports idempotent.
"""

from __future__ import annotations

import hashlib


def make_id(prefix: str, *parts: object) -> str:
    """``make_id("fmtr", "2019-2020", 12)`` -> ``fmtr-<16 hex>``: deterministic, short, opaque."""
    digest = hashlib.sha1("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8")).hexdigest()[:16]
    return f"{prefix}-{digest}"


def content_hash(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()
