"""Postings: a role (roles.csv) held by a person, named or not, in a unit or place.

"former Hidalgo County Sheriff Lupe Treviño" -> person Lupe Treviño, role Sheriff, unit
Hidalgo County Sheriff's Office, place Hidalgo County, status former; "the mayor of
Matamoros" -> person null; "el entonces presidente municipal de Iguala, José Luis Abarca";
"the local mayor" -> the town from the context."""

from __future__ import annotations

import re

from .context import Ctx, Mention
from .lexicon import doc_text


def _former(ctx: Ctx, start_char: int) -> bool:
    before = ctx.doc.char_span(max(0, start_char - 40), start_char, alignment_mode="contract")
    if before is None:
        return False
    for sp, row in ctx.lx.gz["extraction_cues"].find(before):
        if row["code"] == "former" and start_char - sp.end_char <= 30:
            gap = doc_text(ctx)[sp.end_char : start_char]
            if not re.search(r"[,.;]", gap):
                return True
    return bool(re.search(r"\b(?:ex|former)[-\s]?$", doc_text(ctx)[max(0, start_char - 8) : start_char], re.I))


def _mention_at(ctx: Ctx, types: tuple[str, ...], start: int, end: int) -> Mention | None:
    for m in ctx.mentions:
        if m.type in types and m.start >= start and m.start <= end:
            return m
    return None


def extract_postings(ctx: Ctx) -> None:
    extract_command_clauses(ctx)
    _role_postings(ctx)
    extract_rank_memberships(ctx)


