"""Incidents: a sentence with violation words (vocab violation_types) becomes an incident with
its perpetrators (units, persons, armed groups, or a classification from a generic force noun),
victims (count and who), place, date and status.

Roles before perpetrators (``roles.py``): every person and unit named with the incident gets a
role from the text; only perpetrators go to ``perpetrator_persons`` / ``perpetrator_units``, the
others (victims, witnesses, defenders, journalists, judges and prosecutors, officials and other
sources speaking) to ``persons_involved``: ``[{"name", "kind": person|unit, "role", "evidence"}]``.
Units named as joint operations (unit ``kind`` operation) are also listed in
``perpetrator_operations``.

Statuses (``statuses.py``): cues read with negation, modality and demands, attached across
sentences to the incident they speak of, per perpetrator; ``status_history`` lists them in the
order of the text's dates (``[{"status", "date", "words", "perpetrators", "partial"}]``),
``status`` is the latest step of the justice process ('alleged' when there is none) and
``perpetrator_statuses`` maps each named perpetrator to their own status when the text tells
them apart.

Context: a date, place or unit missing from the sentence comes from the previous sentence; the
following sentence continues the incident when it refers back to it ("the attack", "this
account"); a sentence whose only violation words refer back ("an investigation into the
killings") is the incident before it spoken of again, not a new one.
A sentence needs at least two of perpetrator, victims, date and a sub-national place to count
as an incident, so that "corruption runs rampant" does not."""

from __future__ import annotations

import re
from collections import defaultdict

from forcecheck import vocab

from . import roles, statuses
from .context import Ctx, Mention

_PLACE_RANK = {"city": 0, "county": 1, "state": 2, "other": 3, "country": 9}


def _victim_regex(ctx: Ctx) -> re.Pattern:
    rows = [r for r in vocab.load("victim_nouns") if r["lang"] == ctx.lang]

    def get(code: str) -> list[str]:
        return sorted((t for r in rows if r["code"] == code for t in vocab.terms(r["terms"])), key=len, reverse=True)

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
        if m.group("num") and ctx.overlaps(
            sent.start_char + m.start("num"), sent.start_char + m.end("num"), ("date", "money")
        ):
            pos = m.end("num")
            continue  # "2014 desapareció un grupo de estudiantes": a year is not a count
        # perpetrators are not victims
        if any(u.start < e and s < u.end for u in ctx.mentions if u.type in ("unit", "force") and u.sent == i):
            pos = m.start() + 1  # "Six police officers killed three students": try "three students"
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
    desc = text[s - sent.start_char : e - sent.start_char]
    return {"count": _count(ctx, m), "description": desc}, (s, e)


def _victims_from_parse(ctx: Ctx, i: int, hits) -> tuple[dict | None, tuple[int, int] | None]:
    """English: the patient of the violation word ("the killing of the unarmed teenager Michael
    Brown", "wounding a girl") when it names people (a victim noun or a person)."""
    if not ctx.parsed:
        return None, None
    nouns = {
        t.lower()
        for r in vocab.load("victim_nouns")
        if r["code"] == "victim" and r["lang"] == ctx.lang
        for t in vocab.terms(r["terms"])
    }
    persons = [p for p in ctx.of("person", i)]
    for sp, _row in hits:
        tok = sp.root
        cands = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                cands += [c for c in prep.children if c.dep_ == "pobj"]
        for c in cands:
            drop = {
                t.i
                for ch in c.children
                if ch.dep_ in ("prep", "relcl", "acl") and ch.lower_ != "of"
                for t in ch.subtree
            }
            sub = [t for t in c.subtree if t.i not in drop]
            s, e = sub[0].idx, sub[-1].idx + len(sub[-1])
            is_person = any(p.start >= s and p.end <= e for p in persons)
            if c.lower_ in nouns or is_person:
                count = None
                for ch in c.children:
                    if ch.dep_ == "nummod":
                        count = ctx.lx.numbers.get(ch.lower_) or (
                            int(ch.text.replace(",", "")) if ch.text.replace(",", "").isdigit() else None
                        )
                if count is None and (c.tag_ in ("NN", "NNP") or is_person):
                    count = 1
                st = ctx.sents[i]
                return {"count": count, "description": st.text[s - st.start_char : e - st.start_char]}, (s, e)
    return None, None


