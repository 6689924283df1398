"""Security-force units and non-state armed groups.

Units come from: the institutions and security_forces gazetteers (named bodies: "Navy
Secretariat", "US Marshal Service", "DEA"); templates that need a place ("local police" of a
named town -> "Policía Municipal de <Town>", "Hidalgo County Sheriff" -> "Hidalgo County
Sheriff's Office"); numbered unit types from unit_terms ("102nd Infantry Battalion",
"27 Batallón de Infantería"); squads introduced by a cue ("police squad known as Grupo
Hercules") or named "<X> Unit"; and (English) NER organisations that contain a force word.
Generic force nouns ("soldiers", "policías") become internal ``force`` mentions that give a
perpetrator classification when no unit is named. Criminal groups come from armed_groups.csv
and "X Cartel" / "Cártel de X" patterns.
"""

from __future__ import annotations

import re
from functools import cache

from forcecheck import vocab

from .context import Ctx, Mention
from .lexicon import doc_text, strip_accents
from .unit_patterns import abbreviation_after, find_pattern_units

_CAP = r"[A-ZÁÉÍÓÚÑ][\w’'\-]+"
_QUOTE = "\"“”«»'‘’"
_US = {"us", "u.s.", "american", "united states", "estadounidense", "estadounidenses"}


def _place_after(ctx: Ctx, end_char: int, kinds: tuple[str, ...]) -> Mention | None:
    if doc_text(ctx)[max(0, end_char - 3) : end_char].lower() in (" de", "del"):
        m = re.match(r"\s+", doc_text(ctx)[end_char : end_char + 3])
    else:
        m = re.match(r"\s+(?:of|de|del|in|en)\s+(?:the\s+)?", doc_text(ctx)[end_char : end_char + 12])
    if not m:
        return None
    pos = end_char + m.end()
    for p in ctx.of("place"):
        if p.start == pos and p.attrs["kind"] in kinds:
            return p
    return None


def _place_before(ctx: Ctx, start_char: int, kinds: tuple[str, ...]) -> Mention | None:
    for p in ctx.of("place"):
        if p.attrs["kind"] in kinds and 0 <= start_char - p.end <= 1 and p.end <= start_char:
            return p
    return None


def _place_context(ctx: Ctx, sent: int, kinds: tuple[str, ...], start_char: int) -> Mention | None:
    """The nearest place of the wanted kind before the mention, in this or the previous sentence."""
    cands = [
        p for p in ctx.of("place") if p.attrs["kind"] in kinds and sent - 1 <= p.sent <= sent and p.start < start_char
    ]
    if cands:
        return cands[-1]
    later = [p for p in ctx.of("place") if p.attrs["kind"] in kinds and p.sent == sent and p.start > start_char]
    return later[0] if later else None


_TEMPLATE_KINDS = {"town": ("city",), "state": ("state",), "county": ("county",)}


def _unit(ctx: Ctx, s: int, e: int, name: str, cls, level, country, **extra) -> Mention | None:
    if ctx.overlaps(s, e, ("unit", "armed_group")):
        return None
    attrs = {
        "name": name,
        "classification": cls,
        "government_level": level,
        "place": extra.pop("place", None),
        "country": country,
    }
    attrs.update(extra)
    attrs.setdefault("kind", "unit")
    return ctx.add("unit", (s, e), attrs)


def _country_qualifier(ctx: Ctx, start_char: int) -> str | None:
    before = doc_text(ctx)[max(0, start_char - 16) : start_char].lower().rstrip()
    for q in _US:
        if before.endswith(q):
            return "us"
    return None


def _alias_name_after(ctx: Ctx, pos: int) -> tuple[int, int] | None:
    m = re.match(rf"\s*[{_QUOTE}]?\s*((?:{_CAP})(?:\s+(?:de\s+|del\s+)?{_CAP})*)", doc_text(ctx)[pos:])
    if not m:
        return None
    return pos + m.start(1), pos + m.end(1)


