"""``extract_claims``: a cleaned document in, proposed claims out (see ``types.py`` for the shape).

The spaCy pipeline (``nlp.py``) gives sentences, and for English the NER and dependency parse;
the gazetteers and patterns compiled from ``forcecheck/vocab`` (``lexicon.py``) find units,
armed groups, places, roles, violation words and status cues in both languages. The stages
run in order, each adding mentions to a shared context that later stages read:
places -> dates -> money -> units and armed groups -> persons -> postings -> incidents ->
assistance -> certification.

Long documents are read in pieces (``chunks``: at most ``settings.extract_chunk_chars``
characters, cut at paragraph breaks, a longer paragraph at a sentence end or a space) that go
through ``nlp.pipe`` one after the other, so that time and memory grow linearly with the length
and spaCy's ``max_length`` is never reached; spans are shifted back to offsets into the whole
text. A document up to the chunk size is read whole, as before. Context never crossed a
paragraph break, so a cut at one loses nothing but a back-reference to an incident of an earlier
piece. Lone surrogates (not encodable, they stop spaCy) are read as U+FFFD, which keeps offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from forcecheck import settings
from forcecheck.dates import PartialDate
from forcecheck.progress import NULL, Progress

from .assistance import extract_assistance
from .certification import extract_certification
from .context import Ctx, make_doc
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

STAGES = (
    extract_places,
    extract_dates,
    extract_money,
    extract_units,
    extract_persons,
    extract_postings,
    extract_incidents,
    extract_assistance,
    extract_certification,
)


def _published(value: str | None) -> PartialDate | None:
    if not value:
        return None
    try:
        return PartialDate.parse(str(value)[:10])
    except ValueError:
        return None


_SURROGATE = re.compile("[\ud800-\udfff]")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s+")


def chunks(text: str, limit: int | None = None) -> list[tuple[int, int]]:
    """(start, end) offsets of consecutive pieces of ``text`` of at most ``limit`` characters:
    cut after the last paragraph break of the window, else after its last sentence end, else
    at its last space, else at the limit. Pieces cover the text exactly."""
    limit = limit or settings.extract_chunk_chars()
    out: list[tuple[int, int]] = []
    pos, n = 0, len(text)
    while n - pos > limit:
        window = text[pos : pos + limit]
        cut = window.rfind("\n\n")
        if cut >= limit // 4:
            end = pos + cut + 2
        else:
            ends = [m.end() for m in _SENTENCE_END.finditer(window, limit // 4)]
            if ends:
                end = pos + ends[-1]
            else:
                space = max(window.rfind(" "), window.rfind("\n"))
                end = pos + space + 1 if space >= limit // 4 else pos + limit
        out.append((pos, end))
        pos = end
    if pos < n or not out:
        out.append((pos, n))
    return out


def _context(doc: Any, nlp: Any, lang: str, published: PartialDate | None) -> Ctx:
    ctx = Ctx(doc, lexicon(nlp, lang), lang, published)
    for stage in STAGES:
        stage(ctx)
    return ctx


def analyse(text: str, *, lang: str, published: str | None = None) -> Ctx:
    """Run every stage on ``text`` read whole and return the context (mentions by type,
    sentences). For long texts use ``analyse_pieces``."""
    lang = norm_lang(lang)
    nlp = get_nlp(lang)
    return _context(nlp(make_doc(nlp, _SURROGATE.sub("\ufffd", text))), nlp, lang, _published(published))


def analyse_pieces(
    text: str, *, lang: str, published: str | None = None, progress: Progress = NULL
) -> Iterator[tuple[int, Ctx]]:
    """(offset, context) for each piece of ``text`` (see ``chunks``), parsed with ``nlp.pipe``."""
    lang = norm_lang(lang)
    nlp = get_nlp(lang)
    text = _SURROGATE.sub("\ufffd", text)
    pieces = chunks(text, min(settings.extract_chunk_chars(), nlp.max_length))  # spaCy's limit is never reached
    pub = _published(published)
    if len(pieces) > 1:
        progress.start(len(text), "extract")
    docs = nlp.pipe(make_doc(nlp, text[s:e]) for s, e in pieces)
    for (s, e), doc in zip(pieces, docs, strict=True):
        yield s, _context(doc, nlp, lang, pub)
        if len(pieces) > 1:
            progress.advance(e - s)


def _shifted(claim: ProposedClaim, offset: int) -> ProposedClaim:
    if offset:
        claim.span = (claim.span[0] + offset, claim.span[1] + offset)
    return claim


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
        out.append(
            ProposedClaim(
                type=m.type, text=m.text, span=(m.start, m.end), sentence=ctx.sentence_text(m.sent), attrs=dict(m.attrs)
            )
        )
    return out


def extract_claims(
    text: str, *, lang: str, published: str | None = None, session: Any = None, progress: Progress = NULL
) -> list[ProposedClaim]:
    """Proposed claims found in ``text`` (spans are character offsets into ``text``).

    ``lang``: 'en' or 'es'. ``published``: the publication date (partial ISO), used to resolve
    relative dates. ``session``: an SQLAlchemy session on the evidence base; when given, mentions
    whose normalised name (or alias) is a known Name are linked through ``ProposedClaim.links``.
    ``progress``: told the characters done when the text is long enough to be read in pieces.
    """
    if not text or not text.strip():
        return []
    claims = [
        _shifted(c, offset)
        for offset, ctx in analyse_pieces(text, lang=lang, published=published, progress=progress)
        for c in claims_from(ctx)
    ]
    if session is not None:
        link_claims(claims, session)
    return claims