def _is_source(ctx: Ctx, m: Mention) -> bool:
    """ "According to George Grayson", "según Jesús Murillo": the person reports, not perpetrates."""
    before = ctx.doc.char_span(max(0, m.start - 20), m.start, alignment_mode="contract")
    if before is None:
        return False
    return any(
        row["code"] == "source_cue" and m.start - sp.end_char <= 1
        for sp, row in ctx.lx.gz["extraction_cues"].find(before)
    )


def _best_place(places: list[Mention], anchor: int) -> Mention | None:
    if not places:
        return None
    return sorted(places, key=lambda p: (_PLACE_RANK.get(p.attrs["kind"], 5), abs(p.start - anchor)))[0]


def _roles(
    ctx: Ctx,
    i: int,
    hits,
    persons: list[Mention],
    units: list[Mention],
    victims_persons: list[Mention],
    status_tokens: dict[int, str],
) -> tuple[list[Mention], list[Mention], list[dict]]:
    """Split the persons and units of an incident by role: (perpetrator persons, perpetrator units,
    everyone else with their role, for the reviewer)."""
    viol_tokens = [ctx.doc[sp.start] if len(sp) == 1 else sp.root for sp, _row in hits]
    perp_p, perp_u, involved = [], [], []
    for m in victims_persons:
        involved.append(
            {"name": m.attrs["name"], "kind": "person", "role": "victim", "evidence": "named among the victims"}
        )
    prev: tuple[Mention, str, str] | None = None
    for m in sorted(persons, key=lambda x: x.start):
        role, why = roles.person_role(ctx, m, viol_tokens if m.sent == i else [], status_tokens)
        if role == "perpetrator" and _is_source(ctx, m):
            role, why = "source", "according to"
        if role == "perpetrator" and prev is not None and prev[1] != "perpetrator" and _coordinated(ctx, prev[0], m):
            role, why = prev[1], f"listed with {prev[0].attrs['name']}"  # "las víctimas ... X, de 23 años, y Y"
        if role == "perpetrator" and m.sent != i and not roles.is_agent(ctx, m):
            role, why = "mentioned", "named in the next sentence, not as the one who acted"
        prev = (m, role, why)
        if role == "perpetrator":
            perp_p.append(m)
        else:
            involved.append({"name": m.attrs["name"], "kind": "person", "role": role, "evidence": why})
    for m in units:
        role, why = roles.unit_role(ctx, m, viol_tokens if m.sent == i else [], status_tokens)
        if role == "perpetrator":
            perp_u.append(m)
        else:
            involved.append({"name": m.attrs["name"], "kind": "unit", "role": role, "evidence": why})
    seen, out = set(), []
    for row in involved:
        key = (row["name"], row["kind"])
        if key not in seen and not any(p.attrs["name"] == row["name"] for p in perp_p + perp_u):
            seen.add(key)
            out.append(row)
    return perp_p, perp_u, out


_LIST_GLUE = re.compile(
    r"^[\s,;]*(?:(?:de|aged|age)?\s*\d+\s*(?:años|years old|years)?[\s,;]*)?(?:y|e|and|,)?\s*$", re.I
)


def _coordinated(ctx: Ctx, a: Mention, b: Mention) -> bool:
    """``b`` follows ``a`` in one list ("X, de 23 años, y Y", "X and Y")."""
    if a.sent != b.sent or a.end > b.start:
        return False
    st = ctx.sents[a.sent]
    between = st.text[a.end - st.start_char : b.start - st.start_char]
    return len(between) <= 30 and bool(_LIST_GLUE.match(between))