def _role_postings(ctx: Ctx) -> None:
    text = doc_text(ctx)
    for sp, row in ctx.lx.gz["role"].find(ctx.doc):
        s, e = sp.start_char, sp.end_char
        sent = ctx.sent_index(sp.start)
        sent_end = ctx.sents[sent].end_char
        role = row["label_es"] if ctx.lang == "es" else row["label_en"]
        place = unit = person = None
        # place or unit before the role: "Hidalgo County Sheriff", "Mexican Attorney General"
        for m in ctx.mentions:
            if m.type == "unit" and m.start <= s and e <= m.end:
                unit = m.attrs["name"]
                place = m.attrs.get("place") or place
            if m.type in ("place", "unit") and m.sent == sent and 0 <= s - m.end <= 1:
                if m.type == "place":
                    place = m.attrs["name"]
                else:
                    unit = m.attrs["name"]
        if place is None:
            dem = ctx.doc.char_span(max(0, s - 20), s, alignment_mode="contract")
            if dem is not None:
                for d, drow in ctx.lx.gz["demonym"].find(dem):
                    if 0 <= s - d.end_char <= 1:
                        place = drow["name"]
        # "of Matamoros", "de Iguala", "of the Sinaloa Cartel"
        after = re.match(
            r"\s+(?:of|de|del|in|en|at|du|des)\s+(?:the\s+|la\s+|las\s+|los\s+|el\s+|le\s+|l['’])?", text[e : e + 14]
        )
        end_of_role = e
        right = re.match(r"[ \t]*,?[ \t]+", text[e : e + 4])
        nxt = _mention_at(ctx, ("unit",), e + right.end(), e + right.end()) if right and not after else None
        if nxt is not None and unit is None:
            unit, end_of_role = nxt.attrs["name"], nxt.end  # "the GOC 7 Division", "Theatre Commander, Operation X"
            place = nxt.attrs.get("place") or place
        elif after:
            m = _mention_at(ctx, ("place", "unit"), e + after.end(), e + after.end())
            if m is not None:
                if m.type == "place":
                    place = m.attrs["name"]
                else:
                    unit = m.attrs["name"]
                end_of_role = m.end
            else:
                cap = re.match(r"([A-ZÁÉÍÓÚÑ][\w’'\-]+(?:\s+[A-ZÁÉÍÓÚÑ][\w’'\-]+)*)", text[e + after.end() :])
                if cap and not ctx.overlaps(e + after.end(), e + after.end() + cap.end(), ("person", "armed_group")):
                    ps, pe = e + after.end(), e + after.end() + cap.end()
                    ctx.mentions = [x for x in ctx.mentions if not (x.type == "place" and x.start < pe and ps < x.end)]
                    pm = ctx.add("place", (ps, pe), {"name": cap.group(1), "kind": "city"})
                    place, end_of_role = pm.attrs["name"], pe
        if place is None and unit is None and re.search(r"\b(local|municipal)\s*$", text[max(0, s - 12) : s], re.I):
            cands = [
                p for p in ctx.of("place") if p.attrs["kind"] == "city" and sent - 2 <= p.sent <= sent and p.start < s
            ]
            p = cands[-1] if cands else None
            if p is not None:
                place = p.attrs["name"]
        if unit is None and row.get("unit_template") == "{national_force}":
            unit = _national_force(ctx, "army")  # "the Chief of Army Staff": the army the text is about
        if place is None and unit is None:
            continue  # "the president" alone says too little
        # the person: right after the role ("Sheriff Lupe Treviño") or after a comma ("de Iguala, José Luis Abarca")
        for p in ctx.of("person", sent):
            gap = text[end_of_role : p.start]
            rank = p.attrs.get("rank") or ""
            if rank and gap.rstrip().endswith(rank):
                gap = gap.rstrip()[: -len(rank)]
            if p.start >= end_of_role and p.start < sent_end and re.fullmatch(r"\s*,?\s*(?:the\s+)?", gap):
                person = p
                break
        if person is None:
            for p in ctx.of("person", sent):
                if p.end <= s and re.fullmatch(r",\s*(?:the\s+|a\s+|el\s+|la\s+)?(?:\w+\s+){0,2}", text[p.end : s]):
                    person = p  # "Felipe Flores, director de seguridad pública"
        if unit is None and row.get("unit_template") and place:
            unit = row["unit_template"].format(place=place)
        attrs = {
            "person": person.attrs["name"] if person else None,
            "role": row["code"],
            "title": role,
            "unit": unit,
            "place": place,
            "status": "former" if _former(ctx, s) else "current",
            "is_commander": bool(row["is_commander"]),
            "rank": person.attrs.get("rank") if person else None,
        }
        for m in ctx.mentions:
            if (
                m.type in ("place", "unit")
                and m.sent == sent
                and m.start < s
                and m.end >= s - 1
                and m.attrs.get("name") in (place, unit)
            ):
                s = min(s, m.start)
        if _former(ctx, s):
            fm = re.search(r"(?:\b(?:former|then|ex|entonces|otrora)[-\s]+)$", text[max(0, s - 12) : s], re.I)
            if fm:
                s = s - (len(text[max(0, s - 12) : s]) - fm.start())
        if person is not None:
            person.attrs["title"] = person.attrs.get("title") or role
            start, end = min(s, person.start), max(end_of_role, person.end)
        else:
            start, end = s, end_of_role
        # the visible span starts at "former" when there is one
        ctx.add("posting", (start, end), attrs)
        if (
            unit
            and row.get("unit_template")
            and "{place}" in row["unit_template"]
            and not ctx.overlaps(s, e, ("unit",))
        ):
            ctx.add(
                "unit",
                (start if person is None else s, e if place is None else max(e, s)),
                {
                    "name": unit,
                    "classification": "police",
                    "government_level": "municipal",
                    "place": place,
                    "country": None,
                },
            )


_COMMANDS = re.compile(
    r",?\s+(?:who|which)\s+(?:now\s+|then\s+|currently\s+)?(commands|commanded|heads|headed|leads|led|"
    r"is in charge of|was in charge of|manda|dirige|dirigía|comanda|comandaba|commande|commandait)\s+"
    r"(?:the\s+|el\s+|la\s+|le\s+)?"
)


