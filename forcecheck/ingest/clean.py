"""Cleaning a document: keep the article body, drop and report everything else.

``clean_text(text)`` works on plain text (and on the text of a PDF or of trafilatura's
extraction); ``clean_html(html)`` runs trafilatura first (main content and metadata), reports
the page's blocks that trafilatura left out, then applies the plain-text rules.

The plain-text rules, in order:

1. **Paragraphs**: blank lines separate paragraphs when the text has any (lines inside a
   paragraph are joined); otherwise every line is a paragraph (scraped text).
2. **Boilerplate** (``vocab/boilerplate.csv``, English and Spanish, matched generically):
   * ``line`` rows: a short paragraph matching the pattern is navigation, share buttons,
     related links, a newsletter box, a byline, a copyright line...;
   * an appended **appeal block**: a salutation (``block_start``, e.g. "Dear Truthout
     Community,") in the second half of the document, together with the heading lines just
     before it, runs to the sign-off (``block_end``) and the signature lines after it, or to
     the end; it is dropped when it contains a donation cue (``cue_appeal``);
   * a short paragraph with a donation cue that addresses the reader (``cue_address``);
   * **page furniture of news sites**: a ``related_head`` heading ("Más información", "Te
     puede interesar", "También lea", "Related") is dropped with the run of other stories'
     headlines after it (short paragraphs without a sentence end); above the article's first
     prose paragraph, the last heading before that prose is the article's own and is kept;
   * **photo captions**: a short paragraph ending with a credit (``caption``: "Foto: ...",
     "(Foto: ...)"); inside a longer paragraph only the credit itself (``inline``) is removed.
   A blank-line block whose lines include furniture is a list, not a wrapped paragraph: its
   lines are read one by one.
3. **Duplicates**: a paragraph repeated verbatim (ignoring case, spacing and punctuation)
   is kept once; later copies are dropped (kind ``duplicate``).
4. **Pull quotes**: a short paragraph whose words appear inside a longer paragraph kept
   elsewhere, or, when it is abridged with ellipses (". . ." or "..." or "…"), whose
   fragments all appear in that order within a short stretch of the rest of the article
   (kind ``pull_quote``). The passage is looked for among the ``PULL_QUOTE_REACH`` paragraphs
   on either side (a pull quote repeats a passage near it), so time stays linear in length.

The cleaned text joins the kept paragraphs with a blank line (``\\n\\n``); claim spans are
character offsets into it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from .. import vocab

PARAGRAPH_BREAK = "\n\n"

#: Paragraphs longer than this are never boilerplate lines (the rules target furniture).
LINE_MAX_WORDS = 45
#: A standalone appeal paragraph is at most this long.
APPEAL_MAX_WORDS = 90
#: A pull quote is a short paragraph: at most this many words.
PULL_QUOTE_MAX_WORDS = 70
PULL_QUOTE_MIN_WORDS = 6
#: Heading lines before a salutation (and signatures after a sign-off) are at most this long.
HEADING_MAX_WORDS = 20
#: A pull quote repeats a passage at most this many paragraphs away.
PULL_QUOTE_REACH = 60
#: Headlines of other stories after a related-stories heading: at most this many, each this short.
RELATED_MAX_ITEMS = 12
RELATED_ITEM_MAX_WORDS = 30
#: A paragraph this short that ends with a photo credit ("Foto: X") is a caption; one ending with
#: a credit in brackets ("(Foto: X)") must be shorter (else only the credit is cut out).
CAPTION_MAX_WORDS = 40
CAPTION_SHORT_MAX_WORDS = 15

_ELLIPSIS = re.compile(r"(?:\.\s*){3}|…")
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class Dropped:
    kind: str  # boilerplate, duplicate, pull_quote
    text: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "text": self.text, "reason": self.reason}


@dataclass
class Cleaned:
    text: str
    paragraphs: list[str]
    dropped: list[Dropped] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)  # title, author, date, sitename (HTML)


# --------------------------------------------------------------------------- rules from the vocabulary


@dataclass(frozen=True)
class _Rule:
    code: str
    kind: str
    lang: str
    role: str
    pattern: re.Pattern[str]
    reason: str


@cache
def _rules() -> tuple[_Rule, ...]:
    out = []
    for r in vocab.load("boilerplate"):
        out.append(
            _Rule(
                r["code"],
                r["kind"],
                r["lang"],
                r["role"],
                re.compile(r["pattern"], re.IGNORECASE | re.UNICODE),
                r["reason"],
            )
        )
    return tuple(out)


def _by_role(role: str) -> list[_Rule]:
    return [r for r in _rules() if r.role == role]


def _first_match(role: str, text: str) -> _Rule | None:
    for rule in _by_role(role):
        if rule.pattern.search(text):
            return rule
    return None


def _cues(role: str, text: str) -> set[str]:
    return {r.code for r in _by_role(role) if r.pattern.search(text)}


def is_furniture(text: str) -> bool:
    """Whether a short line is page furniture (navigation, share and related links, a related-
    stories heading, a byline, a photo credit...): never an article's text nor its title."""
    t = normalize_space(text)
    if not t or _n_words(t) > LINE_MAX_WORDS:
        return False
    return any(_first_match(role, t) is not None for role in ("line", "related_head", "caption", "caption_short"))


