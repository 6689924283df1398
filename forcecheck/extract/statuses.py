"""Statuses that follow the text: status cues read with their negation and modality, attached to
the incident they speak of across sentences, per perpetrator when the text distinguishes them,
and ordered by the dates in the text so that the latest status is the incident's.

* **Negation and modality** (vocab ``incident_cues``: negation, modality, clause_break): a cue
  preceded in its clause by a negation ("no police officers have been charged", "ningún policía
  ha sido acusado", "have not been charged") becomes the status in the ``if_negated`` column of
  ``incident_statuses`` (charged -> not_charged) or is dropped; a cue under a demand ("the
  families demanded that they be charged", "exigieron que sean consignados") is dropped; a cue
  under a modal ("could face charges", "may be charged", "should be prosecuted") becomes the
  ``if_modal`` status (charged -> under investigation) or is dropped.
* **Which incident**: a cue in an incident's sentence is that incident's. A cue in a sentence
  without violation words belongs to the incident it refers to: by name (a perpetrator person or
  surname, a perpetrator unit, the case name "the Ayotzinapa case" or the place of the incident),
  by reference back ("the six officers", "the attack", a force noun of the incident's kind) to
  the nearest incident before it, or, without any reference, to the incident just before it in
  the same paragraph. A cue in another paragraph that does not refer back is another story.
* **History**: each cue carries the date nearest to it in its sentence (a cue without a date of
  its own comes after the dated cues before it in the text). The incident's status is the latest
  status of the justice process (under investigation, charged, not charged, convicted,
  acquitted), ties broken by the vocabulary's ``order``; denied or alleged only when there is no
  step of the process. A cue about some of the accused only ("three of the officers were
  acquitted", or naming some of the perpetrators) does not replace the status of the others:
  the incident keeps the most serious standing status (``standing`` column), and
  ``perpetrator_statuses`` gives each named perpetrator's own latest status.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Span

from forcecheck import vocab

from .context import Ctx, Mention
from .lexicon import Gazetteer


@dataclass
class StatusCue:
    code: str
    words: str
    sent: int
    start: int  # character offset
    tok: int
    date: str | None = None
    perpetrators: list[str] = field(default_factory=list)
    partial: bool = False


@dataclass
class Modifiers:
    negation: Gazetteer
    modality: Gazetteer
    demand: Gazetteer
    breaks: Gazetteer
    partial: Gazetteer
    case: Gazetteer
    accused: Gazetteer


@cache
def modifiers(nlp: Language, lang: str) -> Modifiers:
    gz = {
        k: Gazetteer(nlp)
        for k in ("negation", "modality", "demand", "clause_break", "partial", "case_name", "accused_reference")
    }
    for r in vocab.load("incident_cues"):
        if r["lang"] == lang and r["code"] in gz:
            for t in vocab.terms(r["terms"]):
                gz[r["code"]].add(r["code"], t, r["code"])
    return Modifiers(
        gz["negation"],
        gz["modality"],
        gz["demand"],
        gz["clause_break"],
        gz["partial"],
        gz["case_name"],
        gz["accused_reference"],
    )


_STOP = {",", ";", ":", ".", "(", ")", "—", "–"}


def _clause_before(ctx: Ctx, mods: Modifiers, sp: Span, limit: int = 7, *, clauses: bool = True) -> Span:
    """The words of the cue's clause before it (at most ``limit`` tokens); with ``clauses=False``
    across "that"/"que" too (a demand governs the clause after it)."""
    doc = ctx.doc
    sent = ctx.sents[ctx.sent_index(sp.start)]
    start = sp.start
    floor = max(sent.start, sp.start - limit)
    breaks = {b.start for b, _ in mods.breaks.find(doc[floor : sp.start])} if clauses else set()
    while start > floor and doc[start - 1].text not in _STOP and (start - 1) not in breaks:
        start -= 1
    return doc[start : sp.start]


def read_cue(ctx: Ctx, sp: Span, row: dict[str, Any]) -> str | None:
    """The status a cue states once negation and modality are read; None when it states none."""
    mods = modifiers(ctx.lx.nlp, ctx.lang)
    before = _clause_before(ctx, mods, sp)
    negated = bool(mods.negation.find(before))
    if not negated and ctx.parsed:
        negated = any(ch.dep_ == "neg" for ch in sp.root.children) or any(
            ch.dep_ == "neg" for ch in sp.root.head.children if sp.root.dep_ in ("xcomp", "ccomp", "acomp")
        )
    modal = bool(mods.modality.find(before))
    demanded = bool(mods.demand.find(_clause_before(ctx, mods, sp, 10, clauses=False)))
    if negated:
        return row.get("if_negated") or None
    if demanded:
        return None  # "the families demanded that they be charged": nobody has been
    if modal:
        return row.get("if_modal") or None  # "could face charges": the case is being looked at
    return row["code"]


_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def _nearest_date(ctx: Ctx, cue_start: int, sent: int) -> str | None:
    """The date mention nearest the cue in its sentence; else a bare year there ("In 2017 a judge acquitted them")."""
    dates = [(d.start, d.attrs["value"]) for d in ctx.of("date", sent) if d.attrs.get("value")]
    if not dates:
        sp = ctx.sents[sent]
        dates = [
            (sp.start_char + m.start(), m.group(1))
            for m in _YEAR.finditer(sp.text)
            if not ctx.overlaps(sp.start_char + m.start(), sp.start_char + m.end(), ("money",))
        ]
    if not dates:
        return None
    return min(dates, key=lambda d: abs(d[0] - cue_start))[1]


def status_cues(ctx: Ctx) -> list[StatusCue]:
    out = []
    for sp, row in ctx.lx.gz["status"].find(ctx.doc):
        code = read_cue(ctx, sp, row)
        if code is None:
            continue
        i = ctx.sent_index(sp.start)
        out.append(StatusCue(code, sp.text, i, sp.start_char, sp.start, _nearest_date(ctx, sp.start_char, i)))
    return out


# --------------------------------------------------------------------------- which incident


def _surnames(name: str) -> set[str]:
    parts = [p for p in re.split(r"\s+", name) if p[:1].isupper() and len(p) > 2]
    return set(parts[1:]) if len(parts) > 1 else set(parts)


def case_names(ctx: Ctx, sent: int) -> set[str]:
    """Capitalised words next to "case"/"caso" in a sentence ("the Ayotzinapa case", "caso Iguala")."""
    mods = modifiers(ctx.lx.nlp, ctx.lang)
    sp = ctx.sents[sent]
    out = set()
    for c, _ in mods.case.find(sp):
        for j in (c.start - 1, c.end, c.end + 1):
            if sp.start <= j < sp.end:
                t = ctx.doc[j]
                if t.text[:1].isupper() and t.is_alpha and not t.is_sent_start:
                    out.add(t.text)
    return out


def refers_by_name(ctx: Ctx, sent: int, keys: dict[str, Any]) -> list[str] | None:
    """The perpetrators (names) of an incident that sentence ``sent`` names, or [] when it names
    the incident's unit, case or place; None when it names nothing of the incident."""
    text = ctx.sents[sent].text
    named = [
        p for p in keys["persons"] if p in text or any(re.search(rf"\b{re.escape(s)}\b", text) for s in _surnames(p))
    ]
    if named:
        return named
    if any(u in text for u in keys["units"]):
        return []
    if keys["words"] & case_names(ctx, sent):
        return []
    if keys["place"] and re.search(rf"\b{re.escape(keys['place'])}\b", text):
        return []
    return None