def _mexican(ctx: Ctx) -> bool:
    """Whether the document is about Mexico (Spanish, or a Mexican place named): only then do
    bare institution words ("the Army", "Federal Police") and unit types take their Mexican
    canonical names."""
    v = ctx.__dict__.get("_fc_mexican")
    if v is None:
        countries = [p.attrs.get("country") for p in ctx.of("place") if p.attrs.get("country")]
        sp = ctx.doc[:]
        countries += [row.get("country") for _d, row in ctx.lx.gz["demonym"].find(sp)]
        other = [c for c in countries if c not in ("mx", "us")]
        v = "mx" in countries or (ctx.lang == "es" and not other)
        ctx.__dict__["_fc_mexican"] = v
    return v


_FORCE_EN = (
    r"(?:[Aa]rmy|[Mm]ilitary|[Pp]olice(?:[ \t]+[Ff]orce|[ \t]+[Ss]ervice)?|[Nn]avy|[Aa]ir[ \t]+[Ff]orce|"
    r"[Aa]rmed[ \t]+[Ff]orces|[Dd]efen[cs]e[ \t]+[Ff]orces|[Gg]endarmerie|[Ss]ecurity[ \t]+[Ff]orces|"
    r"[Cc]oast[ \t]+[Gg]uard|[Nn]ational[ \t]+[Gg]uard|[Mm]arines)"
)
_FORCE_ES = (
    r"(?:Ejército|Policía[ \t]+Nacional|Policía|Armada|Fuerza[ \t]+Aérea|Fuerzas[ \t]+Armadas|Fuerza[ \t]+Naval|"
    r"Guardia[ \t]+Nacional|Marina|Gendarmería|ejército)"
)  # "un policía hondureño" is a person
_FORCE_FR = r"(?:[Ff]orces[ \t]+[Aa]rmées|[Aa]rmée|[Gg]endarmerie|[Pp]olice|[Gg]arde[ \t]+[Nn]ationale|[Aa]rmée[ \t]+de[ \t]+l'air)"
_DEMONYM_SUFFIX = r"(?:[a-zé]+(?:eco|eca|eño|eña|ano|ana|ense|ino|ina|ienne|ien|aise|ais|aine|ain|oise|ois|è|ès))s?"


def _national_forces(ctx: Ctx) -> None:
    """A country's national force named by its country or demonym, in any case: "Kenyan police",
    "Nigeria's military", "Ejército guatemalteco", "Fuerzas Armadas de Honduras", "Forces armées
    maliennes". The name is kept as written; the country when the gazetteer knows it."""
    text = doc_text(ctx)
    ner = {(e.start_char, e.end_char) for e in ctx.doc.ents if e.label_ in ("GPE", "NORP")}
    countries = {}
    for r in vocab.load("places"):
        if r["kind"] == "country":
            for t in [r["name"], *vocab.terms(r["aliases"]), *vocab.terms(r["demonyms"])]:
                countries[strip_accents(t).lower()] = r["code"]
    found = []
    for m in re.finditer(rf"(?<![\w\-])([A-Z][a-zé]+(?:[ \t][A-Z][a-z]+)?)(['’]s)?[ \t]+({_FORCE_EN})(?![\w\-])", text):
        q = m.group(1)
        if (
            strip_accents(q).lower() in countries
            or (m.start(1), m.end(1)) in ner
            or re.fullmatch(r"[A-Z][a-z]+(?:an|ian|ese|i|ish)", q)
        ):
            found.append((m.start(1), m.end(), countries.get(strip_accents(q).lower())))
    for m in re.finditer(
        rf"(?<![\w\-])({_FORCE_ES}|{_FORCE_FR})[ \t]+(?:(?:de|del|du|de la)[ \t]+([A-Z][\w\-]+(?:[ \t][A-Z][\w]+)?)|"
        rf"({_DEMONYM_SUFFIX}))(?![\w\-])",
        text,
    ):
        q = m.group(2) or m.group(3)
        code = countries.get(strip_accents(q).lower())
        if code or (m.group(3) and not m.group(2)):
            found.append((m.start(), m.end(), code))
    for s, e, code in found:
        if code == "mx" or (code is None and _mexican(ctx)) or ctx.overlaps(s, e, ("unit", "armed_group")):
            continue
        name = text[s:e]
        cls = _classification_of(ctx, name) or "military"
        if _unit(ctx, s, e, name, cls, "national", code, kind="unit"):
            ctx.mentions = [
                x
                for x in ctx.mentions
                if not (
                    x.type in ("place", "person") and s <= x.start and x.end <= e and x.attrs.get("kind") != "country"
                )
            ]


