"""The working state of one extraction: the parsed document, its sentences and the mentions found so far.

``Doc.text`` in spaCy joins every token each time it is read; the stages read it for every
mention, which made extraction time grow with the square of the length (issue 9). Documents
are therefore parsed as ``TextDoc``, a ``Doc`` whose text is built once (``make_doc``).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span

from forcecheck.dates import PartialDate

from .lexicon import Lexicon


class TextDoc(Doc):
    """A spaCy ``Doc`` that builds its text once (a Doc's tokens and text never change after
    tokenisation; retokenising merges or splits tokens but keeps the text)."""

    @property
    def text(self) -> str:  # type: ignore[override]
        cached = self.__dict__.get("_fc_text")
        if cached is None:
            cached = self.__dict__["_fc_text"] = Doc.text.__get__(self)
        return cached


def make_doc(nlp: Any, text: str) -> TextDoc:
    """``text`` tokenised by ``nlp``'s tokenizer as a ``TextDoc``, ready for ``nlp(doc)`` or ``nlp.pipe``."""
    plain = nlp.make_doc(text)
    doc = TextDoc(nlp.vocab, words=[t.text for t in plain], spaces=[bool(t.whitespace_) for t in plain])
    if doc.text != text:  # spaCy's tokenizer keeps every character; offsets depend on it
        raise ValueError("the tokenizer changed the text")
    return doc


@dataclass
class Mention:
    type: str  # person, unit, armed_group, place, date, money, force (a generic force noun), ...
    start: int  # character offsets into the text
    end: int
    text: str
    sent: int  # sentence index
    attrs: dict[str, Any] = field(default_factory=dict)
    tok: tuple[int, int] = (0, 0)  # token offsets


@dataclass
class Ctx:
    doc: Doc
    lx: Lexicon
    lang: str
    published: PartialDate | None
    sents: list[Span] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.sents = list(self.doc.sents)
        self._starts = [s.start for s in self.sents]

    @property
    def text(self) -> str:
        return self.doc.text

    @property
    def parsed(self) -> bool:
        return self.doc.has_annotation("DEP")

    def sent_index(self, token_i: int) -> int:
        return bisect.bisect_right(self._starts, token_i) - 1

    def add(self, type_: str, span: Span | tuple[int, int], attrs: dict[str, Any]) -> Mention:
        if isinstance(span, Span):
            s, e, tok = span.start_char, span.end_char, (span.start, span.end)
        else:
            s, e = span
            sp = self.doc.char_span(s, e, alignment_mode="expand")
            tok = (sp.start, sp.end) if sp is not None else (0, 0)
        m = Mention(type_, s, e, self.doc.text[s:e], self.sent_index(tok[0]), attrs, tok)
        self.mentions.append(m)
        return m

    def of(self, type_: str, sent: int | None = None) -> list[Mention]:
        return [m for m in self.mentions if m.type == type_ and (sent is None or m.sent == sent)]

    def overlaps(self, s: int, e: int, types: tuple[str, ...]) -> bool:
        return any(m.start < e and s < m.end for m in self.mentions if m.type in types)

    def same_paragraph(self, a: int, b: int) -> bool:
        """Whether sentences ``a`` and ``b`` stand in one paragraph (no line break between them).
        Context borrowed from a neighbouring sentence must not cross a paragraph: the next
        paragraph is usually another event."""
        a, b = min(a, b), max(a, b)
        first, last = self.sents[a], self.sents[b]
        lead = len(last.text) - len(last.text.lstrip())
        return "\n" not in self.doc.text[first.start_char : last.start_char + lead]

    def sentence_text(self, i: int) -> str:
        return self.sents[i].text
