"""The evidence walk: from a person or a unit to the incidents the evidence base ties to it.

Person (:func:`walk_person`):

* **named perpetrator**: incidents that name the person as a perpetrator;
* for each accepted posting, incidents of the unit whose dates overlap the posting:
  **commander of the perpetrator unit at the time** (the posting is a command) or **member of
  a unit implicated**; for a command, also incidents of units that were subordinate
  (``child-of``, transitively) *while* they were subordinate and while the person commanded
  (**commander of a superior of the perpetrator unit**: command responsibility down the chain).

Unit (:func:`walk_unit`): incidents of the unit itself, of its subordinates while they were
subordinate, and of its parents while it was their child or member; each hit names the
commanders of the perpetrator unit (and of the screened unit) at the time of the incident.

An incident is tied to a unit either because the record names the unit as perpetrator
(*recorded*) or by :mod:`forcecheck.screen.linkage` (*inferred*, with its reasons). Every
overlap is judged by :func:`forcecheck.screen.timing.fit`, and the hit says how certain it
is ("within the cited dates" or "possible: ...").
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

from .. import settings, vocab
from ..store.models import Incident, IncidentPerpetrator, Posting, UnitRelation
from .graph import Evidence
from .linkage import InferredLink, infer_link
from .result import RELATIONS, FactRef, Hit
from .timing import Fit, describe_dates, fit, incident_interval, weakest

#: How much each part of a hit weighs in ranking (times the name score): data, in
#: ``vocab/screening_severities.csv`` and ``vocab/screening_relations.csv`` (column ``weight``).
SEVERITY_WEIGHT: dict[str, float] = {r["code"]: float(r["weight"]) for r in vocab.load("screening_severities")}
RELATION_WEIGHT: dict[str, float] = {r["code"]: float(r["weight"]) for r in vocab.load("screening_relations")}
INFERRED_WEIGHT = 0.85
MAX_DEPTH = 8


@dataclass
class UnitIncident:
    incident: Incident
    unit_id: str  # the perpetrator unit (recorded or inferred)
    perpetrator: IncidentPerpetrator | None  # recorded
    inferred: InferredLink | None


class Walker:
    """Walks one :class:`Evidence`; caches each unit's incidents and subordinates."""

    def __init__(self, ev: Evidence):
        self.ev = ev
        self._unit_incidents: dict[str, list[UnitIncident]] = {}
        self._unlinked: list[Incident] | None = None

    # -------------------------------------------------------------- building blocks

    def unit_incidents(self, unit_id: str) -> list[UnitIncident]:
        if unit_id not in self._unit_incidents:
            ev = self.ev
            out = [UnitIncident(inc, unit_id, pp, None) for inc, pp in ev.incidents_by_unit.get(unit_id, [])]
            if self._unlinked is None:
                self._unlinked = [i for i in ev.incidents.values() if not ev.has_recorded_unit(i.id)]
            for inc in self._unlinked:
                link = infer_link(ev, inc, unit_id)
                if link is not None:
                    out.append(UnitIncident(inc, unit_id, None, link))
            self._unit_incidents[unit_id] = out
        return self._unit_incidents[unit_id]

    def descendants(self, unit_id: str) -> list[tuple[str, list[UnitRelation]]]:
        """Units under ``unit_id`` through ``child-of`` relations, each with the path of relations."""
        out: list[tuple[str, list[UnitRelation]]] = []
        queue: deque[tuple[str, list[UnitRelation]]] = deque([(unit_id, [])])
        seen = {unit_id}
        while queue:
            uid, path = queue.popleft()
            if len(path) >= MAX_DEPTH:
                continue
            for rel in self.ev.children.get(uid, []):
                if rel.relation != "child-of" or rel.unit_id in seen:
                    continue
                seen.add(rel.unit_id)
                item = (rel.unit_id, path + [rel])
                out.append(item)
                queue.append(item)
        return out

    def path_fits(self, path: list[UnitRelation], interval) -> list[Fit] | None:
        fits = []
        for rel in path:
            f = fit(
                self.ev.claim(rel.claim_id),
                interval,
                what=f"the subordination of {self.ev.unit_name(rel.unit_id)} to {self.ev.unit_name(rel.parent_id)}",
            )
            if f is None:
                return None
            fits.append(f)
        return fits

    def commanders_at(self, unit_id: str, interval) -> list[dict[str, Any]]:
        out = []
        for p in self.ev.postings_by_unit.get(unit_id, []):
            if not p.is_commander:
                continue
            f = fit(self.ev.claim(p.claim_id), interval, what="the command")
            if f is None:
                continue
            out.append(
                {
                    "person_id": p.person_id,
                    "name": self.ev.person_name(p.person_id),
                    "unit_id": unit_id,
                    "unit": self.ev.unit_name(unit_id),
                    "role": p.role,
                    "rank": p.rank,
                    "posting_id": p.id,
                    "posting_dates": describe_dates(self.ev.claim(p.claim_id)),
                    "certainty": f.level,
                    "certainty_label": f.label,
                }
            )
        out.sort(
            key=lambda c: -{"within": 4, "open": 3, "later": 2, "earlier": 2, "undated": 1}.get(str(c["certainty"]), 0)
        )
        return out

    def _posting_summary(self, p: Posting) -> dict[str, Any]:
        return {
            "id": p.id,
            "unit_id": p.unit_id,
            "unit": self.ev.unit_name(p.unit_id),
            "role": p.role,
            "rank": p.rank,
            "title": p.title,
            "is_commander": p.is_commander,
            "dates": describe_dates(self.ev.claim(p.claim_id)),
        }

    def _posting_line(self, p: Posting) -> str:
        role = p.role or ("commander" if p.is_commander else "member")
        rank = f" ({p.rank})" if p.rank else ""
        return f"posting: {role}{rank} of {self.ev.unit_name(p.unit_id)}, {describe_dates(self.ev.claim(p.claim_id))}"

    def _incident_hit(
        self,
        ui: UnitIncident,
        *,
        relation: str,
        subject_type: str,
        subject_id: str,
        subject_name: str,
        fits: list[Fit],
        lines: list[str],
        facts: list[FactRef],
        chain: list[str],
        posting: dict[str, Any] | None = None,
    ) -> Hit:
        ev, inc = self.ev, ui.incident
        if ui.inferred is not None:
            fits = fits + [ui.inferred.time]
        overall = weakest(fits)
        severity = ev.severity(inc)
        link = "inferred" if ui.inferred is not None else "recorded"
        perp_unit = {"id": ui.unit_id, "name": ev.unit_name(ui.unit_id)}
        explanation = [f"incident: {ev.incident_line(inc)}", f"relation: {_label(relation)}"] + lines
        if ui.inferred is not None:
            explanation += ui.inferred.explanation()
            facts = facts + ui.inferred.facts
        else:
            explanation.append(f"recorded perpetrator unit: {perp_unit['name']}")
            if ui.perpetrator is not None:
                facts = facts + [
                    ev.fact(
                        "incident_perpetrator",
                        ui.perpetrator.id,
                        ui.perpetrator.claim_id,
                        f"perpetrator of the incident: {perp_unit['name']}",
                    )
                ]
        explanation.append(f"overall certainty of the time overlap: {overall.label}")
        facts = facts + [ev.fact("incident", inc.id, inc.claim_id, f"incident {ev.incident_line(inc)}")]
        weight = (
            SEVERITY_WEIGHT[severity]
            * overall.weight
            * RELATION_WEIGHT[relation]
            * (INFERRED_WEIGHT if ui.inferred else 1.0)
        )
        return Hit(
            kind="incident",
            relation=relation,
            link=link,
            certainty=overall.level,
            certainty_label=overall.label,
            severity=severity,
            subject_type=subject_type,
            subject_id=subject_id,
            subject_name=subject_name,
            explanation=explanation,
            facts=_dedupe_facts(facts),
            incident=ev.incident_summary(inc),
            via_unit=perp_unit,
            posting=posting,
            chain=chain,
            weight=weight,
            inference=ui.inferred.reasons() if ui.inferred is not None else None,
        )

    # -------------------------------------------------------------- persons

    def walk_person(self, person_id: str) -> list[Hit]:
        ev = self.ev
        name = ev.person_name(person_id)
        hits: list[Hit] = []
        for inc, pp in ev.incidents_by_person.get(person_id, []):
            severity = ev.severity(inc)
            explanation = [
                f"incident: {ev.incident_line(inc)}",
                f"relation: {_label('named_perpetrator')}",
                f"the incident record names {name} as a perpetrator",
                "overall certainty of the time overlap: recorded",
            ]
            facts = [
                ev.fact("incident_perpetrator", pp.id, pp.claim_id, f"perpetrator of the incident: {name}"),
                ev.fact("incident", inc.id, inc.claim_id, f"incident {ev.incident_line(inc)}"),
            ]
            hits.append(
                Hit(
                    kind="incident",
                    relation="named_perpetrator",
                    link="recorded",
                    certainty="within",
                    certainty_label="recorded: the person is named in the incident record",
                    severity=severity,
                    subject_type="person",
                    subject_id=person_id,
                    subject_name=name,
                    explanation=explanation,
                    facts=facts,
                    incident=ev.incident_summary(inc),
                    weight=SEVERITY_WEIGHT[severity],
                )
            )
        for p in ev.postings_by_person.get(person_id, []):
            pclaim = ev.claim(p.claim_id)
            role = (p.role or ("commander" if p.is_commander else "member")) + (f" ({p.rank})" if p.rank else "")
            posting_fact = ev.fact("posting", p.id, p.claim_id, f"{name}: {role} of {ev.unit_name(p.unit_id)}")
            scope: list[tuple[str, list[UnitRelation]]] = [(p.unit_id, [])]
            if p.is_commander:
                scope += self.descendants(p.unit_id)
            for uid, path in scope:
                for ui in self.unit_incidents(uid):
                    interval = incident_interval(ui.incident)
                    f_post = fit(pclaim, interval, what="the posting")
                    if f_post is None:
                        continue
                    f_path = self.path_fits(path, interval)
                    if f_path is None:
                        continue
                    relation = ("superior_commander" if path else "commander") if p.is_commander else "member"
                    lines = [self._posting_line(p), f"time (posting): {f_post.label}"]
                    chain = [ev.unit_name(p.unit_id)] + [ev.unit_name(r.unit_id) for r in path]
                    facts = [posting_fact]
                    if path:
                        lines.append("chain of command at the time: " + " > ".join(chain))
                        for r, f in zip(path, f_path, strict=True):
                            lines.append(
                                f"time ({ev.unit_name(r.unit_id)} under {ev.unit_name(r.parent_id)}): {f.label}"
                            )
                            facts.append(
                                ev.fact(
                                    "unit_relation",
                                    r.id,
                                    r.claim_id,
                                    f"{ev.unit_name(r.unit_id)} {r.relation} {ev.unit_name(r.parent_id)}",
                                )
                            )
                    hit = self._incident_hit(
                        ui,
                        relation=relation,
                        subject_type="person",
                        subject_id=person_id,
                        subject_name=name,
                        fits=[f_post] + f_path,
                        lines=lines,
                        facts=facts,
                        chain=chain if path else [],
                        posting=self._posting_summary(p),
                    )
                    self._contest(hit, p, f_post, interval)
                    hits.append(hit)
        return merge_paths(hits)

    def _related_units(self, unit_id: str) -> set[str]:
        """The unit, the units above it and the units under it (a posting there is not 'elsewhere')."""
        related = {unit_id} | {uid for uid, _ in self.descendants(unit_id)}
        queue = [unit_id]
        while queue:
            for rel in self.ev.parents.get(queue.pop(), []):
                if rel.parent_id not in related:
                    related.add(rel.parent_id)
                    queue.append(rel.parent_id)
        return related

    def contrary_postings(self, p: Posting, f_post: Fit, interval) -> list[tuple[Posting, str]]:
        """Postings of the same person elsewhere that speak against ``p`` holding at the time of ``interval``:
        a later posting (first cited after ``p`` was, and begun by the time of the incident) when ``p`` has no
        recorded end covering the incident, or a posting elsewhere recorded to cover the incident's dates."""
        ev = self.ev
        first_p = ev.claim(p.claim_id).first_date if ev.claim(p.claim_id) else None
        related = self._related_units(p.unit_id)
        out = []
        for q in ev.postings_by_person.get(p.person_id, []):
            if q.id == p.id or q.unit_id in related:
                continue
            fq = fit(ev.claim(q.claim_id), interval, what="the other posting")
            if fq is None or fq.level == "earlier":
                continue
            qclaim = ev.claim(q.claim_id)
            first_q = qclaim.first_date if qclaim else None
            role = q.role or ("commander" if q.is_commander else "member")
            where = f"{role} of {ev.unit_name(q.unit_id)}, {describe_dates(qclaim)}"
            if not f_post.certain and first_q and first_p and first_q > first_p:
                out.append(
                    (
                        q,
                        f"a later posting elsewhere: {where}; it had begun by the time of the incident, so the "
                        f"posting at {ev.unit_name(p.unit_id)} (no recorded end) may have ended before it",
                    )
                )
            elif fq.certain:
                out.append((q, f"an overlapping posting elsewhere: {where}, recorded to cover the incident's dates"))
        return out

    def _contest(self, hit: Hit, p: Posting, f_post: Fit, interval) -> None:
        """Lower the certainty of a hit through posting ``p`` when the evidence speaks against it, and say why."""
        contrary = self.contrary_postings(p, f_post, interval)
        if not contrary:
            return
        ev = self.ev
        for q, line in contrary:
            hit.against.append(line)
            hit.explanation.append(f"against: {line}")
            hit.facts.append(
                ev.fact(
                    "contrary_posting",
                    q.id,
                    q.claim_id,
                    f"{ev.person_name(q.person_id)}: {q.role or 'member'} of {ev.unit_name(q.unit_id)}",
                )
            )
        hit.certainty = "contested"
        hit.certainty_label = (
            f"{hit.certainty_label}; contested: {len(contrary)} fact(s) in the evidence speak against it"
        )
        hit.weight *= settings.SCREEN_CONTESTED_WEIGHT

    # -------------------------------------------------------------- units

    def walk_unit(self, unit_id: str) -> list[Hit]:
        ev = self.ev
        name = ev.unit_name(unit_id)
        hits: list[Hit] = []
        scope: list[tuple[str, str, list[UnitRelation]]] = [(unit_id, "unit_perpetrator", [])]
        scope += [(uid, "subordinate_unit", path) for uid, path in self.descendants(unit_id)]
        scope += [(rel.parent_id, "parent_unit", [rel]) for rel in ev.parents.get(unit_id, [])]
        for uid, relation, path in scope:
            for ui in self.unit_incidents(uid):
                interval = incident_interval(ui.incident)
                f_path = self.path_fits(path, interval)
                if f_path is None:
                    continue
                lines, facts = [], []
                if relation == "subordinate_unit":
                    chain = [name] + [ev.unit_name(r.unit_id) for r in path]
                    lines.append("chain of command at the time: " + " > ".join(chain))
                elif relation == "parent_unit":
                    chain = [ev.unit_name(uid), name]
                    lines.append(f"{name} was {path[0].relation} {ev.unit_name(uid)} at the time")
                else:
                    chain = []
                for r, f in zip(path, f_path, strict=True):
                    lines.append(
                        f"time ({ev.unit_name(r.unit_id)} {r.relation} {ev.unit_name(r.parent_id)}): {f.label}"
                    )
                    facts.append(
                        ev.fact(
                            "unit_relation",
                            r.id,
                            r.claim_id,
                            f"{ev.unit_name(r.unit_id)} {r.relation} {ev.unit_name(r.parent_id)}",
                        )
                    )
                if not f_path and ui.inferred is None:
                    f_path = [Fit("within", "recorded: the unit is named in the incident record", 1.0)]
                commanders = self.commanders_at(uid, interval)
                if uid != unit_id:
                    commanders += self.commanders_at(unit_id, interval)
                if commanders:
                    lines.append(
                        "commanders at the time: "
                        + "; ".join(
                            f"{c['name']} ({c['role'] or 'commander'} of {c['unit']}, {c['certainty_label']})"
                            for c in commanders
                        )
                    )
                    for c in commanders:
                        p = next(x for x in ev.postings_by_unit[c["unit_id"]] if x.id == c["posting_id"])
                        facts.append(
                            ev.fact(
                                "posting", p.id, p.claim_id, f"{c['name']}: {c['role'] or 'commander'} of {c['unit']}"
                            )
                        )
                else:
                    lines.append("commanders at the time: none recorded")
                hit = self._incident_hit(
                    ui,
                    relation=relation,
                    subject_type="unit",
                    subject_id=unit_id,
                    subject_name=name,
                    fits=f_path,
                    lines=lines,
                    facts=facts,
                    chain=chain,
                )
                hit.commanders = commanders
                hits.append(hit)
        return merge_paths(hits)


