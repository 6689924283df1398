"""Assistance statements: in a sentence with a giving cue (assistance_cues.csv), each money
amount, and each "training to N <people>", becomes an assistance claim with donor, recipient,
amount, currency, quantity, period ("since 2006", "over the next five years", "per year",
"during the same period"), kind (assistance_kinds: the kind word nearest the amount) and
program (funding_programs)."""

from __future__ import annotations

import re

from .context import Ctx

_NUMWORDS_PERIOD = re.compile(
    r"\b(?:over|during|in)\s+the\s+next\s+(\w+)\s+years\b|\b(?:durante|en)\s+los\s+próximos\s+(\w+)\s+años\b", re.I
)


def _countries(ctx: Ctx, i: int) -> list[tuple[int, str]]:
    out = []
    for m in ctx.of("place", i):
        if m.attrs["kind"] == "country":
            out.append((m.start, m.attrs["name"]))
    for sp, row in ctx.lx.gz["demonym"].find(ctx.sents[i]):
        out.append((sp.start_char, row["name"]))
    return sorted(out)


def _n(ctx: Ctx, w: str) -> int | None:
    if w.isdigit():
        return int(w)
    return ctx.lx.numbers.get(w.lower())


def extract_assistance(ctx: Ctx) -> None:
    lx = ctx.lx
    cues = {}
    for sp, row in lx.gz["assistance_cues"].find(ctx.doc):
        cues.setdefault(ctx.sent_index(sp.start), []).append((sp, row))
    kinds = {}
    for sp, row in lx.gz["assistance_kind"].find(ctx.doc):
        kinds.setdefault(ctx.sent_index(sp.start), []).append((sp, row))
    last_recipient = None
    last_period = None
    for i, sent in enumerate(ctx.sents):
        sc = cues.get(i, [])
        verbs = [sp for sp, row in sc if row["code"] == "provide"]
        nouns = [sp for sp, row in sc if row["code"] == "aid"]
        countries = _countries(ctx, i)
        items: list[tuple[int, int, dict]] = []
        if verbs or nouns:
            for m in ctx.of("money", i):
                items.append(
                    (m.start, m.end, {"amount": m.attrs["amount"], "currency": m.attrs["currency"], "quantity": None})
                )
            # "training to more than 16,000 Mexican security personnel"
            for m in _TRAINED.finditer(sent.text):
                s = sent.start_char + m.start()
                items.append(
                    (
                        s,
                        sent.start_char + m.end(),
                        {
                            "amount": None,
                            "currency": None,
                            "quantity": int(re.sub(r"[,.]", "", m.group(1))),
                            "kind": "training",
                            "trainees": m.group(2).strip(),
                        },
                    )
                )
        if not items:
            if countries:
                last_recipient = None
            continue
        anchor = (verbs or nouns)[0].start_char
        donor = recipient = None
        before = [c for c in countries if c[0] < anchor]
        after = [c for c in countries if c[0] > anchor]
        if before:
            donor = before[-1][1]
        elif after:
            donor = after[0][1]
            after = after[1:]
        rest = [c for c in after if c[1] != donor] + [c for c in before if c[1] != donor]
        if rest:
            recipient = rest[0][1]
        elif last_recipient and last_recipient != donor:
            recipient = last_recipient
        periods = _periods(ctx, i)
        prev_period = None
        for s, e, it in sorted(items):
            kind = it.pop("kind", None)
            if kind is None:
                near = [k for k in kinds.get(i, []) if 0 <= k[0].start_char - e < 40 or 0 <= s - k[0].end_char < 40]
                near.sort(
                    key=lambda k: (k[1]["code"] == "funding", min(abs(k[0].start_char - e), abs(s - k[0].end_char)))
                )
                kind = near[0][1]["code"] if near else "funding"
            period = None
            nxt = [p for p in periods if p[0] >= e] or [p for p in periods if p[0] < s][-1:]
            if nxt:
                pos, code, value = nxt[0]
                period = (
                    (dict(prev_period) if prev_period else (dict(last_period) if last_period else None))
                    if code == "same"
                    else value
                )
            prev_period = period or prev_period
            last_period = period or last_period
            prog = next((row["code"] for sp, row in lx.gz["program"].find(sent)), None)
            attrs = {
                "donor": donor,
                "recipient": recipient,
                "amount": it["amount"],
                "currency": it["currency"],
                "quantity": it["quantity"],
                "period": period,
                "kind": kind,
                "program": prog,
            }
            if it.get("trainees"):
                attrs["trainees"] = it["trainees"]
            ctx.add("assistance", (s, e), attrs)
        last_recipient = recipient or last_recipient


_TRAINED = re.compile(
    r"\b(?:train(?:ing|ed)?|capacit\w+|entren\w+)\b[^.;]{0,30}?(?:more than |over |más de |a )?(\d[\d,.]*)\s+"
    r"((?:[\w\-]+\s+){0,3}?(?:personnel|officers|soldiers|agents|police|troops|elementos|policías|militares|agentes|marinos))",
    re.I,
)


def _periods(ctx: Ctx, i: int) -> list[tuple[int, str, dict | None]]:
    """Period expressions in sentence ``i``: (position, 'same'|'explicit', value)."""
    sent = ctx.sents[i]
    pub = ctx.published
    out: list[tuple[int, str, dict | None]] = []
    for sp, row in ctx.lx.gz["assistance_cues"].find(sent):
        code = row["code"]
        if code == "period_same":
            out.append((sp.start_char, "same", None))
        elif code == "period_since":
            m = re.match(r"\s+((?:19|20)\d\d)", ctx.doc.text[sp.end_char : sp.end_char + 6])
            if m:
                out.append((sp.start_char, "explicit", {"start": m.group(1), "end": pub.iso() if pub else None}))
        elif code == "period_per_year":
            out.append((sp.start_char, "explicit", {"start": None, "end": None, "per": "year"}))
    for m in _NUMWORDS_PERIOD.finditer(sent.text):
        n = _n(ctx, m.group(1) or m.group(2))
        value = (
            {"start": pub.iso()[:4], "end": f"{pub.year + n:04d}", "years": n}
            if (n and pub)
            else {"start": None, "end": None, "years": n}
        )
        out.append((sent.start_char + m.start(), "explicit", value))
    return sorted(out, key=lambda x: x[0])
