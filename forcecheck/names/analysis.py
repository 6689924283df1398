"""Take a person's name apart: the one analyser used by the importers, the extractor and the matcher.

``analyze_person(name)`` splits a name into given names and surnames (Spanish naming: given
names, paternal and maternal surname; OFAC order ``SURNAMES, Given names``), strips ranks and
titles (kept as codes), nicknames ("El Chapo", quoted, "alias ..."), particles (de, del, de la,
y, al, bin), expands written abbreviations ("Ma." -> María, "Fco." -> Francisco), reads runs of
initials ("CO Egemole", "J.C. Juncker") and folds accents and scripts (normality).

Each token keeps the original words it came from, so ``PersonName.parts()`` gives the display
strings the store keeps (``given_names``, ``paternal_surname``, ``maternal_surname``, particles
included: 'de la Cruz').
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from normality import ascii_text

from . import lexicon
from .normalize import norm

_QUOTED = re.compile(r"[\"“”«»]([^\"“”«»]{2,40})[\"“”«»]|(?<![A-Za-zÀ-ÿ])'([^']{2,40})'(?![A-Za-zÀ-ÿ])")
_ALIAS_MARK = re.compile(
    r"\s*(?:\(a\)|\ba\.?\s?k\.?\s?a\b\.?|\balias\b|\bapodado\b|\b(?:el|la) apodo\b|\bf\.?k\.?a\b\.?)\s*[:\-]?\s*", re.I
)
_PAREN = re.compile(r"\(([^()]*)\)")
NICK_ARTICLES = ("el", "la", "los", "las")
_VOWELS = set("aeiouy")


@dataclass(frozen=True)
class Word:
    """One normalised token and the original word it came from."""

    tok: str
    orig: str
    piece: int  # index of the original whitespace-separated word (hyphenated words give several tokens)
    dotted: bool = False
    upper: bool = False
    particle: str = ""  # particles written before it ('de la' for 'de la Cruz')


@dataclass(frozen=True)
class PersonName:
    """A person's name taken apart. ``given`` and ``surnames`` hold normalised tokens (ASCII, lower
    case, particles removed, abbreviations expanded); ``order_known`` is True when the source said
    which is which ('SURNAMES, Given'); ``titles`` are rank/title codes from vocab/ranks.csv;
    ``aliases`` are nicknames ('chapo'); ``initials`` are the positions in ``tokens`` read as initials."""

    original: str
    given: tuple[str, ...] = ()
    surnames: tuple[str, ...] = ()
    order_known: bool = False
    titles: tuple[str, ...] = ()
    title_kinds: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    particles: tuple[str, ...] = ()
    given_words: tuple[Word, ...] = ()
    surname_words: tuple[Word, ...] = ()

    @property
    def tokens(self) -> tuple[str, ...]:
        """Given names then surnames (the display order of a Spanish name)."""
        return self.given + self.surnames

    @property
    def paternal(self) -> str | None:
        return self.surnames[0] if self.surnames else None

    @property
    def maternal(self) -> str | None:
        return self.surnames[1] if len(self.surnames) > 1 else None

    def parts(self) -> dict[str, str | None]:
        """The display strings a store keeps: given names, paternal and maternal surname, as written
        (accents, case and particles kept: 'de la Cruz'). Two surnames are paternal and maternal; a
        single one is the paternal surname; three or more written 'SURNAMES, Given' stay together as
        the paternal surname (the order says nothing about where one ends)."""
        none: dict[str, str | None] = {"given_names": None, "paternal_surname": None, "maternal_surname": None}
        given_pieces = {w.piece for w in self.given_words}
        # one written word per unit: 'NUR-AL-DIN' is one surname, 'al-Shammari' alone is a mononym
        sw = [w for w in self.surname_words if w.piece not in given_pieces]
        units = list(dict.fromkeys(w.piece for w in sw))
        if not self.order_known and len(given_pieces | set(units)) <= 1:
            return none  # a single word: nothing says whether it is a given name or a surname
        given = _display(self.given_words)
        if not units:
            return {**none, "given_names": given}
        if len(units) == 2 or (len(units) > 2 and not self.order_known):
            last = [w for w in sw if w.piece == units[-1]]
            rest = [w for w in sw if w.piece != units[-1]]
            return {"given_names": given, "paternal_surname": _display(rest), "maternal_surname": _display(last)}
        return {"given_names": given, "paternal_surname": _display(sw), "maternal_surname": None}

    def as_dict(self) -> dict[str, Any]:
        return {
            "original": self.original,
            "given": list(self.given),
            "surnames": list(self.surnames),
            "paternal": self.paternal,
            "maternal": self.maternal,
            "order_known": self.order_known,
            "titles": list(self.titles),
            "aliases": list(self.aliases),
        }


def _display(words: tuple[Word, ...] | list[Word]) -> str | None:
    out: list[str] = []
    last_piece = None
    for w in words:
        if w.piece == last_piece:
            continue
        last_piece = w.piece
        out.append((w.particle + " " if w.particle else "") + w.orig.strip(",;"))
    return " ".join(out) or None


_APOSTROPHES = re.compile(r"['’ʼʻ`´]")


@lru_cache(maxsize=200_000)
def _fold(piece: str) -> list[str]:
    """Tokens of one written word. Apostrophes inside a word join it ('Sa'id' -> 'said', "Pyo'ng" ->
    'pyong'), also those transliteration writes for the Cyrillic soft sign ('Зеленський' -> 'zelenskij')."""
    return norm(_APOSTROPHES.sub("", ascii_text(piece) or "")).split()


def _words(text: str, *, offset: int = 0, all_upper: bool = False) -> list[Word]:
    out: list[Word] = []
    for k, piece in enumerate(text.split()):
        toks = _fold(piece)
        letters = re.sub(r"[\W\d_]", "", piece)
        upper = bool(letters) and letters.isupper() and not all_upper
        dotted = piece.rstrip(",;").endswith(".")
        for t in toks:
            out.append(Word(t, piece, offset + k, dotted, upper))
    return out


def _expand(words: list[Word], *, initials: bool) -> list[Word]:
    """Abbreviations to their full form ('Ma.' -> maria); runs of initials to letters ('CO' -> c, o)."""
    abbr = lexicon.abbreviations()
    out: list[Word] = []
    for w in words:
        hit = abbr.get(w.tok)
        if hit and (w.dotted or hit[2]):
            out.append(Word(hit[0], w.orig, w.piece, w.dotted, w.upper))
            continue
        t = w.tok
        if initials and 2 <= len(t) <= 3 and t.isalpha() and (not (set(t) & _VOWELS) or w.upper):
            out.extend(Word(ch, w.orig, w.piece, True, w.upper) for ch in t)
            continue
        out.append(w)
    return out


def _strip_titles(ws: list[Word]) -> tuple[list[Word], list[tuple[str, str]]]:
    """Remove leading rank/title phrases (several may stack: 'gral brig dem'), keeping at least one token."""
    found: list[tuple[str, str]] = []
    changed = True
    while changed and len(ws) > 1:
        changed = False
        toks = [w.tok for w in ws]
        for seq, code, kind in lexicon.ranks_by_first().get(toks[0], ()):
            n = len(seq)
            if len(toks) > n and tuple(toks[:n]) == seq:
                found.append((code, kind))
                ws = ws[n:]
                changed = True
                break
    return ws, found


def _strip_particles(ws: list[Word], *, leading_ok: bool) -> tuple[list[Word], list[str]]:
    """Drop particles that precede another name token ('de la Cruz' -> 'cruz', 'al-Assad' -> 'assad');
    the kept token remembers them for display. A particle that is the first token of an uncommaed
    name is kept ('Ben Netanyahu')."""
    out: list[Word] = []
    dropped: list[str] = []
    i = 0
    toks = [w.tok for w in ws]
    pending: list[Word] = []
    while i < len(ws):
        hit = None
        if i > 0 or leading_ok:
            for seq in lexicon.particles():
                n = len(seq)
                if tuple(toks[i : i + n]) == seq and i + n < len(ws):
                    hit = n
                    break
        if hit:
            dropped.append(" ".join(toks[i : i + hit]))
            pending += ws[i : i + hit]
            i += hit
        else:
            w = ws[i]
            if pending:
                same = [p for p in pending if p.piece != w.piece]
                prefix = _display(same) or ""
                w = Word(w.tok, w.orig, w.piece, w.dotted, w.upper, prefix)
                pending = []
            out.append(w)
            i += 1
    return out, dropped


def _split_nicknames(name: str) -> tuple[str, list[str]]:
    """Pull quoted, 'alias'/'a.k.a.'/'(a)' nicknames out of a name string."""
    aliases: list[str] = []

    def take(m: re.Match) -> str:
        aliases.append(m.group(1) or m.group(2))
        return " "

    rest = _QUOTED.sub(take, name)
    parts = _ALIAS_MARK.split(rest, maxsplit=1)
    if len(parts) == 2:
        rest, tail = parts
        aliases.extend(a for a in re.split(r"[;,/]| o | or ", tail) if a.strip())

    def paren(m: re.Match) -> str:  # a parenthesised part that is not an alias marker: '(El Chapo)'
        inner = m.group(1).strip()
        if inner:
            aliases.append(inner)
        return " "

    rest = _PAREN.sub(paren, rest)
    out = []
    for a in aliases:
        t = norm(a).split()
        if t and t[0] in NICK_ARTICLES and len(t) > 1:
            t = t[1:]
        if t:
            out.append(" ".join(t))
    return rest, out


def is_given_name(token: str) -> bool:
    return token in lexicon.given_names()


def _surname_count(toks: list[Word]) -> int:
    """How many trailing tokens of an uncommaed name are surnames. Spanish convention: the last two
    when there are three or more, the last one otherwise; but an initial or a known given name in
    the second-to-last place is a given name ('Olufemi A. Adenaike', 'Ma. Guadalupe Hernández')."""
    n = len(toks)
    if n <= 1:
        return 0
    if n == 2:
        return 1
    last, before = toks[-1].tok, toks[-2].tok
    if len(last) > 1 and (len(before) == 1 or (is_given_name(before) and not is_given_name(last))):
        return 1
    return 2


@lru_cache(maxsize=100_000)
def analyze_person(name: str) -> PersonName:
    """Take a person's name apart; see ``PersonName``. Never raises on odd input (empty -> empty name)."""
    raw = name or ""
    rest, aliases = _split_nicknames(raw)
    letters = re.sub(r"[\W\d_]", "", rest)
    all_upper = bool(letters) and letters.isupper()
    order_known = False
    sur_w: list[Word] = []
    given_w: list[Word] = []
    if "," in rest:
        sur_part, _, given_part = rest.partition(",")
        sur_w = _words(sur_part, all_upper=True)
        given_w = _words(given_part.replace(",", " "), offset=1000, all_upper=all_upper)
        if sur_w and given_w:
            order_known = True
        else:
            given_w, sur_w = _words(rest.replace(",", " "), all_upper=all_upper), []
    else:
        given_w = _words(rest, all_upper=all_upper)
    titles: list[tuple[str, str]] = []
    if order_known:
        given_w = _expand(given_w, initials=True)
        sur_w = _expand(sur_w, initials=False)
        given_w, t = _strip_titles(given_w)
        titles += t
        sur_w, t = _strip_titles(sur_w)
        titles += t
        sur_w, p1 = _strip_particles(sur_w, leading_ok=True)
        given_w, p2 = _strip_particles(given_w, leading_ok=False)
        particles = p1 + p2
    else:
        toks, titles = _strip_titles(_expand(given_w, initials=True))
        # a name that is only 'El X' is a nickname ('El Chapo'), not a person with a particle
        if len(toks) == 2 and toks[0].tok in NICK_ARTICLES and not aliases:
            aliases.append(toks[1].tok)
            toks = []
        toks, particles = _strip_particles(toks, leading_ok=False)
        k = _surname_count(toks)
        given_w, sur_w = (toks[:-k], toks[-k:]) if k else (toks, [])
    return PersonName(
        original=raw,
        given=tuple(w.tok for w in given_w),
        surnames=tuple(w.tok for w in sur_w),
        order_known=order_known,
        titles=tuple(c for c, _ in titles),
        title_kinds=tuple(k for _, k in titles),
        aliases=tuple(dict.fromkeys(aliases)),
        particles=tuple(particles),
        given_words=tuple(given_w),
        surname_words=tuple(sur_w),
    )


def name_parts(name: str) -> dict[str, str | None]:
    """``{"given_names", "paternal_surname", "maternal_surname"}`` of a person's name, as the store
    keeps them (see ``PersonName.parts``)."""
    return analyze_person(name).parts()
