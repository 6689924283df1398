"""Places: countries and states from the gazetteer, "town of X" / "estado de X" cues, "X County",
"Town, State" pairs, and (English) the NER's GPE/LOC entities."""

from __future__ import annotations

import re
from functools import cache

from forcecheck import vocab

from .context import Ctx
from .lexicon import doc_text, strip_accents

_CAP = r"[A-ZÁÉÍÓÚÑ][\w’'\-]+"
_CAPSEQ = rf"{_CAP}(?:\s+(?:de(?:\s+la|\s+los)?\s+|del\s+)?{_CAP})*"


def _kind_of(ctx: Ctx, name: str, default: str = "city") -> tuple[str, dict | None]:
    row = ctx.lx.place_by_norm.get(strip_accents(name).lower())
    if row:
        return row["kind"], row
    return default, None


def canonical(ctx: Ctx, name: str) -> str:
    row = ctx.lx.place_by_norm.get(strip_accents(name).lower())
    return row["name"] if row else name


def _add(ctx: Ctx, s: int, e: int, kind: str, row: dict | None = None) -> None:
    text = doc_text(ctx)[s:e]
    if ctx.overlaps(s, e, ("place",)):
        return
    attrs = {"name": row["name"] if row else text, "kind": kind}
    if row and row.get("country"):
        attrs["country"] = row["country"]
    ctx.add("place", (s, e), attrs)


def extract_places(ctx: Ctx) -> None:
    doc, text = ctx.doc, doc_text(ctx)
    # "X County" (before the gazetteer, so that "Hidalgo County" is not the state of Hidalgo)
    for m in re.finditer(rf"\b((?:{_CAP}\s+)+)County\b", text):
        _add(ctx, m.start(1), m.end(), "county")
    # gazetteer (countries, states)
    for sp, row in ctx.lx.gz["place"].find(doc):
        # "Mexico State" / "Sinaloa state": keep the state name only
        _add(ctx, sp.start_char, sp.end_char, row["kind"], row)
    # cue + capitalised name: "town of Iguala", "ciudad de Iguala", "border state of Tamaulipas"
    for sp, row in ctx.lx.gz["place_cue"].find(doc):
        if row["code"] == "county":
            continue
        after = text[sp.end_char :]
        m = re.match(rf"\s+({_CAPSEQ})", after)
        if m:
            s = sp.end_char + m.start(1)
            name = m.group(1)
            kind, prow = _kind_of(ctx, name, row["kind"])
            _add(ctx, s, s + len(name), kind, prow)
    _town_state(ctx)
    # Spanish: "en Tlatlaya", "de Iguala" (a capitalised word that is not a known thing)
    if ctx.lang == "es":
        for m in re.finditer(rf"\b(?:en|de)\s+({_CAP})\b", text):
            word = m.group(1)
            if word.lower() in ctx.lx.months or strip_accents(word).lower() in ctx.lx.given_names:
                continue
            sp = doc.char_span(m.start(1), m.end(1))
            if sp is None:
                continue
            if _looks_like_place_es(ctx, sp):
                kind, prow = _kind_of(ctx, word)
                _add(ctx, m.start(1), m.end(1), kind, prow)
    # English NER (the Spanish model's LOC is too loose: it tags persons and groups)
    for ent in doc.ents if ctx.lang == "en" else ():
        if ent.label_ in ("GPE", "LOC"):
            s, e = ent.start_char, ent.end_char
            t = ent.text
            lead = re.match(r"(?:the|The|In|At|From|On|En|De)\s+", t)
            if lead:
                s += lead.end()
            t = text[s:e]
            for suf in ("’s", "'s"):
                if t.endswith(suf):
                    e -= len(suf)
                    t = t[: -len(suf)]
            if not t or ctx.overlaps(s, e, ("place",)) or _not_a_place(ctx, ent, t, e):
                continue
            kind, prow = _kind_of(ctx, t)
            _add(ctx, s, e, kind, prow)

    _town_state(ctx)


