"""Incidents: a sentence with violation words (vocab violation_types) becomes an incident with
its perpetrators (units, persons, armed groups, or a classification from a generic force noun),
victims (count and who), place, date and status (the most advanced cue of vocab
incident_statuses; 'alleged' when there is none).

Context: a date, place or unit missing from the sentence comes from the previous sentence; the
following sentence continues the incident when it refers back to it ("the attack", "this
account") or, within the same paragraph, carries a status cue without violation words of its
own ("We categorically deny"); a status in the next paragraph without a reference back is
another story, not this incident's.
A sentence needs at least two of perpetrator, victims, date and a sub-national place to count
as an incident, so that "corruption runs rampant" does not."""

from __future__ import annotations

import re
from collections import defaultdict

from forcecheck import vocab

from .context import Ctx, Mention

_PLACE_RANK = {"city": 0, "county": 1, "state": 2, "other": 3, "country": 9}


def _victim_regex(ctx: Ctx) -> re.Pattern:
    rows = [r for r in vocab.load("victim_nouns") if r["lang"] == ctx.lang]
    get = lambda code: sorted((t for r in rows if r["code"] == code for t in vocab.terms(r["terms"])), key=len, reverse=True)
    nouns = "|".join(re.escape(t) for t in get("victim"))
    quant = "|".join(re.escape(t) for t in get("quantifier"))
    vague = "|".join(re.escape(t) for t in get("vague"))
    nums = "|".join(re.escape(w) for w in sorted(ctx.lx.numbers, key=len, reverse=True) if w.isalpha())
    return re.compile(
        rf"\b(?:(?P<q>{quant})\s+)?(?:(?P<vague>{vague})|(?P<num>\d[\d,.]*|{nums}))\s+(?:the\s+|los\s+|las\s+)?"
        rf"(?:[\w\-’']+\s+){{0,4}}?(?P<noun>{nouns})\b",
        re.I,
    )


def _count(ctx: Ctx, m: re.Match) -> int | None:
    num = m.group("num")
    if not num:
        return None
    if num[0].isdigit():
        try:
            return int(re.sub(r"[,.]", "", num))
        except ValueError:
            return None
    v = ctx.lx.numbers.get(num.lower())
    return v or None


def _victims(ctx: Ctx, i: int, hits) -> tuple[dict | None, tuple[int, int] | None]:
    sent = ctx.sents[i]
    text = sent.text
    best = None
    centre = hits[0][0].start_char - sent.start_char
    rx = _victim_regex(ctx)
    pos = 0
    while True:
        m = rx.search(text, pos)
        if m is None:
            break
        pos = m.end()
        s, e = sent.start_char + m.start(), sent.start_char + m.end()
        if m.group("num") and ctx.overlaps(sent.start_char + m.start("num"), sent.start_char + m.end("num"), ("date", "money")):
            pos = m.end("num")
            continue  # "2014 desapareció un grupo de estudiantes": a year is not a count
        # perpetrators are not victims
        if any(u.start < e and s < u.end for u in ctx.mentions if u.type in ("unit", "force") and u.sent == i):
            continue
        score = abs(m.start() - centre)
        if ctx.parsed:
            span = ctx.doc.char_span(s, e, alignment_mode="expand")
            root = span.root if span is not None else None
            if root is not None and root.dep_ in ("nsubjpass", "dobj", "pobj", "obj"):
                score -= 1000
        if best is None or score < best[0]:
            best = (score, m, s, e)
    if best is None:
        return _victims_from_parse(ctx, i, hits)
    _, m, s, e = best
    desc = ctx.doc.text[s:e]
    return {"count": _count(ctx, m), "description": desc}, (s, e)


def _victims_from_parse(ctx: Ctx, i: int, hits) -> tuple[dict | None, tuple[int, int] | None]:
    """English: the patient of the violation word ("the killing of the unarmed teenager Michael
    Brown", "wounding a girl") when it names people (a victim noun or a person)."""
    if not ctx.parsed:
        return None, None
    nouns = {t.lower() for r in vocab.load("victim_nouns") if r["code"] == "victim" and r["lang"] == ctx.lang for t in vocab.terms(r["terms"])}
    persons = [p for p in ctx.of("person", i)]
    for sp, _row in hits:
        tok = sp.root
        cands = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                cands += [c for c in prep.children if c.dep_ == "pobj"]
        for c in cands:
            sub = [t for t in c.subtree]
            s, e = sub[0].idx, sub[-1].idx + len(sub[-1])
            is_person = any(p.start >= s and p.end <= e for p in persons)
            if c.lower_ in nouns or is_person:
                count = None
                for ch in c.children:
                    if ch.dep_ == "nummod":
                        count = ctx.lx.numbers.get(ch.lower_) or (int(ch.text.replace(",", "")) if ch.text.replace(",", "").isdigit() else None)
                if count is None and (c.tag_ in ("NN", "NNP") or is_person):
                    count = 1
                return {"count": count, "description": ctx.doc.text[s:e]}, (s, e)
    return None, None