def _label(relation: str) -> str:
    return RELATIONS.get(relation, relation)


def _dedupe_facts(facts: list[FactRef]) -> list[FactRef]:
    seen, out = set(), []
    for f in facts:
        if (f.kind, f.id) not in seen:
            seen.add((f.kind, f.id))
            out.append(f)
    return out


def merge_paths(hits: list[Hit]) -> list[Hit]:
    """One hit per (subject, incident): the strongest path, the others listed in ``other_paths``."""
    best: dict[tuple[str, str], Hit] = {}
    others: dict[tuple[str, str], list[Hit]] = {}
    for h in sorted(hits, key=lambda h: -h.weight):
        k = h.key()
        if k not in best:
            best[k] = h
            others[k] = []
        else:
            others[k].append(h)
    out = []
    for k, h in best.items():
        for o in others[k]:
            via = f" via {o.posting['unit']}" if o.posting else (f" via {o.via_unit['name']}" if o.via_unit else "")
            line = f"{_label(o.relation)}{via} ({o.link}; {o.certainty_label})"
            if line not in h.other_paths:
                h.other_paths.append(line)
        out.append(h)
    return out


def walk_person(ev: Evidence, person_id: str) -> list[Hit]:
    return Walker(ev).walk_person(person_id)


def walk_unit(ev: Evidence, unit_id: str) -> list[Hit]:
    return Walker(ev).walk_unit(unit_id)