def _foreign_qualified(ctx: Ctx, s: int, e: int) -> bool:
    """A Mexican or US place or demonym inside the span ("Guerrero State Police", "Mexican Army"):
    the gazetteer names those."""
    for p in ctx.of("place"):
        if s <= p.start and p.end <= e and p.attrs.get("country") in ("mx", "us"):
            return True
    sp = ctx.doc.char_span(s, e, alignment_mode="expand")
    if sp is None:
        return False
    return any(row.get("country") in ("mx", "us") for _d, row in ctx.lx.gz["demonym"].find(sp))


def _pattern_units(ctx: Ctx, force_hits) -> None:
    """Numbered formations, headquarters, commands, schools, operations (``unit_patterns``)."""
    text = doc_text(ctx)
    spans = [(sp.start_char, sp.end_char) for sp, row in force_hits if not row["generic"]]
    for f in find_pattern_units(text):
        if f.kind != "operation" and _mexican(ctx) and _foreign_qualified(ctx, f.start, f.end):
            continue
        if any(a <= f.start and f.end <= b for a, b in spans):
            continue  # the gazetteer names it ("Mexican Army", "Border Patrol")
        cls = _classification_of(ctx, f.name) or f.classification or "military"
        if f.kind == "operation":
            cls = "military" if cls in ("army", "military") else cls
        if _unit(ctx, f.start, f.end, f.name, cls, None, None, kind=f.kind):
            ctx.mentions = [
                x for x in ctx.mentions if not (x.type in ("place", "person") and f.start <= x.start and x.end <= f.end)
            ]


def _abbreviations(ctx: Ctx) -> None:
    """ "the Multinational Joint Task Force (MNJTF)" ... "MNJTF troops": the defined abbreviation
    is an alias of the long form and each later use a mention of the same unit."""
    text = doc_text(ctx)
    defined: dict[str, Mention] = {}
    for m in sorted(ctx.of("unit"), key=lambda x: x.start):
        hit = abbreviation_after(text, m.end, m.attrs["name"])
        if hit is None:
            continue
        abbr, a_s, a_e = hit
        m.attrs["abbreviation"] = abbr
        m.attrs["aliases"] = sorted(set(m.attrs.get("aliases") or []) | {abbr})
        defined.setdefault(abbr, m)
        ctx.mentions = [
            x for x in ctx.mentions if not (x.type in ("place", "person") and a_s <= x.start and x.end <= a_e)
        ]
        if any(x.type == "unit" and x.start == a_s and x is not m for x in ctx.mentions):
            ctx.mentions = [x for x in ctx.mentions if not (x.type == "unit" and x.start == a_s and x.end == a_e)]
    for abbr, long in defined.items():
        for hit in re.finditer(rf"(?<![\w\-]){re.escape(abbr)}(?![\w\-])", text):
            s, e = hit.span()
            if s <= long.end + 3:
                continue  # the definition itself
            same = [x for x in ctx.mentions if x.type == "unit" and x.start == s and x.end == e]
            for x in same:  # a generic reading ("JTF") gives way to the text's own definition
                x.attrs.update({k: v for k, v in long.attrs.items() if k != "aliases"}, abbreviation=abbr)
            if same:
                continue
            ctx.mentions = [
                x for x in ctx.mentions if not (x.type in ("place", "person") and x.start < e and s < x.end)
            ]
            attrs = dict(long.attrs, aliases=list(long.attrs.get("aliases") or []), abbreviation=abbr)
            if not ctx.overlaps(s, e, ("unit", "armed_group")):
                ctx.add("unit", (s, e), attrs)


def _resolve_bare(ctx: Ctx, s: int, e: int, surface: str) -> dict | None:
    """ "the Army" after "the Nigerian Army", "el Ejército" after "el Ejército de Guatemala": the nearest
    earlier (else the first later) unit whose name ends or, in Spanish and French, begins with it."""
    key = surface.lower()
    before = after = None
    for m in ctx.of("unit"):
        n = m.attrs["name"].lower()
        if n != key and (n.endswith(" " + key) or n.startswith(key + " ")):  # "Nigerian Army"; "Ejército de Guatemala"
            if m.end <= s:
                before = m
            elif after is None:
                after = m
    best = before or after
    return dict(best.attrs) if best else None


