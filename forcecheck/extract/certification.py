"""Certification statistics: "more than 10 percent of state and municipal police have failed their
confidence examinations" -> statistic, subject, outcome, place."""

from __future__ import annotations

import re

from .context import Ctx

_PCT = re.compile(
    r"\b((?:(?:more than|less than|at least|nearly|about|over|más del?|menos del?|al menos|cerca del?|casi el|el)\s+)?\d[\d.,]*\s*(?:%|percent|per cent|por ciento))",
    re.I,
)


def extract_certification(ctx: Ctx) -> None:
    exams, outcomes = {}, {}
    for sp, row in ctx.lx.gz["certification_cues"].find(ctx.doc):
        i = ctx.sent_index(sp.start)
        (exams if row["kind"] == "exam" else outcomes).setdefault(i, []).append((sp, row))
    for i in exams:
        sent = ctx.sents[i]
        if i not in outcomes:
            continue
        for m in _PCT.finditer(sent.text):
            s, e = sent.start_char + m.start(1), sent.start_char + m.end(1)
            subj = re.match(
                r"\s+(?:of|de|del)\s+(?:the\s+|los\s+|las\s+)?([^,.;]+?)\s+(?:have|has|had|who|that|were|failed|reprobaron|que|han|no)\b",
                ctx.doc.text[e : sent.end_char],
            )
            outcome_sp, outcome = min(outcomes[i], key=lambda o: abs(o[0].start_char - e))
            place = next((p.attrs["name"] for p in ctx.of("place", i)), None)
            ctx.add(
                "certification",
                (s, e),
                {
                    "statistic": m.group(1),
                    "subject": subj.group(1) if subj else None,
                    "outcome": outcome["code"],
                    "place": place,
                    "exam": exams[i][0][0].text,
                },
            )