_NATIONAL = re.compile(
    r"\b(?:army|military|armed forces|defen[cs]e forces|ejército|fuerzas armadas|armée|forces armées)\b", re.I
)
_NATIONAL_POLICE = re.compile(r"\b(?:police|policía|gendarmerie|gendarmería)\b", re.I)


def _national_force(ctx: Ctx, kind: str) -> str | None:
    """The national army (or police) the text is about: the only such unit named in it."""
    rx = _NATIONAL if kind == "army" else _NATIONAL_POLICE
    names = []
    for u in ctx.of("unit"):
        n = u.attrs["name"]
        if u.attrs.get("kind") == "operation" or re.search(r"\d", n) or not rx.search(n):
            continue
        if len(n.split()) <= 4 and n not in names:
            names.append(n)
    return names[0] if len(names) == 1 else None


_MEMBER_KINDS = {"military_rank": "army", "naval_rank": "army", "police_rank": "police"}


def extract_rank_memberships(ctx: Ctx) -> None:
    """A person named with a military or police rank and no posting is a member of the text's
    national army or police, when the text names exactly one ("Maj-Gen Adeniyi Oyebade" in an
    article about the Nigerian Army): a posting with role ``member``."""
    from forcecheck import vocab

    kinds = {r["code"]: r["kind"] for r in vocab.load("ranks")}
    posted = {p.attrs.get("person") for p in ctx.of("posting")}
    done = set()
    for p in ctx.of("person"):
        name, code = p.attrs.get("name"), p.attrs.get("rank_code")
        if not code or name in posted or name in done:
            continue
        kind = _MEMBER_KINDS.get(kinds.get(code, ""))
        unit = _national_force(ctx, kind) if kind else None
        if unit is None:
            continue
        done.add(name)
        ctx.add(
            "posting",
            (p.start, p.end),
            {
                "person": name,
                "role": "member",
                "title": p.attrs.get("rank"),
                "unit": unit,
                "place": None,
                "status": "current",
                "is_commander": False,
                "rank": p.attrs.get("rank"),
            },
        )


_OF_UNIT = re.compile(
    r",?[ \t]+(?:of|from|de|del|de[ \t]+la|du|de[ \t]+l['’])[ \t]+(?:the[ \t]+|la[ \t]+|el[ \t]+|las[ \t]+|los[ \t]+|le[ \t]+)?"
)


def extract_command_clauses(ctx: Ctx) -> None:
    """ "Brig Gen John Smith, who commands 3 Brigade": a posting of the person in the unit."""
    text = doc_text(ctx)
    for p in ctx.of("person"):
        m = _COMMANDS.match(text, p.end)
        if not m:
            of = _OF_UNIT.match(text, p.end) if p.attrs.get("rank_code") else None
            u = _mention_at(ctx, ("unit",), of.end(), of.end()) if of else None
            if u is not None:  # "Captain John Doe of the 3rd Battalion", "el coronel X, del 27 Batallón"
                ctx.add(
                    "posting",
                    (p.start, u.end),
                    {
                        "person": p.attrs["name"],
                        "role": "member",
                        "title": p.attrs.get("rank"),
                        "unit": u.attrs["name"],
                        "place": u.attrs.get("place"),
                        "status": "current",
                        "is_commander": False,
                        "rank": p.attrs.get("rank"),
                    },
                )
            continue
        u = _mention_at(ctx, ("unit",), m.end(), m.end())
        if u is None:
            continue
        former = m.group(1) in ("commanded", "headed", "led", "was in charge of", "dirigía", "comandaba", "commandait")
        ctx.add(
            "posting",
            (p.start, u.end),
            {
                "person": p.attrs["name"],
                "role": "commander",
                "title": "Commander",
                "unit": u.attrs["name"],
                "place": u.attrs.get("place"),
                "status": "former" if former else "current",
                "is_commander": True,
                "rank": p.attrs.get("rank"),
            },
        )