def named_near(ctx: Ctx, cue: StatusCue, names: list[str]) -> list[str]:
    """Of the perpetrators a sentence names, those a cue speaks of: all when there is one name;
    else the one named last before the cue in its sentence ("Ramos was convicted, while Soto was
    acquitted"), or the first after it."""
    if len(names) <= 1:
        return list(names)
    sent = ctx.sents[cue.sent]
    text, base = sent.text, sent.start_char
    pos = {}
    for n in names:
        keys = [n, *_surnames(n)]
        spots = [m.start() + base for k in keys for m in re.finditer(rf"\b{re.escape(k)}\b", text)]
        if spots:
            pos[n] = spots
    before = [(max(p for p in ps if p < cue.start), n) for n, ps in pos.items() if any(p < cue.start for p in ps)]
    if before:
        return [max(before)[1]]
    after = [(min(ps), n) for n, ps in pos.items()]
    return [min(after)[1]] if after else list(names)


_COUNTED = re.compile(r"\b(?:the|these|those|los|las|estos|estas|esos|esas)\s+(\w+)\s+$", re.I)


def refers_to_accused(ctx: Ctx, sent: int) -> bool:
    """The sentence speaks of the accused of an incident told before it: "the accused", "los
    imputados", or a counted force noun, "the six officers", "los 11 marinos"."""
    if modifiers(ctx.lx.nlp, ctx.lang).accused.find(ctx.sents[sent]):
        return True
    sp = ctx.sents[sent]
    for m in ctx.of("force", sent):
        hit = _COUNTED.search(sp.text[: m.start - sp.start_char])
        if hit and (hit.group(1).isdigit() or hit.group(1).lower() in ctx.lx.numbers):
            return True
    return False


