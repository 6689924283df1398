"""Precision and recall of extraction against annotated articles.

Each article is ``NAME.txt`` (real text, a few paragraphs) plus ``NAME.json``: source URL,
language, publication date and ``gold`` claims by type. Annotated sets live in
tests/fixtures/articles (issue 3) and, for issue 9, tests/fixtures/articles_dev and
tests/fixtures/articles_heldout (a ``split`` field in each JSON says which; the held-out split is
never used for tuning).

What is compared, per article:

* names (person, unit, armed_group, place): the set of normalised names (case, accents,
  punctuation and function words such as "de", "the" do not count) the extractor proposes
  against the gold items; a gold item is a name or a list of names that all denote the same
  thing as the text writes it ("Fuerza Nacional Anti Maras y Pandillas" / "FNAMP"). A gold item
  is found when one of its names is proposed; a proposed name is right when it is a name of
  some gold item.
* incident: a predicted incident matches a gold incident when they share a violation type and
  the gold perpetrators (unit names or the classification, e.g. "police") contain one of the
  predicted perpetrator units or its classification (no gold perpetrator: type alone).
* incident_status: each found gold incident is paired with its best-matching prediction (most
  shared violation types and perpetrators, then the earliest); precision is the share of those
  pairs with the gold status (the latest status the text gives), recall the share of all gold
  incidents found with the right status.
* perpetrator / perp_person: the perpetrator units and persons of all predicted incidents of an
  article against those of the gold incidents (names as above); only for articles whose gold
  incidents list ``perpetrator_units`` (issue 9 format), so that a person wrongly proposed as
  perpetrator (a victim, a journalist, a judge) costs precision.
* posting: on person (or role and place when unnamed); posting_unit also needs the unit (any
  of the gold unit's names; a gold posting without unit matches on person alone).
* assistance: on amount or quantity.

``evaluate_by_language`` gives one report for all articles and one per language.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from forcecheck.match.normalize import norm

from .pipeline import extract_claims
from .types import ProposedClaim

NAME_TYPES = ("person", "unit", "armed_group", "place")
TYPES = NAME_TYPES + (
    "incident",
    "incident_status",
    "perpetrator",
    "perp_person",
    "posting",
    "posting_unit",
    "assistance",
)
# function words left out when names are compared ("Cártel de Jalisco ..." = "Cártel Jalisco ...")
_FUNCTION_WORDS = {"de", "del", "la", "las", "los", "el", "y", "the", "of", "and"}


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

    def add(self, other: Score) -> None:
        self.tp_pred += other.tp_pred
        self.n_pred += other.n_pred
        self.tp_gold += other.tp_gold
        self.n_gold += other.n_gold


@dataclass
class Report:
    scores: dict[str, Score] = field(default_factory=lambda: {t: Score() for t in TYPES})
    articles: int = 0
    words: int = 0
    seconds: float = 0.0
    errors: list[tuple[str, str]] = field(default_factory=list)  # (article, reason): extraction raised


def _key(name: str | None) -> str:
    """A name as compared: normalised (case, accents, punctuation) without function words."""
    return " ".join(w for w in norm(name or "").split() if w not in _FUNCTION_WORDS)


def _alts(item) -> set[str]:
    """The compared names of one gold item (a name or a list of names of the same thing)."""
    names = item if isinstance(item, list) else [item]
    return {_key(n) for n in names if _key(n)}


def _score_names(pred: set[str], gold_items: list, s: Score) -> None:
    golds = [a for a in (_alts(g) for g in gold_items) if a]
    every = set().union(*golds) if golds else set()
    s.n_pred += len(pred)
    s.tp_pred += len(pred & every)
    s.n_gold += len(golds)
    s.tp_gold += sum(1 for a in golds if a & pred)


def _gold_perpetrators(gold: dict) -> set[str]:
    """Names and classification codes that identify a gold incident's perpetrators."""
    if "perpetrator_units" in gold:
        names = (
            set().union(*[_alts(u) for u in gold.get("perpetrator_units") or []])
            if gold.get("perpetrator_units")
            else set()
        )
        return names | {_key(c) for c in gold.get("classification") or []}
    return {_key(x) for x in gold.get("perpetrator") or []}


def _pred_perpetrators(pred: dict) -> set[str]:
    return {
        _key(x) for x in (pred.get("perpetrator_units") or []) + [pred.get("perpetrator_classification") or ""] if x
    }


def _incident_match(pred: dict, gold: dict) -> bool:
    if not set(pred.get("violation_types") or []) & set(gold["violation_types"]):
        return False
    wanted = _gold_perpetrators(gold)
    return not wanted or bool(wanted & _pred_perpetrators(pred))


def _incident_overlap(pred: dict, gold: dict) -> int:
    return len(set(pred.get("violation_types") or []) & set(gold["violation_types"])) + len(
        _gold_perpetrators(gold) & _pred_perpetrators(pred)
    )


def _posting_match(pred: dict, gold: dict) -> bool:
    if gold.get("person"):
        return _key(pred.get("person")) == _key(gold["person"])
    return pred.get("role") == gold.get("role") and _key(pred.get("place")) == _key(gold.get("place"))


