"""Persons: the English NER's PERSON entities, or (Spanish, and as a supplement) capitalised
name sequences that start with a known given name or follow a title; Spanish name parts
(given names, paternal and maternal surname, particles); nicknames introduced by a cue
("better known as “El Chapo”", "apodado El Chilango") become aliases of the nearest
preceding person and every later use of the nickname resolves to that person; a lone
surname resolves to the full name already seen in the document."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from forcecheck import vocab
from forcecheck.names import name_parts

from .context import Ctx, Mention
from .lexicon import doc_text, strip_accents

_W = r"[A-ZÁÉÍÓÚÑ][a-záéíóúñü’'\-]+"
_PARTICLE = r"(?:de\s+la|de\s+las|de\s+los|del|de|y)"
_NAME_SEQ = re.compile(rf"{_W}(?:\s+(?:{_PARTICLE}\s+)?{_W})+")
_QUOTE = "\"“”«»'‘’"
_PARTICLE_SET = frozenset("de da das do dos del di bin ibn van von al el le la du ben abu y".split())
# words that end a name after a rank ("Col. Usman Said", "Gen. Irabor The")
_STOPWORDS = frozenset(
    "the a an and or but said says told added in at on of for to from with by as who which that this his her their "
    "el la los las y en de del que quien dijo afirmo le les et du des qui a dit "
    "division brigade battalion regiment command headquarters army navy police force forces task operation".split()
)


def split_name(lx, name: str) -> dict:
    """Given names, paternal and maternal surname by the one person-name analyser
    (``forcecheck.names``); a lone word in running text is taken for a surname ("Guzmán said")."""
    out = {"name": name, **name_parts(name)}
    if not any(out[k] for k in ("given_names", "paternal_surname")) and len(name.split()) == 1:
        out["paternal_surname"] = name
    return out


_WEAK_RANKS = frozenset(
    "director dir secretary secretario subsecretario officer agent agente oficial policía policia chief jefe deputy "
    "private soldado soldat commander comandante commissioner comisario commissaire inspector insp major mayor general "
    "captain sheriff alguacil commandant superintendent brigadier cap delegado agente".split()
)
_NAME_WORD = (
    r"(?:[A-Z]\.\s?){0,3}[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ’'\-]+|[A-Z]\.|[A-ZÀ-ÖØ-Þ]{3,}(?![a-z])"
    r"|[A-Z](?=[ \t]+[A-Z][a-z])"
)
_PARTICLE_ANY = r"(?:de|da|das|do|dos|del|di|bin|ibn|van|von|al|el|le|la|du|ben|abu)"
_RETIRED = r"[ \t]*\([ \t]*(?:rtd|retd|Rtd|Retd|RTD|retired|Retired)\.?[ \t]*\)"


@cache
def _rank_regex() -> tuple[re.Pattern, dict[str, dict]]:
    """Every rank variant of ranks.csv as a pattern tolerant of the press's punctuation
    ("Maj.-Gen.", "Maj Gen", "Maj. Gen."); full words also match in lower case ("el coronel")."""
    alts: dict[str, dict] = {}
    for r in vocab.load("ranks"):
        if r["kind"] not in ("military_rank", "naval_rank", "police_rank"):
            continue
        for v in vocab.terms(r["variants"]):
            chunks = [c for c in re.split(r"[\s.\-–/]+", v) if c]
            if not chunks:
                continue
            pat = r"[\s.\-–/]*".join(re.escape(c) for c in chunks) + r"\.?"
            alts.setdefault(pat, r)
            if len(chunks[0]) > 3 and not v.isupper() and "." not in v:
                low = r"[\s.\-–/]*".join(re.escape(c.lower()) for c in chunks)
                alts.setdefault(low, r)
    order = sorted(alts, key=len, reverse=True)
    rx = re.compile(r"(?<![\w.\-])(" + "|".join(order) + r")(?![\w\-])")
    return rx, alts


@lru_cache(maxsize=4096)
def _rank_row(rank_text: str) -> dict | None:
    _rx, alts = _rank_regex()
    for pat, row in alts.items():
        if re.fullmatch(pat, rank_text):
            return row
    return None


def _ranked_persons(ctx: Ctx) -> None:
    """ "Maj.-Gen. Lucky Irabor", "Brig Gen John Smith", "DCP Frank Mba", "Col. (rtd) Peter Okafor":
    a rank before a capitalised name; the rank is kept as a feature and the name without it."""
    text = doc_text(ctx)
    rx, _alts = _rank_regex()
    ner = [(e.start_char, e.end_char) for e in ctx.doc.ents if e.label_ in ("PERSON", "PER")]
    for m in rx.finditer(text):
        rs, re_ = m.span(1)
        pos = re_
        retired = False
        r = re.match(_RETIRED, text[pos : pos + 16])
        if r:
            retired, pos = True, pos + r.end()
        sep = r"[ \t]*,?[ \t]+" if len(m.group(1).split()) >= 2 or "-" in m.group(1) else r"[ \t]+"
        nm = re.match(
            rf"{sep}((?:{_NAME_WORD})(?:[ \t]+(?:{_PARTICLE_ANY}[ \t]+)?(?:{_NAME_WORD})){{0,3}})", text[pos : pos + 90]
        )
        if not nm:
            continue
        words = nm.group(1).split()
        if _rank_row(words[0].rstrip(".,")) is not None or _rank_row(words[0]) is not None:
            continue  # "army chief Gen Tukur Buratai": the next rank is the one
        cut = []
        for w in words:
            poss = re.search(r"['’]s?$", w)
            if poss and len(w) > 3:  # "Mohammed's actions": the name ends there
                cut.append(w[: poss.start()])
                break
            bare = w.rstrip(".,")
            if strip_accents(bare).lower() in _STOPWORDS or _rank_row(bare) is not None and cut:
                break
            cut.append(w)
        while cut and (cut[-1].lower() in _PARTICLE_SET or re.fullmatch(r"[A-Z]\.?", cut[-1])):
            cut.pop()
        if not cut or (len(cut) == 1 and cut[0].isupper()):
            continue  # "CP ICT", "CP INTERPOL": a post's acronym, not a name
        ns = pos + nm.start(1)
        ne = ns + len(" ".join(cut)) if text[ns : ns + len(" ".join(cut))] == " ".join(cut) else ns + len(cut[0])
        if text[ne - 1] == "." and len(cut[-1]) > 2:
            ne -= 1  # a sentence ends after the name
        name = text[ns:ne]
        rank_text = m.group(1)
        row = _rank_row(rank_text)
        weak = strip_accents(re.sub(r"[.\s]+$", "", rank_text)).lower() in _WEAK_RANKS
        if weak:
            first = strip_accents(name.split()[0]).lower()
            if not (any(a < ne and ns < b for a, b in ner) or first in ctx.lx.given_names):
                continue
        if ctx.overlaps(ns, ne, ("person", "unit", "armed_group")):
            continue
        ctx.mentions = [x for x in ctx.mentions if not (x.type == "place" and x.start < ne and ns < x.end)]
        ctx.mentions = [x for x in ctx.mentions if not (x.type == "place" and x.start < re_ and rs < x.end)]
        after = re.match(_RETIRED, text[ne : ne + 16])
        attrs = split_name(ctx.lx, name)
        attrs["aliases"] = []
        attrs["title"] = None
        attrs["rank"] = rank_text
        attrs["rank_code"] = row["code"] if row else None
        if retired or after:
            attrs["retired"] = True
        ctx.add("person", (ns, ne), attrs)


def _titled_persons(ctx: Ctx) -> None:
    """ "President Buhari", "Governor Babagana Zulum": a capitalised role used as a title before a
    name, which the English NER often labels as a place or an organisation."""
    text = doc_text(ctx)
    for sp, row in ctx.lx.gz["role"].find(ctx.doc):
        if not sp.text[:1].isupper():
            continue
        nm = re.match(
            rf"[ \t]+((?:{_NAME_WORD})(?:[ \t]+(?:{_PARTICLE_ANY}[ \t]+)?(?:{_NAME_WORD})){{0,3}})",
            text[sp.end_char : sp.end_char + 90],
        )
        if not nm:
            continue
        cut = []
        for w in nm.group(1).split():
            poss = re.search(r"['’]s?$", w)
            if poss and len(w) > 3:
                cut.append(w[: poss.start()])
                break
            bare = w.rstrip(".,")
            low = strip_accents(bare).lower()
            if low in _STOPWORDS or _rank_row(bare) is not None or low in _UNIT_WORDS:
                break
            cut.append(w)
        while cut and (cut[-1].lower() in _PARTICLE_SET or re.fullmatch(r"[A-Z]\.?", cut[-1])):
            cut.pop()
        if not cut or cut[0].isupper():
            continue
        ns = sp.end_char + nm.start(1)
        joined = " ".join(cut)
        if text[ns : ns + len(joined)] != joined:
            continue
        ne = ns + len(joined)
        if text[ne - 1] == ".":
            ne -= 1
        name = text[ns:ne]
        if strip_accents(name).lower() in ctx.lx.place_by_norm or ctx.overlaps(
            ns, ne, ("person", "unit", "armed_group")
        ):
            continue
        if any(
            x.type == "place" and x.start < ne and ns < x.end and strip_accents(x.text).lower() in ctx.lx.place_by_norm
            for x in ctx.mentions
        ):
            continue
        ctx.mentions = [x for x in ctx.mentions if not (x.type == "place" and x.start < ne and ns < x.end)]
        attrs = split_name(ctx.lx, name)
        attrs.update(aliases=[], title=row["label_es"] if ctx.lang == "es" else row["label_en"], rank=None)
        ctx.add("person", (ns, ne), attrs)


_APPOS_NAME = (
    r"([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ’'\-]+(?:[ \t]+(?:(?:de|del|delos|dela|de los|van|von|bin|ibn|al|da|dos)[ \t]+)?"
    r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ’'\-]+){1,3})(?![\w])"
)
_APPOSITIVE = re.compile(
    r"\b(?:\d{1,3}-year-old|aged[ \t]+\d{1,3},?|named|identified[ \t]+as|a[ \t]+(?:man|woman|boy|girl)[ \t]+called|"
    r"(?:his|her|their|the)[ \t]+(?:client|son|daughter|wife|husband|brother|sister|father|mother|driver|lawyer|"
    r"colleague|friend|cousin|uncle|nephew|niece|neighbour|neighbor|widow)[ \t]*,)[ \t]+" + _APPOS_NAME
)


def _appositive_persons(ctx: Ctx) -> None:
    """English press introduces victims and relatives by apposition, often with names the NER
    misses: "17-year-old Kian delos Santos", "his client, Josephat Mwenda;", "identified as X Y"."""
    if ctx.lang != "en":
        return
    text = doc_text(ctx)
    for m in _APPOSITIVE.finditer(text):
        ns, ne = m.span(1)
        words = m.group(1).split()
        if strip_accents(words[-1]).lower() in _STOPWORDS or ctx.overlaps(ns, ne, ("person", "unit", "armed_group")):
            continue
        if any(
            x.type == "place" and x.start < ne and ns < x.end and strip_accents(x.text).lower() in ctx.lx.place_by_norm
            for x in ctx.mentions
        ):
            continue
        ctx.mentions = [x for x in ctx.mentions if not (x.type == "place" and x.start < ne and ns < x.end)]
        attrs = split_name(ctx.lx, m.group(1))
        attrs.update(aliases=[], title=None, rank=None)
        ctx.add("person", (ns, ne), attrs)


def _title_before(ctx: Ctx, start_char: int) -> tuple[str | None, str | None]:
    """A role or rank word right before a name: ("Sheriff", None) or (None, "Coronel")."""
    before = ctx.doc.char_span(max(0, start_char - 40), start_char, alignment_mode="contract")
    if before is None or not len(before):
        return None, None
    title = rank = None
    for sp, row in ctx.lx.gz["role"].find(before):
        if start_char - sp.end_char <= 1:
            title = row[f"label_{ctx.lang}"] if ctx.lang == "es" else row["label_en"]
    roles = [sp for sp, _r in ctx.lx.gz["role"].find(before)]
    for sp, _row in ctx.lx.gz["rank"].find(before):
        if start_char - sp.end_char <= 1 and not any(r.start < sp.end and sp.start < r.end for r in roles):
            rank = sp.text
    return title, rank


def _plausible_per(ctx: Ctx, t: str) -> bool:
    """A Spanish-model PER span that reads as a personal name: two to six capitalised words (or
    particles), none of them a unit, force or place word."""
    words = t.split()
    if not 2 <= len(words) <= 6 or any(w.isupper() and len(w) > 1 for w in words):
        return False
    if not all(w[:1].isupper() or w.lower() in _PARTICLE_SET for w in words):
        return False
    low = {strip_accents(w).lower() for w in words}
    return not (low & _UNIT_WORDS) and not any(strip_accents(w).lower() in ctx.lx.place_by_norm for w in words)


_GROUP_AFTER = re.compile(
    r"[ \t]+(?:insurgents|terrorists|militants|fighters|sect|gunmen|militia|militiamen|rebels|"
    r"jihadists|members|commanders|elements|group|cartel|faction)\b"
)
_GROUP_BEFORE = re.compile(
    r"\b(?:members|member|fighters|militants|insurgents|leader|leaders|commanders|factions?|"
    r"wing|cells?) of (?:the )?$"
)
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|near|around|outside|inside|en|à)[ \t]+$")
_PLACE_NOUN_AFTER = re.compile(r"[ \t]+(?:city|town|state|village|area|county|district|province|region|local)\b", re.I)
_UNIT_WORDS = frozenset(
    "batallon brigada regimiento zona region militar ejercito marina policia guardia nacional secretaria fiscalia "
    "procuraduria infanteria caballeria artilleria defensa seguridad comision derechos humanos juzgado tribunal "
    "escuela normal rural universidad gobierno estado municipio federal estatal municipal operativo operacion".split()
)


def _person(ctx: Ctx, s: int, e: int, name: str | None = None, **extra) -> Mention | None:
    if ctx.overlaps(s, e, ("person", "place", "unit", "armed_group")):
        return None
    text = doc_text(ctx)[s:e]
    attrs = split_name(ctx.lx, name or text)
    attrs["aliases"] = []
    attrs["title"], attrs["rank"] = _title_before(ctx, s)
    attrs.update(extra)
    return ctx.add("person", (s, e), attrs)


def _clean_ent(ctx: Ctx, s: int, e: int) -> tuple[int, int]:
    text = doc_text(ctx)
    for suf in ("’s", "'s", "’", "'"):
        if text[s:e].endswith(suf):
            e -= len(suf)
    # leading role/rank words inside the entity ("Sheriff Lupe Treviño")
    sp = ctx.doc.char_span(s, e, alignment_mode="expand")
    if sp is not None:
        for key in ("role", "rank"):
            for m, _row in ctx.lx.gz[key].find(sp):
                if m.start_char == s and m.end_char < e:
                    s = m.end_char + 1
    return s, e


def extract_persons(ctx: Ctx) -> None:
    doc, text = ctx.doc, doc_text(ctx)
    _ranked_persons(ctx)
    _titled_persons(ctx)
    _appositive_persons(ctx)
    singles: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "PER"):
            continue
        s, e = _clean_ent(ctx, ent.start_char, ent.end_char)
        t = text[s:e]
        if "\n" in t:  # an entity across a line break ("Gyallesu Zaria\n•")
            e = s + t.index("\n")
            t = text[s:e].rstrip(" •·-–—|")
            e = s + len(t)
        if not t or not t[:1].isupper():
            continue
        if any(not (w[:1].isupper() or w.lower() in _PARTICLE_SET) for w in t.split()):
            continue  # "L'armée de ce": a name's words are capitalised
        if _GROUP_AFTER.match(text, e) or _GROUP_BEFORE.search(text, max(0, s - 40), s):
            continue  # "Boko Haram insurgents", "members of Boko Haram": a group, not a person
        if _LOCATIVE_BEFORE.search(text, max(0, s - 12), s) and not re.match(r"['’]s?\b", text[e : e + 2]):
            continue  # "the base in Gyallesu Zaria": a place the NER took for a person
        if ent.label_ == "PER" and not _plausible_per(ctx, t):
            continue  # the Spanish model's PER is looser than the English PERSON
        sp = doc.char_span(s, e, alignment_mode="expand")
        if sp is not None and any(m.end_char == e for m, _ in ctx.lx.gz["role"].find(sp)):
            continue  # "Hidalgo County Sheriff" is a post, not a person
        if len(t.split()) == 1:
            singles.append((s, e))
            continue
        _person(ctx, s, e)
    # capitalised sequences (the Spanish person finder; in English it catches what NER missed
    # only when a title precedes the name)
    for m in _NAME_SEQ.finditer(text):
        s, e = m.start(), m.end()
        words = m.group().split()
        first = strip_accents(words[0]).lower()
        prev = text[max(0, s - 2) : s]
        if re.search(r"[A-Za-zÁÉÍÓÚÑáéíóúñ]\s$", prev) and re.search(rf"{_W}\s$", text[max(0, s - 30) : s]):
            continue  # inside a longer capitalised phrase ("Normal Rural Raúl Isidro Burgos")
        title, rank = _title_before(ctx, s)
        if first not in ctx.lx.given_names and not (title or rank):
            continue
        if ctx.lang == "en" and not (title or rank) and ctx.parsed:
            continue  # the NER has had its say
        # cut trailing words that belong to other mentions ("José Luis Abarca Velázquez" stays whole)
        _person(ctx, s, e)
    _nicknames(ctx)
    # lone surnames / nicknames resolve to a full name seen in the document
    full = {}
    for p in ctx.of("person"):
        for key in ("paternal_surname", "maternal_surname"):
            v = p.attrs.get(key)
            if v:
                full.setdefault(strip_accents(v).lower(), p)
    people = ctx.of("person")
    for p in people:
        words = p.attrs["name"].split()
        for q in people:
            qw = q.attrs["name"].split()
            if len(qw) > len(words) and qw[-len(words) :] == words:
                keep = {k: p.attrs.get(k) for k in ("title", "rank")}
                p.attrs = dict(q.attrs, aliases=list(q.attrs.get("aliases", [])))
                p.attrs.update({k: v for k, v in keep.items() if v})
                break
    for s, e in singles:
        w = strip_accents(text[s:e]).lower()
        p = full.get(w)
        if ctx.overlaps(s, e, ("person", "place", "unit", "armed_group")):
            continue
        title, rank = _title_before(ctx, s)
        if p is not None:
            attrs = dict(p.attrs)
            attrs["title"], attrs["rank"] = title, rank
            ctx.add("person", (s, e), attrs)
        elif title or rank:  # "President Buhari": a titled surname is a person even when named once
            attrs = split_name(ctx.lx, text[s:e])
            attrs.update(aliases=[], title=title, rank=rank)
            ctx.add("person", (s, e), attrs)
    _places_that_are_surnames(ctx)
    _resolve_single_words(ctx)


def _places_that_are_surnames(ctx: Ctx) -> None:
    """ "Mwenda suffered torture" after "Josephat Mwenda": a one-word place the NER found that is
    the surname of a person named in the text (and no gazetteer place) is that person."""
    text = doc_text(ctx)
    surnames: dict[str, Mention] = {}
    for p in ctx.of("person"):
        words = p.attrs["name"].split()
        if len(words) > 1:
            surnames.setdefault(strip_accents(words[-1]).lower(), p)
    if not surnames:
        return
    for x in list(ctx.of("place")):
        key = strip_accents(x.text).lower()
        if " " in x.text or key in ctx.lx.place_by_norm or key not in surnames:
            continue
        if _LOCATIVE_BEFORE.search(text, max(0, x.start - 12), x.start) or _PLACE_NOUN_AFTER.match(text, x.end):
            continue  # "in Zaria city": a place after all
        ctx.mentions.remove(x)
        q = surnames[key]
        ctx.add(
            "person", (x.start, x.end), dict(q.attrs, aliases=list(q.attrs.get("aliases", [])), title=None, rank=None)
        )


def _resolve_single_words(ctx: Ctx) -> None:
    """ "Major General Ahmadu" after "Major General Ahmadu Mohammed": a one-word name that is a
    word of exactly one longer name in the document is that person."""
    fulls: dict[str, set[str]] = {}
    by_name = {}
    for p in ctx.of("person"):
        words = p.attrs["name"].split()
        if len(words) > 1:
            by_name[p.attrs["name"]] = p
            for w in words:
                fulls.setdefault(strip_accents(w).lower(), set()).add(p.attrs["name"])
    for p in ctx.of("person"):
        words = p.attrs["name"].split()
        if len(words) != 1:
            continue
        cands = fulls.get(strip_accents(words[0]).lower(), set())
        if len(cands) == 1:
            q = by_name[next(iter(cands))]
            keep = {k: p.attrs.get(k) for k in ("title", "rank", "rank_code", "retired") if p.attrs.get(k)}
            p.attrs = dict(q.attrs, aliases=list(q.attrs.get("aliases", [])))
            for k in ("title", "rank", "rank_code", "retired"):
                p.attrs.pop(k, None)
            p.attrs.update(keep)


def _nicknames(ctx: Ctx) -> None:
    doc, text = ctx.doc, doc_text(ctx)
    aliases: list[tuple[str, Mention]] = []
    for sp, row in ctx.lx.gz["extraction_cues"].find(doc):
        if row["code"] != "alias_cue":
            continue
        m = re.match(rf"\s*[{_QUOTE}]?\s*((?:(?:El|La|Los|Las|The)\s+)?{_W}(?:\s+{_W})*)", text[sp.end_char :])
        if not m:
            continue
        sent = ctx.sent_index(sp.start)
        owners = [p for p in ctx.of("person", sent) if p.end <= sp.start_char]
        if not owners:
            continue
        owner = owners[-1]
        alias = m.group(1)
        if ctx.overlaps(sp.end_char + m.start(1), sp.end_char + m.end(1), ("unit", "armed_group")):
            continue
        owner.attrs["aliases"] = sorted(set(owner.attrs.get("aliases", [])) | {alias})
        aliases.append((alias, owner))
    for alias, owner in aliases:
        for v in {alias, re.sub(r"^(El|La|Los|Las|The)\s+", "", alias)}:
            for m in re.finditer(rf"(?<![\w]){re.escape(v)}(?![\w])", text):
                if ctx.overlaps(m.start(), m.end(), ("person", "unit", "armed_group")):
                    continue
                ctx.mentions = [
                    x for x in ctx.mentions if not (x.type == "place" and x.start < m.end() and m.start() < x.end)
                ]
                attrs = dict(owner.attrs)
                attrs["aliases"] = list(owner.attrs["aliases"])
                attrs["title"] = attrs["rank"] = None
                ctx.add("person", (m.start(), m.end()), attrs)
        # the full-name mentions of the owner carry the alias too
        for p in ctx.of("person"):
            if p.attrs.get("name") == owner.attrs["name"]:
                p.attrs["aliases"] = sorted(set(p.attrs.get("aliases", [])) | {alias})
