"""The result of comparing two names: the contract of ``forcecheck.match.compare``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import settings

#: The match qualities of vetting, strongest first.
QUALITIES = ("direct", "possible", "none")


def quality_for(kind: str, score: float) -> str:
    """``direct``, ``possible`` or ``none`` for a score of matcher kind ``kind`` (thresholds in settings)."""
    if score >= settings.match_threshold(kind, "direct"):
        return "direct"
    if score >= settings.match_threshold(kind, "possible"):
        return "possible"
    return "none"


@dataclass
class Match:
    """``score`` is calibrated to 0..1; ``is_match`` applies the default threshold of the kind;
    ``explanation`` lists, in words a vetting analyst reads, which parts matched how and which
    conflicts lowered the score; ``features`` keeps the numbers behind it."""

    a: str
    b: str
    kind: str
    score: float
    is_match: bool
    explanation: list[str] = field(default_factory=list)
    features: dict[str, Any] = field(default_factory=dict)
    #: ``direct`` / ``possible`` / ``none``: from the score and the kind's tier thresholds unless the
    #: matcher sets it (a biodata conflict, for example, caps it at ``possible``).
    quality: str = ""

    def __post_init__(self) -> None:
        if not self.quality:
            self.quality = quality_for(self.kind, self.score)

    def as_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "kind": self.kind,
            "score": round(self.score, 4),
            "is_match": self.is_match,
            "quality": self.quality,
            "explanation": self.explanation,
            "features": self.features,
        }