# --------------------------------------------------------------------------- text helpers


def normalize_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def words(text: str) -> list[str]:
    """Lower-cased word tokens: the unit of comparison for duplicates and pull quotes."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def normalized_for_hash(text: str) -> str:
    """The form the content hash is computed on: NFC, single spaces, paragraph breaks kept."""
    paras = [normalize_space(p) for p in unicodedata.normalize("NFC", text).split(PARAGRAPH_BREAK)]
    return PARAGRAPH_BREAK.join(p for p in paras if p)


def _n_words(text: str) -> int:
    return len(text.split())


def _is_heading(text: str) -> bool:
    t = text.strip()
    return 0 < _n_words(t) <= HEADING_MAX_WORDS and not re.search(r"[.!?;]$", t)


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of plain text: blank-line separated when there are blank lines (lines joined
    with a space, hyphenated line ends re-joined), else one paragraph per line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    if re.search(r"\n[ \t]*\n", text):
        blocks = re.split(r"\n[ \t]*\n+", text)
        out = []
        for b in blocks:
            lines = [normalize_space(line) for line in b.strip().split("\n") if line.strip()]
            if len(lines) > 1 and any(is_furniture(line) for line in lines):
                out.extend(lines)  # a list of links and headings, not a wrapped paragraph
                continue
            b = re.sub(r"(\w)-\n(\w)", r"\1\2", b.strip())
            b = normalize_space(b)
            if b:
                out.append(b)
        return out
    return [normalize_space(line) for line in text.split("\n") if line.strip()]


# --------------------------------------------------------------------------- the steps


def _appeal_blocks(paras: list[str], keep: list[bool], dropped: dict[int, Dropped]) -> None:
    n = len(paras)
    i = n // 2
    while i < n:
        start_rule = (
            _first_match("block_start", paras[i]) if keep[i] and _n_words(paras[i]) <= HEADING_MAX_WORDS else None
        )
        if start_rule is None:
            i += 1
            continue
        start = i
        while start - 1 >= 0 and keep[start - 1] and _is_heading(paras[start - 1]) and start - 1 >= n // 2:
            start -= 1
        end = n  # exclusive
        signed = False
        for j in range(i + 1, n):
            if _first_match("block_end", paras[j]) and _n_words(paras[j]) <= HEADING_MAX_WORDS:
                end, signed = j + 1, True
                while end < n and _is_heading(paras[end]) and _n_words(paras[end]) <= 12:
                    end += 1
                break
        block = " ".join(paras[start:end])
        if _cues("cue_appeal", block):
            until = "through the sign-off and signatures" if signed else "to the end of the document"
            reason = f"{start_rule.reason}: from {paras[start][:60]!r} {until}"
            for k in range(start, end):
                if keep[k]:
                    keep[k] = False
                    dropped[k] = Dropped("boilerplate", paras[k], reason)
            i = end
        else:
            i += 1


def _is_headline(text: str) -> bool:
    t = text.strip()
    return 0 < _n_words(t) <= RELATED_ITEM_MAX_WORDS and not re.search(r"[.;:]$", t)


def _related_blocks(paras: list[str], keep: list[bool], dropped: dict[int, Dropped]) -> None:
    """A related-stories heading and the other stories' headlines after it."""
    n = len(paras)
    i = 0
    while i < n:
        rule = _first_match("related_head", paras[i]) if keep[i] and _n_words(paras[i]) <= HEADING_MAX_WORDS else None
        if rule is None:
            i += 1
            continue
        end = i + 1
        while end < n and end - i <= RELATED_MAX_ITEMS and keep[end] and _is_headline(paras[end]):
            end += 1
        body_before = any(keep[k] and not _is_headline(paras[k]) for k in range(i))
        if not body_before and end - 1 > i and end < n and not _is_headline(paras[end]):
            end -= 1  # at the top of the page, the heading just before the first prose is the article's own
        reason = f"{rule.reason} ({rule.code})"
        for k in range(i, end):
            keep[k] = False
            dropped[k] = Dropped("boilerplate", paras[k], reason if k == i else f"{reason}: headline of another story")
        i = end


