"""Money amounts: "$2 billion", "US$68 million", "68 millones de dólares", "1.5 mil millones de pesos"."""

from __future__ import annotations

import re

from forcecheck import vocab

from .context import Ctx

_NUM = r"(\d{1,3}(?:[,.]\d{3})+|\d+(?:[.,]\d+)?)"


def _units() -> tuple[dict[str, str], dict[str, int]]:
    cur, scale = {}, {}
    for r in vocab.load("money_units"):
        for t in vocab.terms(r["terms"]):
            if r["kind"] == "currency":
                cur[t] = r["value"]
            else:
                scale[t] = int(r["value"])
    return cur, scale


def _number(s: str, lang: str) -> float:
    if re.fullmatch(r"\d{1,3}(?:[,.]\d{3})+", s):
        return float(re.sub(r"[,.]", "", s))
    return float(s.replace(",", ".")) if lang == "es" or "," in s else float(s)


def extract_money(ctx: Ctx) -> None:
    text = ctx.doc.text
    cur, scale = _units()
    sym = "|".join(re.escape(c) for c in sorted(cur, key=len, reverse=True) if not c.isalpha() or c.isupper())
    words = "|".join(re.escape(c) for c in sorted(cur, key=len, reverse=True) if c.isalpha() and not c.isupper())
    sc = "|".join(re.escape(c) for c in sorted(scale, key=len, reverse=True))
    pat = re.compile(
        rf"(?:(?P<sym>{sym})\s?)?{_NUM}(?:\s+(?P<scale>{sc})\b)?(?:\s+(?:de\s+)?(?P<word>{words})\b)?", re.I
    )
    for m in pat.finditer(text):
        symbol, word = m.group("sym"), m.group("word")
        if not symbol and not word:
            continue
        if symbol and symbol.isalpha() and not text[m.start() : m.end()].startswith(symbol):
            continue
        amount = _number(m.group(2), ctx.lang)
        if m.group("scale"):
            key = next(k for k in scale if k.lower() == m.group("scale").lower())
            amount *= scale[key]
        key = symbol or word
        currency = next((v for k, v in cur.items() if k.lower() == key.lower()), None)
        ctx.add("money", (m.start(), m.end()), {"amount": amount, "currency": currency, "expression": m.group()})