def extract_units(ctx: Ctx) -> None:
    doc, lx = ctx.doc, ctx.lx
    _armed_groups(ctx)
    force_hits = lx.gz["force"].find(doc)
    # numbered unit types named the Mexican way ("27 Batallón de Infantería")
    if _mexican(ctx):
        _numbered_mx(ctx)
    _pattern_units(ctx, force_hits)
    _national_forces(ctx)
    squads = _squads(ctx)
    _gazetteer_units(ctx, force_hits, squads)
    # English NER organisations containing a force word
    for ent in doc.ents:
        if ent.label_ != "ORG":
            continue
        cls = _classification_of(ctx, ent.text)
        if not cls or _is_rank_or_role(ctx, ent):
            continue
        t = re.sub(r"^(?:the|The)\s+", "", ent.text)
        if not t[:1].isupper() and not _LOWER_UNIT.search(t):
            continue  # "groupe de défense des droits"; but "la brigade de recherche de la gendarmerie de X"
        s = ent.end_char - len(t)
        _unit(ctx, s, ent.end_char, t, cls, None, _country_qualifier(ctx, s))
    _abbreviations(ctx)
    _drop_places_inside_units(ctx)


_LOWER_UNIT = re.compile(
    r"\b(?:brigade|gendarmerie|régiment|bataillon|compagnie|escadron|police|armée|army|battalion|"
    r"regiment|division|légion|garde)\b",
    re.IGNORECASE,
)


def _is_rank_or_role(ctx: Ctx, ent) -> bool:
    """ "Inspector-General of Police", "Commissioners of Police": a post, not a unit."""
    lead = 1 if ent[0].lower_ == "the" else 0
    body = ent[lead:]
    if not len(body):
        return True
    for key in ("role", "rank"):
        for sp, _row in ctx.lx.gz[key].find(body):
            if sp.start == body.start:
                return True
    return bool(re.match(r"(?:Inspectors?|Commissioners?|Superintendents?)[\s\-]", body.text))


def _drop_places_inside_units(ctx: Ctx) -> None:
    """A word inside a unit's name is not a place ("Americas Division", "Regimiento de Caballería"),
    except the place the unit is of ("Policía Municipal de Iguala"), which the unit records."""
    units = ctx.of("unit")
    keep = []
    for x in ctx.mentions:
        if x.type == "place":
            inside = [
                u for u in units if u.start <= x.start and x.end <= u.end and (u.start, u.end) != (x.start, x.end)
            ]
            if inside and not any(u.attrs.get("place") == x.attrs.get("name") for u in inside):
                if x.attrs.get("kind") in ("state", "country", "county"):
                    for u in inside:
                        u.attrs["place"] = u.attrs.get("place") or x.attrs.get("name")
                continue
        keep.append(x)
    ctx.mentions = keep


def _numbered_mx(ctx: Ctx) -> None:
    doc, text, lx = ctx.doc, doc_text(ctx), ctx.lx
    for sp, row in lx.gz["unit_type"].find(doc):
        n = None
        if sp.start > 0:
            prev = doc[sp.start - 1]
            m = _NUM_BEFORE.search(text, max(0, sp.start_char - 14), sp.start_char)
            if m:  # "27 Batallón", "23/o Batallón", "1/er. Batallón", "43o. Batallón"
                n, s = int(m.group(1)), m.start(1)
            else:  # "XI Región Militar", "Sexta Zona Militar"
                n = _roman(prev.text) or _ordinal_word(ctx, prev.text)
                if n:
                    s = prev.idx
        if n is None:
            m = re.match(r"\s+(?:No\.\s*)?(\d+)\b", text[sp.end_char : sp.end_char + 10])
            if m:
                n, s = int(m.group(1)), sp.start_char
                e = sp.end_char + m.end()
            else:
                continue
        else:
            e = sp.end_char
        label = " ".join(
            w if w in ("de", "del", "la", "el") else w[:1].upper() + w[1:] for w in row["label_es"].split()
        )
        _unit(ctx, s, e, f"{n} {label}", row["classification"], "federal", "mx")


