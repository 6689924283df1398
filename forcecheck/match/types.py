"""The result of comparing two names: the contract of ``forcecheck.match.compare``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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

    def as_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "kind": self.kind, "score": round(self.score, 4), "is_match": self.is_match, "explanation": self.explanation, "features": self.features}