def _captions(paras: list[str], keep: list[bool], dropped: dict[int, Dropped]) -> None:
    """Photo captions (a short paragraph ending with a credit); credits inside a paragraph are cut out."""
    for i, p in enumerate(paras):
        if not keep[i]:
            continue
        nw = _n_words(p)
        rule = _first_match("caption", p) if nw <= CAPTION_MAX_WORDS else None
        if rule is None and nw <= CAPTION_SHORT_MAX_WORDS:
            rule = _first_match("caption_short", p)
        if rule is not None:
            keep[i] = False
            dropped[i] = Dropped("boilerplate", p, f"{rule.reason} ({rule.code})")
            continue
        for k, r in enumerate(_by_role("inline")):
            cut = r.pattern.sub(" ", p)
            if cut != p:
                removed = "; ".join(m.group(0).strip() for m in r.pattern.finditer(p))
                p = paras[i] = normalize_space(cut)
                dropped[i - 0.5 + k / 1000] = Dropped("boilerplate", removed, f"{r.reason} ({r.code})")  # type: ignore[index]
        if not p:
            keep[i] = False


def _boilerplate_lines(paras: list[str], keep: list[bool], dropped: dict[int, Dropped]) -> None:
    _related_blocks(paras, keep, dropped)
    _captions(paras, keep, dropped)
    for i, p in enumerate(paras):
        if not keep[i]:
            continue
        nw = _n_words(p)
        if nw <= LINE_MAX_WORDS:
            rule = _first_match("line", p)
            if rule is not None:
                keep[i] = False
                dropped[i] = Dropped("boilerplate", p, f"{rule.reason} ({rule.code})")
                continue
        if nw <= APPEAL_MAX_WORDS and _cues("cue_appeal", p) and _cues("cue_address", p):
            keep[i] = False
            dropped[i] = Dropped("boilerplate", p, "donation appeal addressed to the reader")


def _duplicates(paras: list[str], keep: list[bool], dropped: dict[int, Dropped]) -> None:
    seen: dict[tuple[str, ...], int] = {}
    for i, p in enumerate(paras):
        if not keep[i]:
            continue
        key = tuple(words(p))
        if not key:
            continue
        if key in seen:
            keep[i] = False
            dropped[i] = Dropped("duplicate", p, f"repeats paragraph {seen[key] + 1} verbatim")
        else:
            seen[key] = i


def _find_in_order(haystack: str, fragments: list[str], max_window: int) -> bool:
    """True when every fragment occurs in ``haystack`` in order, within ``max_window`` characters."""
    first = fragments[0]
    pos = haystack.find(first)
    while pos != -1:
        cur = pos + len(first) - 1  # fragments are space-padded: share the boundary space
        ok = True
        for frag in fragments[1:]:
            nxt = haystack.find(frag, cur)
            if nxt == -1 or nxt + len(frag) - pos > max_window:
                ok = False
                break
            cur = nxt + len(frag) - 1
        if ok and cur - pos <= max_window:
            return True
        pos = haystack.find(first, pos + 1)
    return False


def _pull_quotes(paras: list[str], keep: list[bool], dropped: dict[int, Dropped]) -> None:
    for i, p in enumerate(paras):
        if not keep[i]:
            continue
        ws = words(p)
        if not (PULL_QUOTE_MIN_WORDS <= len(ws) <= PULL_QUOTE_MAX_WORDS):
            continue
        lo, hi = max(0, i - PULL_QUOTE_REACH), min(len(paras), i + PULL_QUOTE_REACH + 1)
        others = [j for j in range(lo, hi) if j != i and keep[j]]
        if not others:
            continue
        # the rest of the article as one stream of words, paragraph order kept
        rest = " " + " ".join(" ".join(words(paras[j])) for j in others) + " "
        pieces = [words(f) for f in _ELLIPSIS.split(p)]
        fragments = [" " + " ".join(f) + " " for f in pieces if f]
        if len(fragments) > 1:
            if len(pieces[0]) + len(pieces[1]) < 4 and max(len(f) for f in pieces) < 4:
                continue
            window = max(3 * len(" ".join(ws)), 400)
            if _find_in_order(rest, fragments, window):
                dropped[i] = Dropped(
                    "pull_quote", p, "abridged repeat (with ellipses) of a passage elsewhere in the article"
                )
                keep[i] = False
            continue
        # a short paragraph repeated inside a longer paragraph
        needle = fragments[0] if fragments else None
        if needle is None:
            continue
        for j in others:
            other = " " + " ".join(words(paras[j])) + " "
            if len(other) > len(needle) and needle in other:
                dropped[i] = Dropped("pull_quote", p, f"repeats a sentence of paragraph {j + 1}")
                keep[i] = False
                break