_NUM_BEFORE = re.compile(
    r"(?<![\w/])(\d{1,4})(?:\s*/\s*(?:o|a|er|do|ro|to|vo|no|mo)\.?|o\.|a\.|º|°|er\.?|st|nd|rd|th|\.)?\s+$"
)
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}


def _roman(word: str) -> int | None:
    if not re.fullmatch(r"(?:XL|L?X{0,3})(?:IX|IV|V?I{0,3})", word) or not word:
        return None
    total, prev = 0, 0
    for c in reversed(word):
        v = _ROMAN_VALUES[c]
        total, prev = (total - v, prev) if v < prev else (total + v, v)
    return total or None


def _ordinal_word(ctx: Ctx, word: str) -> int | None:
    w = strip_accents(word).lower()
    if w in ("un", "una", "uno", "dos", "tres") or not word[:1].isupper():
        return None
    n = ctx.lx.numbers.get(w)
    return n if n and n > 0 else None


def _gazetteer_units(ctx: Ctx, force_hits, squads) -> None:
    # gazetteer of bodies and templates
    for sp, row in force_hits:
        s, e = sp.start_char, sp.end_char
        sent = ctx.sent_index(sp.start)
        if any(q[0] <= s and e <= q[1] + 40 and q[2] == sent for q in squads):
            continue  # "local police squad known as Grupo Hercules": the squad is the unit
        if row["generic"]:
            ctx.add("force", sp, {"classification": row["classification"]})
            continue
        if row["country"] == "mx" and not _mexican(ctx):
            # not about Mexico: "the Army" is the army the text is about, not the Mexican one
            if row["template"]:
                ctx.add("force", sp, {"classification": row["classification"]})
                continue
            surface = re.sub(r"^(?:the|The)\s+", "", sp.text)
            s = e - len(surface)
            attrs = _resolve_bare(ctx, s, e, surface)
            if attrs:
                _unit(
                    ctx,
                    s,
                    e,
                    attrs.pop("name"),
                    attrs.pop("classification"),
                    attrs.pop("government_level"),
                    attrs.pop("country"),
                    **{k: v for k, v in attrs.items() if k not in ("aliases", "abbreviation")},
                )
            elif surface[:1].isupper():
                _unit(ctx, s, e, surface, row["classification"], row["government_level"], None, kind="unit")
            else:
                ctx.add("force", sp, {"classification": row["classification"]})
            continue
        if row["template"]:
            kinds = _TEMPLATE_KINDS[row["template"]]
            wide = kinds + (("state",) if row["template"] == "town" else ())
            place = _place_after(ctx, e, wide) or _place_before(ctx, s, wide)
            adjacent = place is not None
            if place is None and not sp.text.lower().endswith(" de"):
                place = _place_context(ctx, sent, kinds, s)
            if place is None:
                ctx.add("force", sp, {"classification": row["classification"]})
                continue
            pname = place.attrs["name"]
            tmpl, level = row["name"], row["government_level"]
            if row["template"] == "town" and place.attrs["kind"] == "state":
                tmpl, level = "Policía Estatal de {place}", "state"
            ms, me = (min(s, place.start), max(e, place.end)) if adjacent else (s, e)
            country = place.attrs.get("country") or row["country"]
            if country == "us" and row.get("name_us"):
                tmpl = row["name_us"]
            _unit(ctx, ms, me, tmpl.format(place=pname), row["classification"], level, country, place=pname)
            continue
        country = _country_qualifier(ctx, s) or row["country"]
        name = row["name"]
        if country != row["country"] and country == "us":
            name = "US " + sp.text
        _unit(ctx, s, e, name, row["classification"], row["government_level"], country)


def _classification_of(ctx: Ctx, phrase: str, anchor: int | None = None) -> str | None:
    """The classification whose term is nearest to ``anchor`` (a position in ``phrase``; default its end)."""
    words = f" {strip_accents(phrase).lower()} "
    anchor = len(words) if anchor is None else anchor + 1
    best = None
    for code, t, key in _classification_terms(ctx.lang):
        if key not in words:
            continue
        for m in re.finditer(re.escape(key), words):
            d = min(abs(m.start() - anchor), abs(m.end() - anchor))
            if best is None or (d, -len(t)) < best[0]:
                best = ((d, -len(t)), code)
    return best[1] if best else None


