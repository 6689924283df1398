"""Gazetteers and cue lists compiled from the vocab CSVs into spaCy PhraseMatchers, per language.

Every domain word lives in ``forcecheck/vocab/*.csv``; this module only turns them into
matchers. Short all-capital terms ("US", "DEA", "PF") match case-sensitively, everything
else case-insensitively, and accented terms also match without accents.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from forcecheck import vocab


def strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


def doc_text(ctx: Any) -> str:
    """The document's text, built once per extraction (``Doc.text`` rebuilds the whole string on
    every call, which made extraction quadratic when called per mention)."""
    t = getattr(ctx, "text", None)
    if isinstance(t, str):
        return t
    t = ctx.__dict__.get("_doc_text")
    if t is None:
        t = ctx.doc.text
        ctx.__dict__["_doc_text"] = t
    return t


def _case_sensitive(term: str) -> bool:
    letters = [c for c in term if c.isalpha()]
    return bool(letters) and len(letters) <= 5 and all(c.isupper() for c in letters)


@dataclass
class Gazetteer:
    """A PhraseMatcher whose match labels point at rows (payloads)."""

    nlp: Language
    lower: PhraseMatcher = None  # type: ignore[assignment]
    exact: PhraseMatcher = None  # type: ignore[assignment]
    payloads: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.lower = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self._seen: set[tuple[str, str]] = set()

    def add(self, key: str, term: str, payload: Any) -> None:
        term = term.strip()
        if not term:
            return
        self.payloads[key] = payload
        variants = {term, strip_accents(term)}
        for v in variants:
            cs = _case_sensitive(v)
            if (key, v, cs) in self._seen:  # type: ignore[operator]
                continue
            self._seen.add((key, v, cs))  # type: ignore[arg-type]
            doc = self.nlp.make_doc(v)
            (self.exact if cs else self.lower).add(key, [doc])

    def find(self, doc: Doc | Span, longest: bool = True) -> list[tuple[Span, Any]]:
        spans = []
        base = doc if isinstance(doc, Doc) else doc.doc
        off = 0  # matchers return doc offsets for spans too
        for m in (self.lower, self.exact):
            for mid, s, e in m(doc):
                sp = Span(base, s + off, e + off, label=mid)
                spans.append(sp)
        if longest:
            spans = filter_spans(spans)
        return sorted(((sp, self.payloads[sp.label_]) for sp in spans), key=lambda x: x[0].start)


def _terms(row: dict, lang: str, *cols: str) -> list[str]:
    out: list[str] = []
    for c in cols:
        c2 = c.replace("{lang}", lang)
        out += vocab.terms(row.get(c2) or "")
    return out


@dataclass
class Lexicon:
    nlp: Language
    lang: str
    gz: dict[str, Gazetteer] = field(default_factory=dict)
    months: dict[str, int] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)
    given_names: frozenset[str] = frozenset()
    place_by_norm: dict[str, dict] = field(default_factory=dict)
    demonym: dict[str, dict] = field(default_factory=dict)
    cue_terms: dict[str, list[str]] = field(default_factory=dict)


def _g(nlp: Language) -> Gazetteer:
    return Gazetteer(nlp)


@cache
def lexicon(nlp: Language, lang: str) -> Lexicon:
    lx = Lexicon(nlp, lang)
    # violation types
    g = _g(nlp)
    for r in vocab.load("violation_types"):
        for t in _terms(r, lang, "terms_{lang}") + (_terms(r, "en", "terms_en") if lang == "es" else []):
            g.add(f"viol:{r['code']}", t, r)
    lx.gz["violation"] = g
    # incident statuses
    g = _g(nlp)
    for r in vocab.load("incident_statuses"):
        for t in _terms(r, lang, "cues_{lang}"):
            g.add(f"status:{r['code']}", t, r)
    lx.gz["status"] = g
    # security forces: institutions (alias lists) + security_forces.csv
    g = _g(nlp)
    for r in vocab.load("institutions"):
        payload = {
            "code": r["code"],
            "name": r["name_es"],
            "classification": r["classification"] or None,
            "government_level": r["government_level"] or None,
            "country": "mx",
            "template": "",
            "generic": False,
        }
        for t in [r["name_es"], r["name_en"], *vocab.terms(r["aliases"])]:
            g.add(f"force:{r['code']}", t, payload)
    for r in vocab.load("security_forces"):
        payload = {
            "code": r["code"],
            "name": r["name"],
            "classification": r["classification"] or None,
            "government_level": r["government_level"] or None,
            "country": r["country"] or None,
            "template": r["template"],
            "generic": bool(r["generic"]),
            "name_us": r.get("name_us") or "",
        }
        for t in vocab.terms(r["terms"]):
            g.add(f"force:{r['code']}", t, payload)
    lx.gz["force"] = g
    # numbered unit types (unit_terms kind=type)
    g = _g(nlp)
    inst = vocab.by_code("institutions")
    for r in vocab.load("unit_terms"):
        if r["kind"] != "type":
            continue
        cls = (inst.get(r["institution"]) or {}).get("classification") or None
        payload = {"code": r["code"], "label_es": r["label_es"], "classification": cls, "institution": r["institution"]}
        for t in vocab.terms(r["terms_es"]) + vocab.terms(r["terms_en"]):
            g.add(f"utype:{r['code']}", t, payload)
    lx.gz["unit_type"] = g
    # armed groups
    g = _g(nlp)
    for r in vocab.load("armed_groups"):
        for t in [r["name"], *vocab.terms(r["aliases"])]:
            g.add(f"ag:{r['code']}", t, r)
    lx.gz["armed_group"] = g
    # places
    g = _g(nlp)
    gd = _g(nlp)
    for r in vocab.load("places"):
        for t in [r["name"], *vocab.terms(r["aliases"])]:
            g.add(f"place:{r['code']}", t, r)
            lx.place_by_norm[strip_accents(t).lower()] = r
        for t in vocab.terms(r["demonyms"]):
            gd.add(f"dem:{r['code']}", t, r)
            lx.demonym[strip_accents(t).lower()] = r
    lx.gz["place"] = g
    lx.gz["demonym"] = gd
    g = _g(nlp)
    for r in vocab.load("place_cues"):
        if r["lang"] in (lang, "") or r["code"] == "county":
            for t in vocab.terms(r["terms"]):
                g.add(f"pcue:{r['code']}", t, r)
    lx.gz["place_cue"] = g
    # roles
    g = _g(nlp)
    for r in vocab.load("roles"):
        for t in _terms(r, lang, "terms_{lang}") + (
            _terms(r, "en", "terms_en") if lang == "es" and r["code"] == "sheriff" else []
        ):
            g.add(f"role:{r['code']}", t, r)
    lx.gz["role"] = g
    # ranks
    g = _g(nlp)
    for r in vocab.load("ranks"):
        if r["kind"] in ("military_rank", "naval_rank", "police_rank"):
            for t in vocab.terms(r["variants"]):
                if len(t) > 3 and not t.endswith("."):
                    g.add(f"rank:{r['code']}", t, r)
    lx.gz["rank"] = g
    # dates
    g = _g(nlp)
    for r in vocab.load("months"):
        for t in _terms(r, lang, "terms_{lang}"):
            lx.months[strip_accents(t).lower().rstrip(".")] = int(r["value"])
    g = _g(nlp)
    for r in vocab.load("relative_dates"):
        if r["lang"] == lang:
            for t in vocab.terms(r["terms"]):
                g.add(f"rel:{r['code']}", t, r)
    lx.gz["relative_date"] = g
    # numbers (cardinals from ordinals.csv)
    for r in vocab.load("ordinals"):
        if not str(r.get("value") or "").isdigit():
            continue
        for f in vocab.terms(r["forms"]):
            lx.numbers.setdefault(f.lower(), int(r["value"]))
    lx.numbers.update({"a": 1, "an": 1} if lang == "en" else {"un": 1, "una": 1})
    lx.numbers.update({"dozens": 0, "hundreds": 0, "thousands": 0, "decenas": 0, "cientos": 0})
    # simple cue lists
    for name in ("assistance_cues", "certification_cues", "extraction_cues"):
        g = _g(nlp)
        for r in vocab.load(name):
            if r["lang"] == lang:
                for t in vocab.terms(r["terms"]):
                    g.add(f"{r['code']}", t, r)
        lx.gz[name] = g
    g = _g(nlp)
    for r in vocab.load("assistance_kinds"):
        for t in _terms(r, lang, "terms_{lang}"):
            g.add(f"akind:{r['code']}", t, r)
    lx.gz["assistance_kind"] = g
    g = _g(nlp)
    for r in vocab.load("funding_programs"):
        for t in vocab.terms(r["patterns"]):
            if len(t) >= 3:
                g.add(f"prog:{r['code']}", t, r)
    lx.gz["program"] = g
    names = set()
    for r in vocab.load("given_names"):
        names |= {strip_accents(n).lower() for n in vocab.terms(r["names"])}
    for r in vocab.load("nicknames"):
        names |= {strip_accents(w).lower() for w in r["code"].split()}
    lx.given_names = frozenset(names)
    return lx


def by_sentence(items: list[tuple[Span, Any]]) -> dict[int, list[tuple[Span, Any]]]:
    out: dict[int, list] = defaultdict(list)
    for sp, p in items:
        out[sp.sent.start].append((sp, p))
    return out