def is_partial(ctx: Ctx, sent: int) -> bool:
    return bool(modifiers(ctx.lx.nlp, ctx.lang).partial.find(ctx.sents[sent]))


# --------------------------------------------------------------------------- history


def _by_code() -> dict[str, dict[str, Any]]:
    return vocab.by_code("incident_statuses")


def history(cues: list[StatusCue]) -> list[dict[str, Any]]:
    """The cues as a status history in the order of the text's dates (undated cues after the dated ones before them)."""
    rows = []
    carry = ""
    for c in sorted(cues, key=lambda c: c.start):
        eff = c.date or carry
        carry = max(carry, c.date or "")
        rows.append((eff, c))
    order = {k: int(r["order"]) for k, r in _by_code().items()}
    rows.sort(key=lambda x: (x[0], order.get(x[1].code, 0), x[1].start))
    out, seen = [], set()
    for _eff, c in rows:
        key = (c.code, c.date, tuple(c.perpetrators), c.partial)
        if key in seen:
            continue
        seen.add(key)
        out.append(
            {
                "status": c.code,
                "date": c.date,
                "words": c.words,
                "perpetrators": list(c.perpetrators),
                "partial": c.partial,
            }
        )
    return out


def current(hist: list[dict[str, Any]], perpetrators: list[str]) -> tuple[str, dict[str, str]]:
    """(the incident's status, each named perpetrator's own status) from the ordered history."""
    if not hist:
        return "alleged", {}
    codes = _by_code()
    order = {k: int(r["order"]) for k, r in codes.items()}
    standing = {k: int(r.get("standing") or r["order"]) for k, r in codes.items()}
    process = [h for h in hist if order.get(h["status"], 0) >= order["under_investigation"]]
    per: dict[str, str] = {}
    for h in process:
        for p in h["perpetrators"]:
            per[p] = h["status"]
    if not process:
        return max(hist, key=lambda h: order.get(h["status"], 0))["status"], {}
    everyone = set(perpetrators)

    def partial(h: dict[str, Any]) -> bool:
        return h["partial"] or (bool(h["perpetrators"]) and set(h["perpetrators"]) != everyone)

    full = [h for h in process if not partial(h)]
    last = full[-1] if full else None
    later = process[process.index(last) + 1 :] if last else process
    standing_now = ([last["status"]] if last else []) + [h["status"] for h in later if partial(h)]
    status = max(standing_now, key=lambda s: standing.get(s, 0))
    if per:
        for p in perpetrators:
            per.setdefault(p, last["status"] if last else status)
    return status, per


def _mentions_named(ctx: Ctx, sent: int, names: list[str]) -> list[Mention]:
    return [m for m in ctx.of("person", sent) if m.attrs.get("name") in names]
