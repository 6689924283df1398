"""The matcher registry: one table of the kinds of names forcecheck compares.

Each kind (``person``, ``organization``, ``unit``) is a :class:`Matcher` row: its blocking keys
(for the candidate index), its compare function, the canonical form the index pre-scores on, its
thresholds (``settings.MATCH_THRESHOLDS``: ``direct`` and ``possible``) and the words accepted for
it (``vocab/kind_aliases.csv``: FollowTheMoney schemata, OFAC types, Spanish words). An
:class:`Algorithm` is a named set of matchers, one per kind, as yente's ``/algorithms`` lists them;
forcecheck ships one, :data:`DEFAULT_ALGORITHM`. Everything that dispatches by kind looks it up here:

    >>> from forcecheck.match import registry
    >>> registry.matcher("Company").kind           # aliases are normalised
    'organization'
    >>> registry.matcher("unit").threshold("possible")
    0.5
    >>> [a.name for a in registry.algorithms()]
    ['forcecheck-v1']
    >>> registry.compare("23/o. BTN. INF.", "23 Batallón de Infantería", kind="unit").quality
    'direct'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .. import settings, vocab
from .normalize import norm, word_keys
from .persons import compare_organizations, compare_persons, person_keys
from .types import QUALITIES, Match
from .units import analyze_unit, compare_units, unit_keys

#: The matcher kinds, in the order they are listed.
KINDS = ("person", "unit", "organization")


def _unit_canon(name: str) -> str:
    return analyze_unit(name).canonical()


@dataclass(frozen=True)
class Matcher:
    """How one kind of name is keyed, pre-scored and compared."""

    kind: str
    description: str
    #: ``compare(a, b, *, threshold=None, **features) -> Match``
    compare: Callable[..., Match]
    #: blocking keys of a name for the inverted index (two names that can match share one)
    keys: Callable[[str], set[str]]
    #: a cheap canonical string the index pre-scores candidates on with rapidfuzz
    canon: Callable[[str], str] = norm
    #: the features ``compare`` reads beside the names (the query's and, with ``_b``, the base's)
    features: tuple[str, ...] = ()

    def threshold(self, tier: str = "direct") -> float:
        """The score threshold of ``tier`` (``direct``: ``Match.is_match``; ``possible``)."""
        if tier not in QUALITIES[:2]:
            raise ValueError(f"unknown tier {tier!r} (direct or possible)")
        return settings.match_threshold(self.kind, tier)

    @property
    def thresholds(self) -> dict[str, float]:
        return {t: self.threshold(t) for t in QUALITIES[:2]}

    @property
    def aliases(self) -> tuple[str, ...]:
        return tuple(a for a, k in _aliases().items() if k == self.kind)

    def as_dict(self) -> dict[str, Any]:
        """A plain description (for ``/algorithms`` in the REST API)."""
        return {
            "kind": self.kind,
            "description": self.description,
            "thresholds": self.thresholds,
            "aliases": list(self.aliases),
            "features": list(self.features),
        }


@dataclass(frozen=True)
class Algorithm:
    """A named set of matchers, one per kind."""

    name: str
    description: str
    matchers: dict[str, Matcher] = field(default_factory=dict)

    def matcher(self, kind: str) -> Matcher:
        k = normalize_kind(kind)
        m = self.matchers.get(k)
        if m is None:
            raise ValueError(f"algorithm {self.name!r} has no matcher for kind {k!r}")
        return m

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "kinds": {k: m.as_dict() for k, m in self.matchers.items()},
        }


_V1 = Algorithm(
    "forcecheck-v1",
    "Rule-based name analysis with explained scores: persons (given names, paternal and maternal "
    "surnames, nicknames, phonetics, biodata conflicts), organisations (legal forms, abbreviations) "
    "and security-force units (numbers in any notation, unit types, places, institutions).",
    {
        "person": Matcher(
            "person",
            "Person names in any order, with nicknames, initials and optional dob/sex/country.",
            compare_persons,
            person_keys,
            features=("dob", "sex", "country"),
        ),
        "unit": Matcher(
            "unit",
            "Units of security forces: number, type, institution and place.",
            compare_units,
            unit_keys,
            canon=_unit_canon,
        ),
        "organization": Matcher(
            "organization", "Companies, groups, vessels and other organisations.", compare_organizations, word_keys
        ),
    },
)

#: The algorithm used when none is named.
DEFAULT_ALGORITHM = _V1.name
_ALGORITHMS: dict[str, Algorithm] = {_V1.name: _V1}


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    out: dict[str, str] = {}
    for row in vocab.load("kind_aliases"):
        if row["kind"] not in KINDS:
            raise ValueError(f"vocab/kind_aliases.csv: {row['code']!r} names unknown kind {row['kind']!r}")
        out[row["code"]] = row["kind"]
    return out


def _alias_key(kind: str) -> str:
    return (kind or "").strip().lower().replace("_", "").replace(" ", "").replace("-", "")


def normalize_kind(kind: str) -> str:
    """The matcher kind a word means ('Company' -> 'organization'); ValueError if none."""
    k = _aliases().get(_alias_key(kind)) or _aliases().get(norm(kind or "").replace(" ", ""))
    if k is None:
        raise ValueError(f"unknown kind {kind!r} (person, unit or organization)")
    return k


def algorithms() -> list[Algorithm]:
    """Every registered algorithm (the default first)."""
    return [_ALGORITHMS[DEFAULT_ALGORITHM]] + [a for n, a in _ALGORITHMS.items() if n != DEFAULT_ALGORITHM]


def algorithm(name: str | None = None) -> Algorithm:
    """The algorithm called ``name`` (``None``: the default); ValueError naming the known ones."""
    a = _ALGORITHMS.get(name or DEFAULT_ALGORITHM)
    if a is None:
        raise ValueError(f"unknown algorithm {name!r} ({', '.join(_ALGORITHMS)})")
    return a


def matcher(kind: str, algorithm_name: str | None = None) -> Matcher:
    """The matcher of ``kind`` (any accepted alias) in the named or default algorithm."""
    return algorithm(algorithm_name).matcher(kind)


def default_threshold(kind: str) -> float:
    """The ``direct`` threshold of ``kind``: the default decision of ``Match.is_match``."""
    return matcher(kind).threshold("direct")


def compare(a: str, b: str, kind: str = "person", *, algorithm: str | None = None, **features: Any) -> Match:
    """Compare two names with the matcher of ``kind`` (see :func:`forcecheck.match.compare.compare`)."""
    return matcher(kind, algorithm).compare(a, b, **features)


__all__ = [
    "KINDS",
    "Matcher",
    "Algorithm",
    "DEFAULT_ALGORITHM",
    "algorithms",
    "algorithm",
    "matcher",
    "normalize_kind",
    "default_threshold",
    "compare",
]