def clean_paragraphs(
    paras: list[str], *, meta: dict[str, Any] | None = None, dropped_before: list[Dropped] | None = None
) -> Cleaned:
    paras = list(paras)  # photo credits are cut out of paragraphs: the caller's list stays as it was
    keep = [True] * len(paras)
    dropped: dict[int, Dropped] = {}
    _appeal_blocks(paras, keep, dropped)
    _boilerplate_lines(paras, keep, dropped)
    _duplicates(paras, keep, dropped)
    _pull_quotes(paras, keep, dropped)
    kept = [p for p, k in zip(paras, keep, strict=True) if k]
    ordered = [dropped[i] for i in sorted(dropped)]
    return Cleaned(PARAGRAPH_BREAK.join(kept), kept, list(dropped_before or []) + ordered, dict(meta or {}))


def clean_text(text: str) -> Cleaned:
    """Clean plain text (see the module docstring)."""
    return clean_paragraphs(split_paragraphs(text))


# --------------------------------------------------------------------------- HTML

_BLOCK_TAGS = (
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "figcaption",
    "dt",
    "dd",
    "td",
    "th",
    "button",
    "label",
    "caption",
)
_REGION_TAGS = ("nav", "header", "footer", "aside", "form")
_HINTS = (
    "newsletter",
    "related",
    "share",
    "social",
    "comment",
    "subscribe",
    "promo",
    "donate",
    "menu",
    "nav",
    "footer",
    "sidebar",
    "advert",
    "byline",
    "author",
    "breadcrumb",
    "tags",
)


def _where(el: Any) -> str:
    node = el
    while node is not None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _REGION_TAGS:
            return f"<{tag}>"
        attrs = f"{node.get('class', '')} {node.get('id', '')} {node.get('role', '')}".lower()
        for hint in _HINTS:
            if hint in attrs:
                return f"{hint} box"
        node = node.getparent()
    return "not main content"


def _html_blocks(html: str) -> list[tuple[str, str]]:
    """Visible text blocks of the page (outermost block elements) with where they sit."""
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except Exception:  # noqa: BLE001 - an unparsable page simply has no blocks to report
        return []
    for bad in root.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    out = []
    for el in root.iter(*_BLOCK_TAGS):
        anc = el.getparent()
        nested = False
        while anc is not None:
            if anc.tag in _BLOCK_TAGS:
                nested = True
                break
            anc = anc.getparent()
        if nested:
            continue
        t = normalize_space(el.text_content())
        if t:
            out.append((t, _where(el)))
    return out


def clean_html(html: str, *, url: str | None = None) -> Cleaned:
    """Main content via trafilatura (with title, author, date, sitename), then the text rules.

    Blocks of the page that trafilatura left out are reported as boilerplate with where they
    were (``<nav>``, ``newsletter box``...)."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        deduplicate=False,
    )
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    meta: dict[str, Any] = {}
    if doc is not None:
        for key in ("title", "author", "date", "sitename", "hostname", "description"):
            v = getattr(doc, key, None)
            if v:
                meta[key] = v
    paras = [normalize_space(line) for line in text.split("\n") if line.strip()]
    kept_words = " " + " ".join(" ".join(words(p)) for p in paras) + " "
    title_words = " ".join(words(meta.get("title", "")))
    outside: list[Dropped] = []
    seen: set[str] = set()
    for block, where in _html_blocks(html):
        w = " ".join(words(block))
        if not w or w in seen or f" {w} " in kept_words or w == title_words:
            continue
        seen.add(w)
        rule = _first_match("line", block)
        reason = f"outside the article body ({where})" + (f"; {rule.reason}" if rule else "")
        outside.append(Dropped("boilerplate", block, reason))
    return clean_paragraphs(paras, meta=meta, dropped_before=outside)