def _is_source(ctx: Ctx, m: Mention) -> bool:
    """"According to George Grayson", "según Jesús Murillo": the person reports, not perpetrates."""
    before = ctx.doc.char_span(max(0, m.start - 20), m.start, alignment_mode="contract")
    if before is None:
        return False
    return any(row["code"] == "source_cue" and m.start - sp.end_char <= 1 for sp, row in ctx.lx.gz["extraction_cues"].find(before))


def _status(ctx: Ctx, cues) -> str | None:
    best = None
    for _sp, row in cues:
        if best is None or int(row["order"]) > int(best["order"]):
            best = row
    return best["code"] if best else None


def _best_place(places: list[Mention], anchor: int) -> Mention | None:
    if not places:
        return None
    return sorted(places, key=lambda p: (_PLACE_RANK.get(p.attrs["kind"], 5), abs(p.start - anchor)))[0]


def extract_incidents(ctx: Ctx) -> None:
    doc, lx = ctx.doc, ctx.lx
    viol = defaultdict(list)
    for sp, row in lx.gz["violation"].find(doc):
        viol[ctx.sent_index(sp.start)].append((sp, row))
    status = defaultdict(list)
    for sp, row in lx.gz["status"].find(doc):
        status[ctx.sent_index(sp.start)].append((sp, row))
    anaphora = set()
    for sp, row in lx.gz["extraction_cues"].find(doc):
        if row["code"] == "incident_anaphora":
            anaphora.add(ctx.sent_index(sp.start))
    last = None
    for i in sorted(viol):
        hits = viol[i]
        codes, words = [], []
        for sp, row in hits:
            if row["code"] not in codes:
                codes.append(row["code"])
            words.append(sp.text)
        victims, vspan = _victims(ctx, i, hits)

        def outside(m: Mention) -> bool:
            return vspan is None or not (vspan[0] <= m.start and m.end <= vspan[1])

        units = [m for m in ctx.of("unit", i) if outside(m)]
        persons = [m for m in ctx.of("person", i) if outside(m) and not _is_source(ctx, m)]
        groups = ctx.of("armed_group", i)
        forces = ctx.of("force", i)
        dates = ctx.of("date", i)
        places = [p for p in ctx.of("place", i) if p.attrs["kind"] != "country" and outside(p)]
        cues = list(status[i])
        prev = i - 1
        if prev >= 0:
            if not dates:
                dates = ctx.of("date", prev)
            if not places:
                places = [p for p in ctx.of("place", prev) if p.attrs["kind"] != "country"]
            if not units and not persons and not forces:
                units = ctx.of("unit", prev)
        nxt = i + 1
        if nxt < len(ctx.sents) and nxt not in viol and (nxt in anaphora or (status.get(nxt) and ctx.same_paragraph(i, nxt))):
            cues += status.get(nxt, [])
            if nxt in anaphora:
                units += [u for u in ctx.of("unit", nxt) if u.attrs["name"] not in {x.attrs["name"] for x in units}]
                persons += ctx.of("person", nxt)
                groups += ctx.of("armed_group", nxt)
                forces += ctx.of("force", nxt)
        if i in anaphora and not (units or persons or groups or forces) and last is not None:
            units = [m for m in ctx.mentions if m.type == "unit" and m.attrs["name"] in last["perpetrator_units"]][:len(last["perpetrator_units"])]
            groups = [m for m in ctx.mentions if m.type == "armed_group" and m.attrs["name"] in last["perpetrator_groups"]][:1]
        perp = bool(units or persons or groups or forces)
        named = bool(units or persons)
        place = _best_place(places, hits[0][0].start_char)
        evidence = sum([perp, victims is not None, bool(dates), place is not None])
        derogatory_only = all(r.get("category") == "derogatory" for _s, r in hits)
        gvhr_by_force = bool(forces) and any(bool(r.get("gvhr")) for _s, r in hits)
        if not named and not gvhr_by_force and (evidence < 2 or derogatory_only):
            continue
        cls = None
        if units:
            cls = units[0].attrs.get("classification")
        elif forces:
            cls = forces[0].attrs.get("classification")
        date = next((d for d in dates if d.attrs.get("value")), None)
        sent = ctx.sents[i]
        attrs = {
            "violation_types": codes,
            "source_words": words,
            "perpetrator_units": list(dict.fromkeys(u.attrs["name"] for u in units)),
            "perpetrator_persons": list(dict.fromkeys(p.attrs["name"] for p in persons)),
            "perpetrator_groups": list(dict.fromkeys(g.attrs["name"] for g in groups)),
            "perpetrator_classification": cls,
            "victims": victims or {"count": None, "description": None},
            "place": place.attrs["name"] if place else None,
            "date": date.attrs["value"] if date else None,
            "date_approx": bool(date.attrs.get("approx")) if date else None,
            "status": _status(ctx, cues) or "alleged",
            "gvhr": any(bool(r.get("gvhr")) for _s, r in hits),
        }
        lead = len(sent.text) - len(sent.text.lstrip())
        trail = len(sent.text) - len(sent.text.rstrip())
        ctx.add("incident", (sent.start_char + lead, sent.end_char - trail), attrs)
        last = attrs