def _posting_unit_match(pred: dict, gold: dict) -> bool:
    if not _posting_match(pred, gold):
        return False
    return not gold.get("unit") or _key(pred.get("unit")) in _alts(gold["unit"])


def _assistance_match(pred: dict, gold: dict) -> bool:
    if gold.get("amount") is not None:
        return pred.get("amount") == gold["amount"]
    return pred.get("quantity") == gold.get("quantity")


_MATCHERS = {
    "incident": ("incident", _incident_match),
    "posting": ("posting", _posting_match),
    "posting_unit": ("posting", _posting_unit_match),
    "assistance": ("assistance", _assistance_match),
}


def _score_status(preds: list[dict], golds: list[dict], s: Score) -> None:
    s.n_gold += len(golds)
    for g in golds:
        found = [(i, p) for i, p in enumerate(preds) if _incident_match(p, g)]
        if not found:
            continue
        _i, best = max(found, key=lambda ip: (_incident_overlap(ip[1], g), -ip[0]))
        right = best.get("status") == g.get("status")
        s.n_pred += 1
        s.tp_pred += right
        s.tp_gold += right


def _score_perpetrators(preds: list[dict], golds: list[dict], report: Report) -> None:
    if not golds or not all("perpetrator_units" in g for g in golds):
        return
    units = [u for g in golds for u in g.get("perpetrator_units") or []]
    persons = [p for g in golds for p in g.get("perpetrator_persons") or []]
    pred_units = {_key(u) for p in preds for u in p.get("perpetrator_units") or [] if _key(u)}
    pred_persons = {_key(x) for p in preds for x in p.get("perpetrator_persons") or [] if _key(x)}
    _score_names(pred_units | pred_persons, _dedupe(units + persons), report.scores["perpetrator"])
    _score_names(pred_persons, _dedupe(persons), report.scores["perp_person"])


def _dedupe(items: list) -> list:
    out, seen = [], []
    for it in items:
        a = _alts(it)
        if a and not any(a & s for s in seen):
            seen.append(a)
            out.append(it)
    return out


def score_article(claims: list[ProposedClaim], gold: dict, report: Report) -> None:
    for t in NAME_TYPES:
        pred = {_key(c.attrs.get("name") or c.text) for c in claims if c.type == t}
        pred.discard("")
        _score_names(pred, gold.get(t, []), report.scores[t])
    for row, (t, match) in _MATCHERS.items():
        preds = [c.attrs for c in claims if c.type == t]
        golds = gold.get(t, [])
        s = report.scores[row]
        s.n_pred += len(preds)
        s.tp_pred += sum(1 for p in preds if any(match(p, g) for g in golds))
        s.n_gold += len(golds)
        s.tp_gold += sum(1 for g in golds if any(match(p, g) for p in preds))
    incidents = [c.attrs for c in claims if c.type == "incident"]
    _score_status(incidents, gold.get("incident", []), report.scores["incident_status"])
    _score_perpetrators(incidents, gold.get("incident", []), report)


def load_articles(folder: Path) -> list[tuple[str, str, dict]]:
    out = []
    for j in sorted(folder.glob("*.json")):
        meta = json.loads(j.read_text(encoding="utf-8"))
        text = j.with_suffix(".txt").read_text(encoding="utf-8")
        out.append((j.stem, text, meta))
    return out


def _run(name: str, text: str, meta: dict, reports: list[Report]) -> None:
    t0 = time.perf_counter()
    try:
        claims = extract_claims(text, lang=meta["lang"], published=meta.get("published"))
        error = None
    except Exception as exc:  # noqa: BLE001 - a crash is measured (no predictions), not hidden
        claims, error = [], f"{type(exc).__name__}: {exc}"
    dt = time.perf_counter() - t0
    for report in reports:
        score_article(claims, meta["gold"], report)
        report.articles += 1
        report.words += len(text.split())
        report.seconds += dt
        if error:
            report.errors.append((name, error))


def evaluate(folder: Path) -> Report:
    report = Report()
    for name, text, meta in load_articles(folder):
        _run(name, text, meta, [report])
    return report


def evaluate_by_language(folders: list[Path] | Path) -> dict[str, Report]:
    """One report over every article of the folders ('all') and one per language ('en', 'es', ...)."""
    folders = [folders] if isinstance(folders, Path) else folders
    reports: dict[str, Report] = {"all": Report()}
    for folder in folders:
        for name, text, meta in load_articles(folder):
            lang = reports.setdefault(meta["lang"], Report())
            _run(name, text, meta, [reports["all"], lang])
    return reports


def format_report(report: Report) -> str:
    lines = [f"{'type':<15} {'precision':>9} {'recall':>7} {'pred':>5} {'gold':>5}"]
    for t, s in report.scores.items():
        if not s.n_pred and not s.n_gold:
            continue
        p = "-" if s.precision is None else f"{s.precision:.2f}"
        r = "-" if s.recall is None else f"{s.recall:.2f}"
        lines.append(f"{t:<15} {p:>9} {r:>7} {s.n_pred:>5} {s.n_gold:>5}")
    for name, reason in report.errors:
        lines.append(f"error in {name}: {reason}")
    return "\n".join(lines)