def _refers_back(ctx: Ctx, j: int, anaphora: set[int], attrs: dict) -> bool:
    """Sentence ``j`` refers back to an incident: "the attack", "the six officers" (a force noun of
    the incident's kind), "they"."""
    if j in anaphora:
        return True
    cls = attrs.get("perpetrator_classification")
    if cls and any(m.attrs.get("classification") == cls for m in ctx.of("force", j) + ctx.of("unit", j)):
        return True
    return False


def extract_incidents(ctx: Ctx) -> None:
    doc, lx = ctx.doc, ctx.lx
    viol = defaultdict(list)
    for sp, row in lx.gz["violation"].find(doc):
        viol[ctx.sent_index(sp.start)].append((sp, row))
    cues_by_sent = defaultdict(list)
    for c in statuses.status_cues(ctx):
        cues_by_sent[c.sent].append(c)
    status_tokens = {c.tok: c.code for cs in cues_by_sent.values() for c in cs}
    anaphora = set()
    ana_spans = []
    for sp, row in lx.gz["extraction_cues"].find(doc):
        if row["code"] == "incident_anaphora":
            anaphora.add(ctx.sent_index(sp.start))
            ana_spans.append((sp.start_char, sp.end_char))
    last = None
    found: list[tuple[int, dict, list]] = []  # (sentence, attrs, status cues)
    for i in sorted(viol):
        hits = viol[i]
        if (
            found
            and all(any(a <= sp.start_char and sp.end_char <= b for a, b in ana_spans) for sp, _r in hits)
            and (ctx.same_paragraph(found[-1][0], i) or i - found[-1][0] == 1)
        ):
            # "an investigation into the killings": the incident before, spoken of again
            found[-1][2].extend(cues_by_sent.get(i, []))
            continue
        codes, words = [], []
        for sp, row in hits:
            if row["code"] not in codes:
                codes.append(row["code"])
            words.append(sp.text)
        victims, vspan = _victims(ctx, i, hits)

        def outside(m: Mention, vspan: tuple[int, int] | None = vspan) -> bool:
            return vspan is None or not (vspan[0] <= m.start and m.end <= vspan[1])

        units = [m for m in ctx.of("unit", i) if outside(m)]
        persons = [m for m in ctx.of("person", i) if outside(m)]
        victim_persons = [m for m in ctx.of("person", i) if not outside(m)]
        groups = ctx.of("armed_group", i)
        forces = ctx.of("force", i)
        dates = ctx.of("date", i)
        places = [p for p in ctx.of("place", i) if p.attrs["kind"] != "country" and outside(p)]
        cues = list(cues_by_sent.get(i, []))
        prev = i - 1
        if prev >= 0:
            if not dates and ctx.same_paragraph(prev, i):  # a date never leaks into the next paragraph (issue 9)
                dates = ctx.of("date", prev)
            if not places:
                places = [p for p in ctx.of("place", prev) if p.attrs["kind"] != "country"]
            if not units and not persons and not forces:
                units = ctx.of("unit", prev)
        nxt = i + 1
        if nxt < len(ctx.sents) and nxt not in viol and nxt in anaphora:
            units += [u for u in ctx.of("unit", nxt) if u.attrs["name"] not in {x.attrs["name"] for x in units}]
            persons += ctx.of("person", nxt)
            groups += ctx.of("armed_group", nxt)
            forces += ctx.of("force", nxt)
        persons, units, involved = _roles(ctx, i, hits, persons, units, victim_persons, status_tokens)
        if i in anaphora and not (units or persons or groups or forces) and last is not None:
            units = [m for m in ctx.mentions if m.type == "unit" and m.attrs["name"] in last["perpetrator_units"]][
                : len(last["perpetrator_units"])
            ]
            groups = [
                m for m in ctx.mentions if m.type == "armed_group" and m.attrs["name"] in last["perpetrator_groups"]
            ][:1]
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
            "perpetrator_operations": list(
                dict.fromkeys(u.attrs["name"] for u in units if u.attrs.get("kind") == "operation")
            ),
            "persons_involved": involved,
            "victims": victims or {"count": None, "description": None},
            "place": place.attrs["name"] if place else None,
            "date": date.attrs["value"] if date else None,
            "date_approx": bool(date.attrs.get("approx")) if date else None,
            "status": "alleged",
            "gvhr": any(bool(r.get("gvhr")) for _s, r in hits),
        }
        lead = len(sent.text) - len(sent.text.lstrip())
        trail = len(sent.text) - len(sent.text.rstrip())
        ctx.add("incident", (sent.start_char + lead, sent.end_char - trail), attrs)
        found.append((i, attrs, cues))
        last = attrs
    _attach_statuses(ctx, viol, cues_by_sent, anaphora, found)