@cache
def _classification_terms(lang: str) -> tuple[tuple[str, str, str], ...]:
    """(code, term, " normalised term ") of unit_classifications, built once per language."""
    out = []
    for r in vocab.load("unit_classifications"):
        for t in vocab.terms(r.get(f"terms_{lang}") or "") + vocab.terms(r.get("terms_en") or ""):
            out.append((r["code"], t, f" {strip_accents(t).lower()} "))
    return tuple(out)


def _squads(ctx: Ctx) -> list[tuple[int, int, int]]:
    """Named squads: "<force words> (squad|unit) known as X", "the X Unit", "Grupo X"."""
    doc, text = ctx.doc, doc_text(ctx)
    found = []
    for sp, row in ctx.lx.gz["extraction_cues"].find(doc):
        if row["code"] not in ("squad_cue", "alias_cue"):
            continue
        rng = _alias_name_after(ctx, sp.end_char)
        if not rng:
            continue
        sent = ctx.sent_index(sp.start)
        head = text[ctx.sents[sent].start_char : sp.start_char]
        window = head[-60:]
        cls = _classification_of(ctx, window)
        if row["code"] == "alias_cue" and not (
            cls and re.search(r"(squad|unit|group|team|force|escuadr|grupo|unidad|célula)\W*$", window, re.I)
        ):
            continue
        level = "municipal" if re.search(r"\b(local|municipal|municipales)\b", window, re.I) else None
        place = _place_context(ctx, sent, ("state", "city"), sp.start_char)
        m = _unit(
            ctx,
            rng[0],
            rng[1],
            text[rng[0] : rng[1]],
            cls or "police",
            level,
            None,
            place=place.attrs["name"] if place else None,
        )
        if m:
            found.append((ctx.sents[sent].start_char + max(0, len(head) - 60), rng[1], sent))
    heads = [
        r
        for r in vocab.load("extraction_cues")
        if r["code"] in ("unit_head_suffix", "unit_head_prefix") and r["lang"] == ctx.lang
    ]
    for r in heads:
        for t in vocab.terms(r["terms"]):
            pat = (
                rf"\b((?:{_CAP}\s+)+){re.escape(t)}\b"
                if r["code"] == "unit_head_suffix"
                else rf"\b{re.escape(t)}\s+(?:{_CAP})(?:\s+{_CAP})*"
            )
            for m in re.finditer(pat, text):
                s = m.start(1) if r["code"] == "unit_head_suffix" else m.start()
                name = text[s : m.end()]
                if name.split()[0] in ("The", "El", "La", "Los"):
                    continue
                sent = ctx.sent_index(doc.char_span(s, m.end(), alignment_mode="expand").start)
                lo = max(ctx.sents[sent].start_char, s - 80)
                cls = _classification_of(ctx, text[m.end() : m.end() + 80], 0) or _classification_of(ctx, text[lo:s])
                if _unit(ctx, s, m.end(), name, cls, None, None):
                    ctx.mentions = [
                        x for x in ctx.mentions if not (x.type == "place" and s <= x.start and x.end <= m.end())
                    ]
    return found


def _armed_groups(ctx: Ctx) -> None:
    doc, text = ctx.doc, doc_text(ctx)
    for sp, row in ctx.lx.gz["armed_group"].find(doc):
        ctx.add("armed_group", sp, {"name": row["name"]})
    for pat in (
        rf"\b((?:{_CAP}\s+){{1,3}})[Cc]artel\b",
        rf"\b[Cc][áa]rtel\s+(?:de(?:l| los| la)?\s+)?{_CAP}(?:\s+{_CAP})*",
    ):
        for m in re.finditer(pat, text):
            s, e = m.start(), m.end()
            words = text[s:e].split()
            if words[0] in ("The", "El", "La", "Los") or ctx.overlaps(s, e, ("armed_group",)):
                continue
            ctx.add("armed_group", (s, e), {"name": text[s:e]})
