"""``extract_claims``: a cleaned document in, proposed claims out (see ``types.py`` for the shape).

The spaCy pipeline (``nlp.py``) gives sentences, and for English the NER and dependency parse;
the gazetteers and patterns compiled from ``forcecheck/vocab`` (``lexicon.py``) find units,
armed groups, places, roles, violation words and status cues in both languages. The stages
run in order, each adding mentions to a shared context that later stages read:
places -> dates -> money -> units and armed groups -> persons -> postings -> incidents ->
assistance -> certification.
"""

from __future__ import annotations

from typing import Any

from forcecheck.dates import PartialDate

from .assistance import extract_assistance
from .certification import extract_certification
from .context import Ctx
from .dates import extract_dates
from .incidents import extract_incidents
from .lexicon import lexicon
from .linking import link_claims
from .money import extract_money
from .nlp import get_nlp, norm_lang
from .persons import extract_persons
from .places import extract_places
from .postings import extract_postings
from .types import CLAIM_TYPES, ProposedClaim
from .units import extract_units

STAGES = (extract_places, extract_dates, extract_money, extract_units, extract_persons, extract_postings,
          extract_incidents, extract_assistance, extract_certification)


def _published(value: str | None) -> PartialDate | None:
    if not value:
        return None
    try:
        return PartialDate.parse(str(value)[:10])
    except ValueError:
        return None


def analyse(text: str, *, lang: str, published: str | None = None) -> Ctx:
    """Run every stage and return the context (mentions by type, sentences)."""
    lang = norm_lang(lang)
    nlp = get_nlp(lang)
    doc = nlp(text)
    ctx = Ctx(doc, lexicon(nlp, lang), lang, _published(published))
    for stage in STAGES:
        stage(ctx)
    return ctx


def claims_from(ctx: Ctx) -> list[ProposedClaim]:
    out: list[ProposedClaim] = []
    seen = set()
    for m in sorted(ctx.mentions, key=lambda m: (m.start, m.end, m.type)):
        if m.type not in CLAIM_TYPES:
            continue
        key = (m.type, m.start, m.end)
        if key in seen:
            continue
        seen.add(key)
        out.append(ProposedClaim(type=m.type, text=m.text, span=(m.start, m.end), sentence=ctx.sentence_text(m.sent),
                                 attrs=dict(m.attrs)))
    return out


def extract_claims(text: str, *, lang: str, published: str | None = None, session: Any = None) -> list[ProposedClaim]:
    """Proposed claims found in ``text`` (spans are character offsets into ``text``).

    ``lang``: 'en' or 'es'. ``published``: the publication date (partial ISO), used to resolve
    relative dates. ``session``: an SQLAlchemy session on the evidence base; when given, mentions
    whose normalised name (or alias) is a known Name are linked through ``ProposedClaim.links``.
    """
    if not text or not text.strip():
        return []
    ctx = analyse(text, lang=lang, published=published)
    claims = claims_from(ctx)
    if session is not None:
        link_claims(claims, session)
    return claims