def _town_state(ctx: Ctx) -> None:
    text = doc_text(ctx)
    # "Iguala, Guerrero": a capitalised word before a known state
    for m in ctx.of("place"):
        if m.attrs["kind"] != "state":
            continue
        before = text[max(0, m.start - 40) : m.start]
        mm = re.search(rf"({_CAP}(?:\s+{_CAP})?),\s*$", before)
        if mm:
            s = m.start - len(before) + mm.start(1)
            lead = re.match(r"(?:In|At|From|On|The|En|De|El|La|Near|Cerca)\s+", mm.group(1))
            if lead:
                s += lead.end()
            for x in ctx.of("place"):
                if x.start == s and x.attrs["kind"] == "city":
                    x.attrs.setdefault("state", m.attrs["name"])
                    x.attrs.setdefault("country", m.attrs.get("country"))
            _add(ctx, s, m.start - len(before) + mm.end(1), "city")


def _looks_like_place_es(ctx: Ctx, sp) -> bool:
    tok = sp[0]
    # a following capitalised word would make it a name ("de Jesús Murillo"), skip those
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.text[:1].isupper() and nxt.is_alpha:
        return False
    # the unit/force/group gazetteers and the non-place words know better
    w = strip_accents(tok.text).lower()
    if w in unit_words() or (tok.text.isupper() and len(tok.text) > 1 and w not in ctx.lx.place_by_norm):
        return False  # "Regimiento de Caballería", "Juzgado de Distrito", "agentes del INM"
    for key in ("force", "armed_group", "role", "violation", "status"):
        if ctx.lx.gz[key].find(sp, longest=False):
            return False
    return w not in _NOT_PLACES_ES


_NOT_PLACES_ES = frozenset(
    "el la los las un una este esta ese esa su sus derechos comision procuraduria estado gobierno fiscalia "
    "ejercito marina policia secretaria mexico republica nacion la justicia defensa seguridad normal escuela".split()
)


@cache
def unit_words() -> frozenset[str]:
    """Words of unit types and classifications ("caballería", "division", "brigade", "distrito"):
    never a place on their own (issue 9: common nouns were taken for places)."""
    out: set[str] = {"distrito", "juzgado", "tribunal", "sector", "subsector", "cuartel", "destacamento"}
    for r in vocab.load("unit_terms"):
        if r["kind"] != "type":
            continue
        for col in ("terms_es", "terms_en", "label_es", "label_en"):
            for t in vocab.terms(r.get(col) or ""):
                out |= {strip_accents(w).lower() for w in t.split() if len(w) > 3}
    for r in vocab.load("unit_classifications"):
        for col in ("terms_es", "terms_en"):
            for t in vocab.terms(r.get(col) or ""):
                out |= {strip_accents(w).lower() for w in t.split() if len(w) > 3}
    for r in vocab.load("unit_heads"):
        if r["strength"] in ("modifier", "fr_qualifier", "abbr"):
            continue
        for t in vocab.terms(r["terms"]):
            out |= {strip_accents(w).lower() for w in t.split() if len(w) > 3}
    return frozenset(out - {"militar", "federal", "estatal", "municipal", "state", "mexico"})


def _not_a_place(ctx: Ctx, ent, t: str, e: int) -> bool:
    """An NER place that is a word of a unit's name ("Americas Division") or an institution's
    acronym ("INM")."""
    nxt = re.match(r"[ \t]+([A-Z][\w\-]+)", doc_text(ctx)[e : e + 30])
    if nxt and strip_accents(nxt.group(1)).lower() in unit_words():
        return True
    if all(strip_accents(w).lower() in unit_words() for w in t.split()):
        return True
    return bool(ctx.lx.gz["force"].find(ent, longest=False)) and strip_accents(t).lower() not in ctx.lx.place_by_norm
