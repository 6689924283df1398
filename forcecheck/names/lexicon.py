"""The name vocabularies, read once from ``forcecheck/vocab/*.csv`` and normalised.

Ranks and titles (ranks.csv), particles (name_particles.csv), hypocorisms (nicknames.csv),
given names (given_names.csv) and written abbreviations (name_abbreviations.csv).
"""

from __future__ import annotations

from functools import cache

from .. import vocab
from .normalize import norm


@cache
def ranks() -> tuple[tuple[tuple[str, ...], str, str], ...]:
    """(normalised token sequence, code, kind), longest first so that 'general de brigada' wins over 'general'."""
    out = []
    for row in vocab.load("ranks"):
        for variant in vocab.terms(row["variants"]) + [row["label_en"], row["label_es"]]:
            toks = tuple(norm(variant).split())
            if toks:
                out.append((toks, row["code"], row["kind"]))
    # longest first; ties in a fixed order (a set's order changes with the hash seed between runs)
    return tuple(sorted(set(out), key=lambda x: (-len(x[0]), x[0], x[1], x[2])))


@cache
def ranks_by_first() -> dict[str, tuple[tuple[tuple[str, ...], str, str], ...]]:
    """``ranks()`` grouped by their first token, in the same order: a name is checked only against
    the ranks that can start it (hundreds of rank variants, thousands of names a second)."""
    out: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
    for r in ranks():
        out.setdefault(r[0][0], []).append(r)
    return {k: tuple(v) for k, v in out.items()}


@cache
def particles() -> tuple[tuple[str, ...], ...]:
    """Name particles as token sequences, longest first ('de la' before 'de')."""
    rows = vocab.load("name_particles")
    return tuple(sorted({tuple(norm(r["code"]).split()) for r in rows}, key=lambda x: -len(x)))


@cache
def nicknames() -> dict[str, frozenset[str]]:
    """token -> canonical forms it may stand for (itself included when it is a canonical name)."""
    canon: dict[str, set[str]] = {}
    for row in vocab.load("nicknames"):
        code = norm(row["code"])
        canon.setdefault(code, set()).add(code)
        for v in vocab.terms(row["variants"]):
            canon.setdefault(norm(v), set()).add(code)
    return {k: frozenset(v) for k, v in canon.items()}


def nickname_forms(token: str) -> frozenset[str]:
    return nicknames().get(token, frozenset((token,)))


@cache
def abbreviations() -> dict[str, tuple[str, str, bool]]:
    """normalised abbreviation -> (normalised full form, role 'given'/'surname', safe without a dot)."""
    out: dict[str, tuple[str, str, bool]] = {}
    for row in vocab.load("name_abbreviations"):
        full = norm(row["code"])
        for v in vocab.terms(row["variants"]):
            out[norm(v).replace(" ", "")] = (full, row["role"], bool(row["bare"]))
    return out


@cache
def given_names() -> frozenset[str]:
    """Known given names (normalised): given_names.csv, the canonical forms and variants of
    nicknames.csv and the full forms of given-name abbreviations."""
    names: set[str] = set()
    for r in vocab.load("given_names"):
        names |= {norm(n) for n in vocab.terms(r["names"])}
    for k, forms in nicknames().items():
        names.add(k)
        names |= set(forms)
    names |= {full for full, role, _ in abbreviations().values() if role == "given"}
    return frozenset(t for n in names for t in n.split())