def _attach_statuses(ctx: Ctx, viol, cues_by_sent, anaphora: set[int], found: list[tuple[int, dict, list]]) -> None:
    """Status cues outside the incidents' sentences join the incident they speak of; then each
    incident's status history, status and per-perpetrator statuses (see ``statuses``)."""
    if not found:
        return
    keys = []
    for i, attrs, _cues in found:
        words = {t.text for t in ctx.sents[i] if t.text[:1].isupper() and t.is_alpha}
        keys.append(
            {
                "persons": attrs["perpetrator_persons"],
                "units": attrs["perpetrator_units"],
                "place": attrs["place"],
                "words": words,
            }
        )
    starts = [i for i, _a, _c in found]
    incident_sents = set(starts)
    for j in sorted(cues_by_sent):
        if j in incident_sents:
            continue
        cues = cues_by_sent[j]
        before = [k for k, i in enumerate(starts) if i < j]
        target, named = None, None
        # by name: the nearest incident before (else after) whose perpetrators, unit, case or place it names
        for k in sorted(range(len(found)), key=lambda k: (starts[k] > j, abs(starts[k] - j))):
            hit = statuses.refers_by_name(ctx, j, keys[k])
            if hit is not None:
                target, named = k, hit
                break
        if target is None and before:
            k = before[-1]
            i = starts[k]
            between_incident = any(i < x < j for x in incident_sents)
            # the same paragraph; "the attack" (a reference back); "the six officers were convicted", "los
            # imputados" (the accused), even in a later paragraph
            if not between_incident and (
                ctx.same_paragraph(i, j) or j in anaphora or statuses.refers_to_accused(ctx, j)
            ):
                target = k
        if target is None and not before and _refers_back(ctx, j, anaphora, found[0][1]):
            target = 0  # a lead sentence: "four former soldiers were sentenced" before the story of the massacre
        if target is None:
            continue
        partial = statuses.is_partial(ctx, j)
        for c in cues:
            c.perpetrators = statuses.named_near(ctx, c, named or [])
            c.partial = partial
            found[target][2].append(c)
    for i, attrs, cues in found:
        own = [c for c in cues if c.sent == i]
        if len({c.code for c in own}) > 1 and len(attrs["perpetrator_persons"]) > 1:
            for c in own:  # "Ramos was convicted and Soto acquitted" in the incident's own sentence
                c.perpetrators = statuses.named_near(ctx, c, attrs["perpetrator_persons"])
        for c in own:
            if not c.perpetrators:
                c.partial = c.partial or statuses.is_partial(ctx, i)
        for c in cues:
            if c.date and c.date == attrs["date"]:
                c.date = (
                    None  # the incident's own date, not the date of the step ("allegedly murdered ... in November")
                )
        hist = statuses.history(cues)
        status, per = statuses.current(hist, attrs["perpetrator_persons"])
        attrs["status"] = status
        attrs["status_history"] = hist
        if per:
            attrs["perpetrator_statuses"] = per
