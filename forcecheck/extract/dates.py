"""Dates: absolute ("July 11, 2014", "26 de septiembre de 2014", "October 2012", "2006") and
relative ("last month", "in September", "earlier this year", "el año pasado") expressions,
resolved against the publication date when known. Values are partial ISO strings; ``approx``
is true when the value was inferred from the publication date."""

from __future__ import annotations

import re
from datetime import date

from forcecheck.dates import PartialDate

from .context import Ctx
from .lexicon import strip_accents


def _month_re(ctx: Ctx) -> str:
    names = sorted(ctx.lx.months, key=len, reverse=True)
    return "(" + "|".join(re.escape(n) + r"\.?" for n in names) + r")(?![\w])"


def _month(ctx: Ctx, word: str) -> int:
    return ctx.lx.months[strip_accents(word).lower().rstrip(".")]


def _shift(pub: PartialDate, unit: str, offset: int) -> str:
    if unit == "year":
        return f"{pub.year + offset:04d}"
    y, mo = pub.year, (pub.month or 1) + offset
    while mo < 1:
        y, mo = y - 1, mo + 12
    while mo > 12:
        y, mo = y + 1, mo - 12
    return f"{y:04d}-{mo:02d}"


def _add(ctx: Ctx, s: int, e: int, value: str | None, approx: bool) -> None:
    if ctx.overlaps(s, e, ("date",)):
        return
    ctx.add("date", (s, e), {"value": value, "approx": approx, "expression": ctx.doc.text[s:e]})


def extract_dates(ctx: Ctx) -> None:
    text, pub = ctx.doc.text, ctx.published
    mon = _month_re(ctx)
    flags = re.I
    pats = []
    # inside an expression only spaces and tabs: a date never runs across a line or paragraph break
    sp = r"[^\S\n]+"
    if ctx.lang == "es":
        pats += [
            (rf"\b(\d{{1,2}}){sp}de{sp}{mon}{sp}(?:(?:de|del){sp})?(\d{{4}})\b", ("d", "m", "y")),
            (rf"\b(\d{{1,2}}){sp}{mon}{sp}(?:(?:de|del){sp})?(\d{{4}})\b", ("d", "m", "y")),
            (rf"\b{mon}{sp}(?:(?:de|del){sp})?(\d{{4}})\b", ("m", "y")),  # "enero de 2015", "enero 2015"
            (rf"\b(\d{{1,2}}){sp}de{sp}{mon}", ("d", "m")),
        ]
    else:
        pats += [
            (rf"\b{mon}{sp}(\d{{1,2}}),?{sp}(\d{{4}})\b", ("m", "d", "y")),
            (rf"\b(\d{{1,2}}){sp}{mon},?{sp}(\d{{4}})\b", ("d", "m", "y")),
            (rf"\b{mon}{sp}(?:of{sp})?(\d{{4}})\b", ("m", "y")),
            (rf"\b{mon}{sp}(\d{{1,2}})\b(?!,?{sp}\d{{4}})", ("m", "d")),
        ]
    for pat, order in pats:
        for m in re.finditer(pat, text, flags):
            if order[0] == "m" and not m.group(1)[:1].isupper() and ctx.lang == "en":
                continue  # "may" the verb
            parts = dict(zip(order, m.groups(), strict=True))
            mo = _month(ctx, parts["m"])
            if "y" in parts:
                if not 1000 <= int(parts["y"]) <= 2999 or (
                    "d" in parts and not _valid_day(int(parts["y"]), mo, int(parts["d"]))
                ):
                    continue
                value = f"{int(parts['y']):04d}-{mo:02d}" + (f"-{int(parts['d']):02d}" if "d" in parts else "")
                _add(ctx, m.start(), m.end(), value, False)
            else:
                y = _year_for_month(pub, mo, text[m.end() : m.end() + 20])
                if not _valid_day(y or 2000, mo, int(parts["d"])):
                    continue
                value = f"{y:04d}-{mo:02d}-{int(parts['d']):02d}" if y else None
                _add(ctx, m.start(), m.end(), value, True)
    inferred = False
    if pub is None:
        # No publication date: the article was written after the latest explicit date it gives, most
        # likely in the same year; a month named without a year is read in that year. Values stay
        # approx so that a reviewer sees they were inferred; month-relative words ("last month")
        # stay unresolved, since the month of writing is unknown.
        latest = _latest_explicit(ctx)
        if latest is not None:
            pub, inferred = PartialDate(latest.year, 12), True
    # "January of this year" / "this September" / "in July" / "en junio"
    for m in re.finditer(
        rf"\b(?:(this|last|este|el{sp}pasado|pasado){sp})?{mon}(?:{sp}(?:of{sp})?(this{sp}year|last{sp}year|del{sp}año{sp}pasado"
        rf"|de{sp}este{sp}año|pasado))?",
        text,
        flags,
    ):
        word = m.group(2)
        if ctx.lang == "en" and not word[:1].isupper():
            continue
        if ctx.lang == "es" and word[:1].isupper() and re.match(r"\s+[A-ZÁÉÍÓÚÑ]", text[m.end(2) : m.end(2) + 3]):
            continue  # "Julio César": a name
        if ctx.overlaps(m.start(2), m.end(2), ("date",)):
            continue
        mo = _month(ctx, word)
        mod = (m.group(1) or "") + " " + (m.group(3) or "")
        y = None
        if pub:
            if re.search(r"last\s+year|año\s+pasado", mod):
                y = pub.year - 1
            elif re.search(r"this\s+year|este\s+año", mod):
                y = pub.year
            else:
                y = _year_for_month(pub, mo, "")
        _add(ctx, m.start(), m.end(), f"{y:04d}-{mo:02d}" if y else None, True)
    # relative expressions from the vocabulary
    for sp, row in ctx.lx.gz["relative_date"].find(ctx.doc):
        value = (
            _shift(pub, row["unit"], int(row["offset"])) if pub and not (inferred and row["unit"] != "year") else None
        )
        _add(ctx, sp.start_char, sp.end_char, value, True)
    # bare years
    for m in re.finditer(r"\b(?:in|since|en|desde|de|del|of|until|hasta)[^\S\n]+((?:19|20)\d\d)\b", text):
        _add(ctx, m.start(1), m.end(1), m.group(1), False)


def _latest_explicit(ctx: Ctx) -> PartialDate | None:
    """The explicit (month or day precise) date that reaches latest; dates of different precision
    compare by the range they cover (``PartialDate.key``)."""
    found = []
    for m in ctx.of("date"):
        value = m.attrs.get("value")
        if m.attrs.get("approx") or not value or len(value) < 7:
            continue
        try:
            found.append(PartialDate.parse(value))
        except ValueError:
            continue
    return max(found, key=PartialDate.key) if found else None


def _valid_day(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _year_for_month(pub: PartialDate | None, month: int, after: str) -> int | None:
    """A month named without a year: the latest such month not after the publication date."""
    if pub is None:
        return None
    if pub.month is None or month <= pub.month:
        return pub.year
    return pub.year - 1
