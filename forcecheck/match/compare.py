"""``compare(a, b, kind=...)``: the library entry point of name matching.

kind "person" -> ``persons.compare_persons``; "unit" -> ``units.compare_units`` (the unit
matcher, imported lazily); "organization" (also "company", "vessel", "legalentity", ...) ->
``persons.compare_organizations``.
"""

from __future__ import annotations

from typing import Any

from .persons import ORGANIZATION_THRESHOLD, PERSON_THRESHOLD, compare_organizations, compare_persons, person_keys
from .types import Match

KINDS = ("person", "unit", "organization")
#: FollowTheMoney schemata and other words that mean one of KINDS
KIND_ALIASES = {
    "person": "person",
    "individual": "person",
    "unit": "unit",
    "organization": "organization",
    "organisation": "organization",
    "company": "organization",
    "legalentity": "organization",
    "entity": "organization",
    "vessel": "organization",
    "aircraft": "organization",
    "publicbody": "organization",
}


def normalize_kind(kind: str) -> str:
    k = KIND_ALIASES.get((kind or "").strip().lower().replace("_", "").replace(" ", ""))
    if k is None:
        raise ValueError(f"unknown kind {kind!r} (person, unit or organization)")
    return k


def default_threshold(kind: str) -> float:
    k = normalize_kind(kind)
    if k == "unit":
        try:
            from . import units
        except ModuleNotFoundError as e:
            raise NotImplementedError("unit matching (forcecheck.match.units) is not available yet") from e
        return float(getattr(units, "UNIT_THRESHOLD", getattr(units, "DEFAULT_THRESHOLD", 0.7)))
    return PERSON_THRESHOLD if k == "person" else ORGANIZATION_THRESHOLD


def compare(a: str, b: str, kind: str = "person", **features: Any) -> Match:
    """Compare two names of one kind; returns a ``Match`` with a calibrated ``score`` (0..1),
    ``is_match`` at the kind's default threshold (or ``threshold=``) and a plain-words ``explanation``.

    Optional features for persons: ``dob``/``dob_b`` (partial ISO dates), ``country``/``country_b``,
    ``sex``/``sex_b`` (a conflict counts only when both sides have the value)."""
    k = normalize_kind(kind)
    if k == "person":
        return compare_persons(a, b, **features)
    if k == "organization":
        return compare_organizations(a, b, kind=k, **features)
    try:
        from .units import compare_units
    except ModuleNotFoundError as e:
        if e.name and e.name.endswith("match.units"):
            raise NotImplementedError("unit matching (forcecheck.match.units) is not available yet") from e
        raise
    threshold = features.pop("threshold", None)
    m = compare_units(a, b)
    if threshold is not None:
        m.is_match = m.score >= threshold
    return m


__all__ = ["compare", "person_keys", "normalize_kind", "default_threshold", "KINDS"]
