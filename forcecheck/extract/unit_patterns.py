"""Units named the way any country's English, French or Spanish press names them, found by the
shape of the name rather than by a gazetteer row for each unit.

A unit name is a head noun from ``vocab/unit_heads.csv`` ("Division", "Brigade", "Command",
"Headquarters", "régiment", "Task Force") with what qualifies it:

* a number before or after it: "82 Division", "3rd Armoured Brigade", "Sector 3",
  "12e régiment d'infanterie", "Brigada 3";
* capitalised qualifiers before it ("Guards Brigade", "Training and Doctrine Command", "Oyo State
  Police Command"), and for the weaker heads ("Headquarters", "College", "Centre", "Division")
  only when a qualifier is a force word ("Defence Headquarters", "National Defence College";
  not "Americas Division" or "Harvard College");
* "Operation <Name> [II]" and task forces are joint operations: ``kind="operation"`` (the SFM
  ``member-of`` kind), every other unit ``kind="unit"``.

Abbreviations defined in the text ("the Multinational Joint Task Force (MNJTF)") are linked to
the long form, and every later use ("MNJTF troops") is a mention of the same unit; a few generic
ones (DHQ, JTF) are in the vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from forcecheck import vocab

from .lexicon import strip_accents

_CAPW = r"[A-ZÁÉÍÓÚÑÈÊÀÂÔÎÇ][\w’'\-\.]*"
_NUM = r"\d{1,4}(?:st|nd|rd|th|e|er|ère|re|ème|eme|°|º|/o|/a|o|a)?"
_ROMAN = r"(?:I{1,3}|IV|VI{0,3}|IX|X{1,2})"
# words that never begin or continue a unit's name on the left
_STOP = frozenset(
    "the a an this that these those its his her their our your my some any all every each no one two three four five six "
    "seven eight nine ten in at on from by with for to into of as and or but when while after before during since "
    "troops soldiers officers men operatives personnel members commander commanders commanding officer chief head "
    "acting former then new general gen goc mr mrs ms dr sir said says according also yesterday today tomorrow last "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december el la los las un una del de en le les des du au aux et "
    # roles and ranks that stand before a unit's name ("Director Army Public Relations", "CP Anti-Fraud Unit")
    "director deputy assistant spokesman spokesperson commandant commissioner inspector minister president governor "
    "chairman secretary gen maj brig col lt capt cpt sgt cpl cp dcp acp aig igp dig csp sp dsp asp insp major colonel "
    "brigadier lieutenant captain sergeant corporal admiral commodore marshal".split()
)


_ES_HEAD = re.compile(
    r"(?<![\w\-])(Fuerza[ \t]+de[ \t]+Tarea(?:[ \t]+Conjunta)?|Fuerzas?[ \t]+de[ \t]+(?:Acciones|Operaciones|Despliegue|Reacción)"
    r"|Brigada|Batallón|Batallon|División|Division|Regimiento|Compañía|Escuadrón|Escuadron|Comando|Agrupación|Agrupamiento"
    r"|Cuerpo|Destacamento|Comandancia|Escuela[ \t]+Militar|Academia[ \t]+Militar|Unidad|Dirección|Grupo|Fuerza|Fuerzas"
    r"|Guardia|Policía|Base[ \t]+Militar|Estación[ \t]+de[ \t]+Policía|Departamento[ \t]+de[ \t]+Policía)(?![\w\-])"
)
_ES_STRONG = frozenset(
    "brigada batallon division regimiento escuadron comando agrupacion agrupamiento destacamento "
    "comandancia fuerza fuerzas policia guardia".split()
)  # Policía/Guardia: a force by itself
_ES_ORDINAL = (
    r"primera|primer|segunda|segundo|tercera|tercer|cuarta|cuarto|quinta|quinto|sexta|sexto|s[eé]ptima|s[eé]ptimo|"
    r"octava|octavo|novena|noveno|d[eé]cima|d[eé]cimo|und[eé]cima|duod[eé]cima|\d{1,3}(?:a|o|ª|º|/a|/o)\.?"
)
# capitalised words that end a Spanish unit's name: a place cue, a month, a verb at a headline's start
_ES_NOT_QUAL = frozenset(
    "en el la los las que por para con sin sobre tras desde hasta segun ante bajo contra entre hacia "
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre "
    "lunes martes miercoles jueves viernes sabado domingo".split()
)


@dataclass(frozen=True)
class Head:
    term: str
    strength: str  # strong, numbered, weak, fr, es, operation
    kind: str  # unit or operation
    classification: str | None


@cache
def _tables() -> tuple[dict[str, Head], frozenset[str], frozenset[str], dict[str, str], re.Pattern, re.Pattern]:
    heads: dict[str, Head] = {}
    modifiers: set[str] = set()
    fr_qual: set[str] = set()
    abbrs: dict[str, str] = {}
    fr_heads: list[str] = []
    for r in vocab.load("unit_heads"):
        st = r["strength"]
        for t in vocab.terms(r["terms"]):
            if st == "modifier":
                modifiers.add(t.lower())
            elif st == "fr_qualifier":
                fr_qual.add(t.lower())
            elif st == "abbr":
                a, _, long = t.partition("=")
                abbrs[a.strip()] = long.strip()
            elif st == "fr":
                fr_heads.append(t)
                heads.setdefault(t.lower(), Head(t, st, r["kind"] or "unit", r["classification"] or None))
            else:
                heads[t] = Head(t, st, r["kind"] or "unit", r["classification"] or None)
    en = sorted((t for t, h in heads.items() if h.strength not in ("fr",)), key=len, reverse=True)
    en_re = re.compile(r"(?<![\w\-])(" + "|".join(re.escape(t).replace(r"\ ", r"[\s\-]+") for t in en) + r")(?![\w\-])")
    fr = sorted(fr_heads, key=len, reverse=True)
    fr_re = re.compile(
        r"(?<![\w])(\d{1,4})\s*(?:e|er|ère|re|ème|eme|°|è|ᵉ)?\s+(" + "|".join(re.escape(t) for t in fr) + r")(?![\w])",
        re.IGNORECASE,
    )
    return heads, frozenset(modifiers), frozenset(fr_qual), abbrs, en_re, fr_re


@dataclass
class Found:
    start: int
    end: int
    name: str
    kind: str
    classification: str | None
    head: str


@lru_cache(maxsize=8)
def _plain(modifiers: frozenset[str]) -> frozenset[str]:
    return frozenset(strip_accents(m) for m in modifiers)


def _has_modifier(words: list[str], modifiers: frozenset[str]) -> bool:
    low = [strip_accents(w).lower().rstrip(".") for w in words]
    mods = _plain(modifiers)
    for i in range(len(low)):
        for n in (1, 2):
            if " ".join(low[i : i + n]) in mods:
                return True
    return False


_TOKEN = re.compile(r"\S+")
_SELF_FORCE = frozenset({"Police", "Army", "Navy", "Air Force", "Guard", "Guards", "Gendarmerie"})


def _left(text: str, hs: int) -> tuple[int, list[str], bool]:
    """Walk left from a head over capitalised qualifiers; stop after a number. Returns the new
    start, the qualifier words (left to right) and whether a number was met."""
    lo = max(0, hs - 120)
    window = text[lo:hs]
    toks = [(m.start() + lo, m.end() + lo, m.group()) for m in _TOKEN.finditer(window)]
    start, number = hs, False
    collected: list[str] = []  # right to left
    pending: list[tuple[int, str]] = []
    for s, e, w in reversed(toks):
        gap = text[e : pending[-1][0] if pending else start]
        if "\n" in gap or (gap and not gap.isspace()):
            break
        if re.search(r"[,;:!?\)\(\"“”]$|['’]s?$", w) or re.search(r"[\(\"“”]", w):
            break
        if re.fullmatch(_NUM, w):
            if not pending:
                start, number = s, True
                collected.append(w)
            break
        if w in ("and", "&", "y", "et") and collected:
            pending.append((s, w))
            continue
        if not re.fullmatch(_CAPW, w) or w.lower().rstrip(".") in _STOP:
            break
        if w.endswith(".") and not re.fullmatch(r"(?:[A-Z]\.)+", w):
            break  # a sentence ends there ("... in the region. Guards Brigade")
        collected.extend(p[1] for p in pending)
        collected.append(w)
        pending = []
        start = s
    words = list(reversed(collected))
    return start, words, number


def find_pattern_units(text: str) -> list[Found]:
    """Unit names found by their shape in ``text`` (character offsets), longest first wins."""
    heads, modifiers, fr_qual, abbrs, en_re, fr_re = _tables()
    found: list[Found] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return not any(a < e and s < b for a, b in taken)

    # named operations: "Operation Lafiya Dole", "Operation Python Dance II"
    for m in re.finditer(
        rf"(?<![\w])(Operation|Operación|Operativo|Opération|Operação)\s+((?:{_CAPW}|{_ROMAN})"
        rf"(?:\s+(?:{_CAPW}|{_ROMAN}|\d+)){{0,3}})",
        text,
    ):
        words = m.group(2).split()
        for i, w in enumerate(words):
            if w.lower().rstrip(".") in _STOP:  # "Operation LAFIYA DOLE Maj Gen X"
                words = words[:i]
                break
            if w.endswith(".") and len(w) > 3:  # a sentence ends there
                words = words[:i] + [w.rstrip(".")]
                break
        if not words or words[0].lower() in _STOP:
            continue
        e = m.start(2) + len(" ".join(words))
        if text[m.start(2) : e] != " ".join(words):
            e = m.start(2) + len(words[0])
            words = words[:1]
        found.append(Found(m.start(), e, text[m.start() : e], "operation", "military", m.group(1)))
        taken.append((m.start(), e))
    # English heads, from the right so that "Army Headquarters Garrison" is one name
    for m in reversed(list(en_re.finditer(text))):
        hs, he = m.start(1), m.end(1)
        if not free(hs, he):
            continue
        term = re.sub(r"[\s\-]+", " ", m.group(1))
        head = heads.get(term) or heads.get(m.group(1))
        if head is None:
            continue
        nxt = re.match(r"[ \t]+([A-Z][\w\-]+)", text[he : he + 30])
        if nxt and nxt.group(1) in heads and heads[nxt.group(1)].strength != "operation":
            continue  # a longer name continues to the right ("Army Headquarters Garrison")
        start, words, number = _left(text, hs)
        end = he
        right = re.match(rf"[ \t]+(?:No\.?\s*)?(\d{{1,4}}|{_ROMAN})(?![\w\-/])", text[he : he + 12])
        if right and not number:
            end, number = he + right.end(), True
        elif head.strength == "weak":
            of = re.match(
                rf"[ \t]+(?:of|for)[ \t]+((?:{_CAPW})(?:[ \t]+(?:and[ \t]+|&[ \t]+)?{_CAPW}){{0,4}})",
                text[he : he + 80],
            )
            if of and of.group(1).split()[0].lower() not in _STOP:
                tail = of.group(1).rstrip(".")
                end = he + of.start(1) + len(tail)
                words = words + tail.split()
        if head.strength == "operation":
            continue
        ok = number
        if not ok and head.kind == "operation" and len(head.term.split()) >= 3:
            ok = True  # "the Joint Task Force", "the Multinational Joint Task Force"
        if not ok and words:
            if head.strength == "strong" or head.term in _SELF_FORCE:
                ok = True
            else:
                ok = _has_modifier(words, modifiers)
        if not ok or not free(start, end):
            continue
        name = text[start:end]
        kind = head.kind
        found.append(Found(start, end, name, kind, head.classification, head.term))
        taken.append((start, end))
    # French numbered units: "12e régiment d'infanterie", "33 Régiment des Commandos Parachutistes"
    for m in fr_re.finditer(text):
        s, e = m.start(), m.end()
        pos = e
        for _ in range(5):
            q = re.match(
                r"[ \t]+(?:d['’]|de[ \t]+l['’]|de[ \t]+la[ \t]+|de[ \t]+|des[ \t]+|du[ \t]+|et[ \t]+)?([\w’'\-]+)",
                text[pos : pos + 40],
            )
            if not q:
                break
            w = q.group(1)
            if strip_accents(w).lower() in _plain(fr_qual) or (w[:1].isupper() and w.lower() not in _STOP):
                pos += q.end()
            else:
                break
        e = pos
        if not free(s, e):
            continue
        found.append(Found(s, e, text[s:e], "unit", "army", m.group(2)))
        taken.append((s, e))
    # Spanish names grow to the right: "Brigada Móvil 15", "Batallón de Infantería No. 15", "Décima Brigada
    # Blindada", "Fuerza de Tarea Conjunta Omega", "Fuerzas de Acciones Especiales"
    for m in _ES_HEAD.finditer(text):
        s, e = m.start(1), m.end(1)
        head = re.sub(r"\s+", " ", m.group(1))
        pre = re.search(rf"(?<![\w])({_ES_ORDINAL})[ \t]+$", text[max(0, s - 16) : s], re.IGNORECASE)
        if pre:
            s -= len(text[max(0, s - 16) : s]) - pre.start(1)
        quals, number = [], bool(pre)
        pos = e
        for _ in range(8):
            q = re.match(
                rf"[ \t]+(?:(de|del|de la|de los|de las|y|e)[ \t]+)?((?:No\.|Nº|N°|N\.º|número)[ \t]*\d{{1,4}}|\d{{1,4}}"
                rf"(?:-[A-Z])?|{_ROMAN}(?![\w])|[A-ZÁÉÍÓÚÑ][\wáéíóúñü’'\-]+)",
                text[pos : pos + 60],
            )
            if not q:
                break
            w = q.group(2)
            if w.lower() in _STOP and not q.group(1):
                break
            if re.search(r"\d", w) or re.fullmatch(_ROMAN, w):
                number = True
            elif strip_accents(w).lower() in _ES_NOT_QUAL:
                break
            quals.append(w)
            pos += q.end()
        while quals and strip_accents(quals[-1]).lower() in ("de", "del", "y"):
            quals.pop()
        e = pos
        strong = strip_accents(head.split()[0]).lower() in _ES_STRONG
        ok = number or (strong and quals) or (quals and _has_modifier(quals + head.split()[1:], modifiers))
        if not ok or not free(s, e):
            continue
        name = text[s:e].rstrip(".,;")
        e = s + len(name)
        kind = "operation" if head.lower().startswith(("fuerza de tarea", "operación", "operativo")) else "unit"
        found.append(Found(s, e, name, kind, None, head))
        taken.append((s, e))
    # named bodies defined with their abbreviation: "Policía Militar del Orden Público (PMOP)",
    # "Special Anti-Robbery Squad (SARS)", "Agencia Técnica de Investigación Criminal (ATIC)"
    conn = r"(?:de|del|de[ \t]+la|de[ \t]+los|y|of|the|and|for|d['’]|de[ \t]+l['’]|des|du|et)"
    for m in re.finditer(
        rf"(?<![\w\-])({_CAPW}(?:[ \t]+(?:{conn}[ \t]+)?{_CAPW}){{1,8}})[ \t]*\(([A-Z][A-Za-z]{{1,9}})\)", text
    ):
        words = m.group(1).split()
        while words and words[0].lower() in _STOP:
            words.pop(0)
        if len(words) < 2 or not _has_modifier(words, modifiers):
            continue
        long = " ".join(words)
        s = m.end(1) - len(long)
        if text[s : m.end(1)] != long or abbreviation_after(text, m.end(1), long) is None or not free(s, m.end(1)):
            continue
        kind = "operation" if "Task Force" in long or long.startswith(("Operation", "Operación")) else "unit"
        found.append(Found(s, m.end(1), long, kind, None, m.group(2)))
        taken.append((s, m.end(1)))
    # generic abbreviations (DHQ, JTF) unless the text defines them otherwise
    for a, long in abbrs.items():
        for m in re.finditer(rf"(?<![\w\-]){re.escape(a)}(?![\w\-])", text):
            if free(m.start(), m.end()):
                kind = "operation" if "Task Force" in long else "unit"
                start, words, number = _left(text, m.start())
                name = long if not words or number else text[start : m.end()]  # "Civilian JTF" as written
                found.append(Found(start if name != long else m.start(), m.end(), name, kind, "military", a))
                taken.append((start, m.end()))
    return sorted(found, key=lambda f: f.start)


def abbreviation_after(text: str, end: int, long: str) -> tuple[str, int, int] | None:
    """ "the Multinational Joint Task Force (MNJTF)": the abbreviation defined right after a name,
    when its letters fit the name (first letters agree, every letter of the abbreviation is an
    initial or a letter of the name in order)."""
    m = re.match(r"[ \t]*[\(\[][ \t]*([A-Z][A-Za-z0-9&\-\.]{1,11})[ \t]*[\)\]]", text[end : end + 20])
    if not m:
        return None
    abbr = m.group(1)
    letters = [c for c in abbr if c.isalpha()]
    words = [w for w in re.split(r"[\s\-]+", strip_accents(long)) if w]
    if not letters or not words:
        return None
    caps = "".join(c for c in strip_accents(long) if c.isalpha()).lower()
    if letters[0].lower() != words[0][0].lower() and letters[0].lower() != (
        words[1][0].lower() if len(words) > 1 else ""
    ):
        return None
    i = 0
    for c in "".join(letters).lower():
        i = caps.find(c, i)
        if i < 0:
            return None
        i += 1
    return abbr, end + m.start(1), end + m.end(1)
