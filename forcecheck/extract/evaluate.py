"""Precision and recall of extraction against annotated articles (tests/fixtures/articles).

Each article is ``NAME.txt`` (real text, a few paragraphs) plus ``NAME.json``: source URL,
language, publication date and ``gold`` claims by type. Names (person, unit, armed_group,
place) compare as normalised canonical-name sets per article. A predicted incident matches a
gold incident when they share a violation type and the gold perpetrator list contains one of
the predicted perpetrator units or its classification; postings match on person (or role and
place when unnamed); assistance on amount or quantity.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from forcecheck.match.normalize import norm

from .pipeline import extract_claims
from .types import ProposedClaim

NAME_TYPES = ("person", "unit", "armed_group", "place")
TYPES = NAME_TYPES + ("incident", "posting", "assistance")


@dataclass
class Score:
    tp_pred: int = 0  # predictions that match some gold item
    n_pred: int = 0
    tp_gold: int = 0  # gold items found
    n_gold: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp_pred / self.n_pred if self.n_pred else None

    @property
    def recall(self) -> float | None:
        return self.tp_gold / self.n_gold if self.n_gold else None


@dataclass
class Report:
    scores: dict[str, Score] = field(default_factory=lambda: {t: Score() for t in TYPES})
    articles: int = 0
    words: int = 0


def _incident_match(pred: dict, gold: dict) -> bool:
    if not set(pred.get("violation_types") or []) & set(gold["violation_types"]):
        return False
    wanted = {norm(x) for x in gold.get("perpetrator") or []}
    have = {norm(x) for x in (pred.get("perpetrator_units") or []) + [pred.get("perpetrator_classification") or ""] if x}
    return not wanted or bool(wanted & have)


def _posting_match(pred: dict, gold: dict) -> bool:
    if gold.get("person"):
        return norm(pred.get("person") or "") == norm(gold["person"])
    return pred.get("role") == gold.get("role") and norm(pred.get("place") or "") == norm(gold.get("place") or "")


def _assistance_match(pred: dict, gold: dict) -> bool:
    if gold.get("amount") is not None:
        return pred.get("amount") == gold["amount"]
    return pred.get("quantity") == gold.get("quantity")


_MATCHERS = {"incident": _incident_match, "posting": _posting_match, "assistance": _assistance_match}


def score_article(claims: list[ProposedClaim], gold: dict, report: Report) -> None:
    for t in NAME_TYPES:
        pred = {norm(c.attrs.get("name") or c.text) for c in claims if c.type == t}
        want = {norm(g) for g in gold.get(t, [])}
        s = report.scores[t]
        s.n_pred += len(pred)
        s.tp_pred += len(pred & want)
        s.n_gold += len(want)
        s.tp_gold += len(pred & want)
    for t, match in _MATCHERS.items():
        preds = [c.attrs for c in claims if c.type == t]
        golds = gold.get(t, [])
        s = report.scores[t]
        s.n_pred += len(preds)
        s.tp_pred += sum(1 for p in preds if any(match(p, g) for g in golds))
        s.n_gold += len(golds)
        s.tp_gold += sum(1 for g in golds if any(match(p, g) for p in preds))


def load_articles(folder: Path) -> list[tuple[str, str, dict]]:
    out = []
    for j in sorted(folder.glob("*.json")):
        meta = json.loads(j.read_text(encoding="utf-8"))
        text = j.with_suffix(".txt").read_text(encoding="utf-8")
        out.append((j.stem, text, meta))
    return out


def evaluate(folder: Path) -> Report:
    report = Report()
    for _name, text, meta in load_articles(folder):
        claims = extract_claims(text, lang=meta["lang"], published=meta.get("published"))
        score_article(claims, meta["gold"], report)
        report.articles += 1
        report.words += len(text.split())
    return report


def format_report(report: Report) -> str:
    lines = [f"{'type':<12} {'precision':>9} {'recall':>7} {'pred':>5} {'gold':>5}"]
    for t, s in report.scores.items():
        p = "-" if s.precision is None else f"{s.precision:.2f}"
        r = "-" if s.recall is None else f"{s.recall:.2f}"
        lines.append(f"{t:<12} {p:>9} {r:>7} {s.n_pred:>5} {s.n_gold:>5}")
    return "\n".join(lines)
