"""Roles before perpetrators: what each person or unit named in an incident's sentence is to it.

A role is one of vocab ``incident_roles``: perpetrator, victim, witness, defender (human-rights
defenders, lawyers, relatives and complainants), journalist, judicial (judges, prosecutors),
official (an official speaking) or source (anyone else speaking). Only perpetrators go to
``perpetrator_persons`` / ``perpetrator_units``; the others stay in the incident's
``persons_involved`` for the reviewer.

The evidence, in order (the first that speaks decides):

1. the mention is the patient of the violation word: its object or passive subject in the
   dependency parse ("soldiers killed Juan López"), or in Spanish without a parse the personal
   "a" right after the violation verb ("asesinaron a Juan López") -> victim;
2. a role word in the mention's apposition or relative clause (", the president of the local
   human-rights committee,", ", a surviving victim", ", the journalist who broke the story") or
   right before it ("the journalist Carmen Aristegui") -> that role;
3. the mention is the subject of a verb of speaking ("said", "told", "denunció", "según X") ->
   official when it carries a title or rank, else source; the subject of a judicial status verb
   ("Judge X sentenced ...", "the prosecutor charged ...") -> judicial;
4. otherwise perpetrator (the sentence is about a violation and names it).

Units are perpetrators unless they are the patient (victim) or the subject of a judicial status
verb (judicial). A unit that speaks ("the army said") stays a perpetrator: the accused speaking.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.tokens import Span, Token

from forcecheck import vocab

from .context import Ctx, Mention
from .lexicon import Gazetteer

#: Dependency labels of an agent / subject and of a patient (ClearNLP English and UD Spanish labels).
SUBJ = {"nsubj", "agent", "csubj"}
PATIENT = {"dobj", "obj", "nsubjpass", "nsubj:pass", "iobj"}
_APPOS = {"appos", "relcl", "acl", "amod", "compound", "nmod", "prep", "pobj"}
#: Status codes whose verb's subject is a judge or prosecutor, never the accused.
JUDICIAL_STATUSES = {"charged", "convicted", "acquitted", "under_investigation", "not_charged"}
_SEGMENT_STOP = {",", ";", ".", "(", ")", ":", "—", "–", '"', "“", "”"}


@dataclass
class RoleCues:
    roles: Gazetteer
    speech: Gazetteer
    perpetrator_ok: dict[str, bool]


@cache
def role_cues(nlp: Language, lang: str) -> RoleCues:
    roles = Gazetteer(nlp)
    ok = {}
    for r in vocab.load("incident_roles"):
        ok[r["code"]] = bool(r["perpetrator"])
        for t in vocab.terms(r.get(f"terms_{lang}") or ""):
            roles.add(f"role:{r['code']}", t, r["code"])
    speech = Gazetteer(nlp)
    for r in vocab.load("incident_cues"):
        if r["code"] == "speech" and r["lang"] == lang:
            for t in vocab.terms(r["terms"]):
                speech.add("speech", t, "speech")
    return RoleCues(roles, speech, ok)


def never_perpetrator(role: str) -> bool:
    """Victims, witnesses, defenders, journalists, judges and prosecutors are never proposed as perpetrators."""
    return vocab.by_code("incident_roles").get(role, {}).get("perpetrator") is False


# --------------------------------------------------------------------------- text around a mention


def _segment_after(ctx: Ctx, m: Mention, limit: int = 14) -> Span | None:
    """The apposition after a mention: ", the president of the committee," -> that span."""
    doc = ctx.doc
    i = m.tok[1]
    if i >= len(doc) or doc[i].text != ",":
        return None
    start = i + 1
    end = start
    sent_end = ctx.sents[m.sent].end
    while end < min(len(doc), sent_end, start + limit) and doc[end].text not in _SEGMENT_STOP:
        end += 1
    return doc[start:end] if end > start else None


def _window_before(ctx: Ctx, m: Mention, limit: int = 5) -> Span | None:
    """The words right before a mention, back to punctuation or another mention."""
    doc = ctx.doc
    end = m.tok[0]
    start = end
    sent_start = ctx.sents[m.sent].start
    others = [
        o.tok
        for o in ctx.mentions
        if o.type in ("person", "unit") and o.sent == m.sent and o.tok[1] <= end and o is not m
    ]
    floor = max([t[1] for t in others], default=sent_start)
    while start > max(sent_start, floor, end - limit) and doc[start - 1].text not in _SEGMENT_STOP:
        start -= 1
    return doc[start:end] if end > start else None


def _phrase_before_comma(ctx: Ctx, m: Mention, limit: int = 10) -> Span | None:
    """The phrase a name closes as an apposition: "la jueza que leyó la sentencia, Patricia Bustamante"."""
    doc = ctx.doc
    i = m.tok[0] - 1
    sent_start = ctx.sents[m.sent].start
    if i <= sent_start or doc[i].text != ",":
        return None
    end = i
    start = end
    while start > max(sent_start, end - limit) and doc[start - 1].text not in _SEGMENT_STOP:
        start -= 1
    return doc[start:end] if end > start else None


def _cue_role(cues: RoleCues, span: Span | None, *, last: bool) -> tuple[str, str] | None:
    if span is None:
        return None
    hits = [(sp, code) for sp, code in cues.roles.find(span)]
    if not hits:
        return None
    sp, code = hits[-1] if last else hits[0]
    return code, sp.text


def _root(ctx: Ctx, m: Mention) -> Token | None:
    if m.tok[1] <= m.tok[0]:
        return None
    return ctx.doc[m.tok[0] : m.tok[1]].root


def _climb(tok: Token) -> Token:
    """From a name up through appositions and compounds to the noun that takes the clause role."""
    while tok.dep_ in ("appos", "compound", "conj", "flat", "flat:name") and tok.head is not tok:
        tok = tok.head
    return tok


def _is_patient(ctx: Ctx, m: Mention, viol_tokens: list[Token]) -> bool:
    if ctx.parsed:
        r = _root(ctx, m)
        if r is None:
            return False
        t = _climb(r)
        group = {t, *t.conjuncts}
        for v in viol_tokens:
            if t.head == v and t.dep_ in PATIENT:
                return True
            # "los normalistas desaparecidos", "X y Y, desaparecidos desde 2018", "José, asesinado en ..."
            # (a past participle: "soldiers killing civilians" modifies the agent)
            if v.dep_ in ("amod", "acl") and v.head in group and v.tag_ != "VBG" and "Pres" not in v.morph.get("Tense"):
                return True
            # "the killing of Juan López", "el asesinato de Juan López"
            if t.dep_ in ("pobj", "nmod") and t.head.head == v and t.head.lower_ in ("of", "de") and v.pos_ == "NOUN":
                return True
            if t.dep_ == "nmod" and t.head == v and v.pos_ == "NOUN":
                return True
        return False
    # no parse (blank Spanish pipeline): the personal "a" right after a violation verb
    doc = ctx.doc
    for v in viol_tokens:
        j = v.i + 1
        while j < m.tok[0] and j - v.i <= 3 and doc[j].lower_ in ("a", "al", "la", "el", "los", "las"):
            j += 1
        if j == m.tok[0] and j > v.i + 1 and doc[v.i + 1].lower_ in ("a", "al"):
            return True
    return False


def _speaks(ctx: Ctx, cues: RoleCues, m: Mention) -> bool:
    doc = ctx.doc
    sent = ctx.sents[m.sent]
    # "said Juan López", "denunció Juan López", "according to Juan López", "según Juan López"
    before = doc[max(sent.start, m.tok[0] - 5) : m.tok[0]]
    for sp, _c in cues.speech.find(before):
        between = doc[sp.end : m.tok[0]]
        if (
            sp.end == m.tok[0]
            or all(
                t.pos_ not in ("VERB", "AUX") and t.text not in _SEGMENT_STOP and not t.is_sent_start for t in between
            )
            and all(t.is_lower or t.is_title for t in between)
        ):
            return True
    # "Juan López said", "Juan López, the lawyer of the families, told reporters"
    after_start = m.tok[1]
    seg = _segment_after(ctx, m)
    if seg is not None:
        after_start = seg.end + (1 if seg.end < len(doc) and doc[seg.end].text == "," else 0)
    after = doc[after_start : min(sent.end, after_start + 3)]
    for sp, _c in cues.speech.find(after):
        if sp.start == after_start or (sp.start == after_start + 1 and doc[after_start].pos_ in ("AUX", "ADV")):
            return True
    if ctx.parsed:
        r = _root(ctx, m)
        if r is not None:
            t = _climb(r)
            if t.dep_ in SUBJ and cues.speech.find(doc[t.head.i : t.head.i + 1]):
                return True
    return False


def _subject_of_judicial(ctx: Ctx, m: Mention, status_tokens: dict[int, str]) -> bool:
    """The subject of a judicial step: "Judge X sentenced ...", "X ... realizan una investigación"."""
    if not ctx.parsed:
        return False
    r = _root(ctx, m)
    if r is None:
        return False
    t = _climb(r)
    if t.dep_ not in SUBJ:
        return False
    verb = t.head
    if status_tokens.get(verb.i) in JUDICIAL_STATUSES:
        return True
    for ch in verb.children:
        if ch.dep_ in PATIENT and status_tokens.get(ch.i) in JUDICIAL_STATUSES:
            return True  # "realizan una investigación"
        if ch.dep_ in ("ccomp", "xcomp") and any(status_tokens.get(x.i) in JUDICIAL_STATUSES for x in ch.subtree):
            return True  # "had directed that the incident be thoroughly investigated"
    return False


def is_agent(ctx: Ctx, m: Mention) -> bool:
    """The mention is the subject or agent of a verb that is not one of speaking (parse only)."""
    if not ctx.parsed:
        return False
    r = _root(ctx, m)
    if r is None:
        return False
    t = _climb(r)
    cues = role_cues(ctx.lx.nlp, ctx.lang)
    if t.dep_ in SUBJ and t.head.pos_ in ("VERB", "AUX"):
        return not cues.speech.find(ctx.doc[t.head.i : t.head.i + 1])
    return t.dep_ == "pobj" and t.head.lower_ == "by" or t.dep_ == "agent"


def person_role(ctx: Ctx, m: Mention, viol_tokens: list[Token], status_tokens: dict[int, str]) -> tuple[str, str]:
    """(role code, the evidence in words) of a person mention in an incident's sentence."""
    cues = role_cues(ctx.lx.nlp, ctx.lang)
    if _is_patient(ctx, m, viol_tokens):
        return "victim", "object of the violation"
    hit = (
        _cue_role(cues, _segment_after(ctx, m), last=False)
        or _cue_role(cues, _window_before(ctx, m), last=True)
        or _cue_role(cues, _phrase_before_comma(ctx, m), last=False)
    )
    if ctx.parsed and hit is None:
        r = _root(ctx, m)
        if r is not None and r.dep_ == "appos" and r.head.i < m.tok[0]:
            # "The journalist who broke the story, Carmen Aristegui, ..."
            sub = [t for t in r.head.subtree if t.i < m.tok[0]]
            hit = _cue_role(cues, ctx.doc[sub[0].i : sub[-1].i + 1], last=False) if sub else None
        if r is not None and hit is None:
            for ch in r.children:
                if ch.dep_ in ("appos", "relcl", "acl"):
                    sub = list(ch.subtree)
                    hit = _cue_role(cues, ctx.doc[sub[0].i : sub[-1].i + 1], last=False)
                    if hit:
                        break
    speaks = _speaks(ctx, cues, m)
    if hit is not None:
        code, words = hit
        if cues.perpetrator_ok.get(code, True) is False:
            return code, words
        if code == "official" and speaks:
            return "official", words
    if _subject_of_judicial(ctx, m, status_tokens):
        return "judicial", "subject of a judicial verb"
    if speaks:
        if m.attrs.get("title") or m.attrs.get("rank") or hit is not None:
            return "official", "speaks, with a title"
        return "source", "speaks"
    return "perpetrator", "named with the violation"


def unit_role(ctx: Ctx, m: Mention, viol_tokens: list[Token], status_tokens: dict[int, str]) -> tuple[str, str]:
    if _is_patient(ctx, m, viol_tokens):
        return "victim", "object of the violation"
    if _subject_of_judicial(ctx, m, status_tokens):
        return "judicial", "subject of a judicial verb"
    return "perpetrator", "named with the violation"
