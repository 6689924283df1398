"""Inferred links: Security Force Monitor's linkage rule for incidents that name no unit.

Most incident records say only who the perpetrators were in general ("Ejército",
"soldiers", "police"). SFM links such an incident to a unit when three things agree:

* **place**: the incident happened where the unit is based or operates: the same location
  (OSM id) as one of the unit's sites or areas of operation, the same locality by name
  ("Ojinaga, Chihuahua" and a site in Ojinaga), the locality named in the unit's own name
  ("Guarnición Militar de Ojinaga"), the incident's place description naming the unit
  ("Guarnición Militar en Ojinaga"), or the incident point inside the unit's area of
  operations;
* **time**: the unit was there (or existed, for a place taken from its name) at the time,
  judged with :func:`forcecheck.screen.timing.fit`;
* **classification**: the perpetrators' classification is compatible with the unit's
  ("Ejército" with an army unit; "Militar" with any military unit; never "Policía" with an
  army unit). Compatibility is data: ``vocab/unit_classifications.csv`` (terms) and
  ``vocab/classification_compat.csv`` (army, navy and air force are military).

An inferred link is never presented as recorded: :class:`InferredLink` carries the reasons.
Placeholder units never receive an inferred link (they cannot be perpetrators).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from .. import vocab
from ..match.normalize import norm
from ..store.models import Incident, Location, Unit
from .graph import Evidence
from .result import FactRef
from .timing import Fit, fit, incident_interval, weakest


@cache
def _particles() -> frozenset[str]:
    """Words that carry no place or unit meaning when a description is compared with a unit name: the
    one-word name particles (``vocab/name_particles.csv``) and prepositions (``vocab/function_words.csv``)."""
    words = {norm(r["code"]) for name in ("name_particles", "function_words") for r in vocab.load(name)}
    return frozenset(w for w in words if w and " " not in w)


@cache
def _term_codes() -> dict[str, str]:
    out: dict[str, str] = {}
    for row in vocab.load("unit_classifications"):
        code = row["code"]
        for cell in (
            row.get("terms_en", ""),
            row.get("terms_es", ""),
            row.get("label_en", ""),
            row.get("label_es", ""),
            code,
        ):
            for t in vocab.terms(cell.replace(" / ", ";")):
                out.setdefault(norm(t), code)
    return out


@cache
def _broader() -> dict[str, set[str]]:
    return {r["code"]: set(vocab.terms(r.get("broader", ""))) for r in vocab.load("classification_compat")}


def classification_codes(texts: list[str]) -> set[str]:
    """Vocabulary codes of free-text classifications ('Ejército' -> army, 'Militar' -> military)."""
    table = _term_codes()
    out: set[str] = set()
    for t in texts:
        n = norm(t)
        if n in table:
            out.add(table[n])
    return out


def unit_codes(unit: Unit) -> set[str]:
    codes = {unit.classification} if unit.classification else set()
    return codes | classification_codes(vocab.terms(unit.classifications_raw or ""))


def compatible(a: set[str], b: set[str]) -> list[tuple[str, str]]:
    """Pairs (incident code, unit code) that are compatible: equal, or one is broader than the other."""
    broader = _broader()
    pairs = []
    for x in sorted(a):
        for y in sorted(b):
            if x == y or x in broader.get(y, set()) or y in broader.get(x, set()):
                pairs.append((x, y))
    return pairs


def _locality(name: str | None) -> str:
    """'Ojinaga, Chihuahua' -> 'ojinaga' (the first, most specific part of a place name)."""
    return norm((name or "").split(",")[0])


def _contains_phrase(haystack: str, needle: str) -> bool:
    return bool(needle) and f" {needle} " in f" {haystack} "


def _content_tokens(text: str) -> set[str]:
    return {t for t in norm(text).split() if t not in _particles()}


def _in_bbox(loc: Location | None, area: Location | None) -> bool:
    if loc is None or area is None or loc.longitude is None or loc.latitude is None or not area.bbox:
        return False
    try:
        x0, y0, x1, y1 = (float(v) for v in area.bbox.split(","))
    except ValueError:
        return False
    return x0 <= loc.longitude <= x1 and y0 <= loc.latitude <= y1


@dataclass
class InferredLink:
    incident_id: str
    unit_id: str
    place: list[str]
    time: Fit
    classification: str
    facts: list[FactRef] = field(default_factory=list)

    def reasons(self) -> dict[str, object]:
        """The three reasons as data: place (list), time (the certainty wording), time_certainty, classification."""
        return {
            "place": list(self.place),
            "time": self.time.label,
            "time_certainty": self.time.level,
            "classification": self.classification,
        }

    def explanation(self) -> list[str]:
        return [
            "inferred link (Security Force Monitor's linkage rule): the record names no perpetrator unit, so place, time and classification were matched",
            "place: " + "; ".join(self.place),
            "time: " + self.time.label,
            "classification: " + self.classification,
        ]


def infer_link(ev: Evidence, incident: Incident, unit_id: str) -> InferredLink | None:
    """The inferred link of ``incident`` to the unit, or None when place, time or classification disagree
    (or the incident already names its perpetrator unit)."""
    unit = ev.units.get(unit_id)
    if unit is None or unit.is_placeholder or unit.is_ministry or ev.has_recorded_unit(incident.id):
        return None
    classes = ev.classifications(incident)
    pairs = compatible(classification_codes(classes), unit_codes(unit))
    if not pairs:
        return None
    interval = incident_interval(incident)
    inc_loc = ev.locations.get(incident.location_id) if incident.location_id else None
    locality = _locality(incident.place_text) or _locality(inc_loc.name if inc_loc else None)
    place: list[str] = []
    time_fits: list[Fit] = []
    facts: list[FactRef] = []
    # 1. sites and areas of operation
    for site in ev.sites.get(unit_id, []):
        loc = ev.locations.get(site.location_id)
        where = "base" if site.kind == "site" else "area of operations"
        reason = None
        if incident.location_id and site.location_id == incident.location_id:
            reason = f"the incident's location is the unit's {where} ({loc.name if loc else site.location_id})"
        elif loc is not None and locality and _locality(loc.name) == locality:
            reason = f"the incident's locality '{locality}' is the unit's {where} ({loc.name})"
        elif site.kind == "aoo" and _in_bbox(inc_loc, loc):
            reason = f"the incident's location lies within the unit's area of operations ({loc.name if loc else site.location_id})"
        if reason is None:
            continue
        f = fit(ev.claim(site.claim_id), interval, what=f"the unit's {where}")
        if f is None:
            continue
        place.append(reason)
        time_fits.append(f)
        facts.append(
            ev.fact(
                "unit_site", site.id, site.claim_id, f"{unit.name}: {where} {loc.name if loc else site.location_id}"
            )
        )
    # 2. the unit's own names and base: a place in its name holds as long as the unit exists
    names = ev.all_unit_names(unit_id) + ([unit.headquarters] if unit.headquarters else [])
    name_reasons: list[str] = []
    if locality:
        hit = next((n for n in names if _contains_phrase(norm(n), locality)), None)
        if hit:
            field = "headquarters" if hit == unit.headquarters and hit not in ev.all_unit_names(unit_id) else "name"
            name_reasons.append(
                f"the incident's locality '{incident.place_text or locality}' is named in the unit's {field} '{hit}'"
            )
    if incident.place_description:
        # the description names the unit when every word of one of its names is in it, and that name is
        # distinctive: it carries a number or a place ("Guarnición Militar" alone names every garrison)
        desc = _content_tokens(incident.place_description)
        places = _content_tokens(" ".join(filter(None, [incident.place_text, inc_loc.name if inc_loc else None])))

        def distinctive(tokens: set[str]) -> bool:
            return any(t.isdigit() for t in tokens) or bool(tokens & places)

        hit = next(
            (
                n
                for n in names
                if len(_content_tokens(n)) >= 2 and _content_tokens(n) <= desc and distinctive(_content_tokens(n))
            ),
            None,
        )
        if hit:
            name_reasons.append(
                f"the incident's place description '{incident.place_description}' names the unit ('{hit}')"
            )
    if name_reasons:
        f = fit(ev.claim(unit.claim_id), interval, what="the unit")
        if f is not None:
            place += name_reasons
            time_fits.append(f)
            facts.append(ev.fact("unit", unit.id, unit.claim_id, f"unit {unit.name}"))
    if not place:
        return None
    # the best-supported place reason decides the time certainty
    best = max(time_fits, key=lambda f: f.weight)
    shown = ", ".join(f"'{c}'" for c in classes)
    unit_cls = unit.classifications_raw or unit.classification or ""
    classification = f"the perpetrators are recorded only as {shown}, compatible with the unit's classification '{unit_cls}' ({', '.join(f'{a}~{b}' for a, b in pairs)})"
    return InferredLink(incident.id, unit_id, place, best, classification, facts)


def inferred_units(ev: Evidence, incident: Incident) -> list[InferredLink]:
    """Every unit an incident without a recorded perpetrator unit can be linked to by the rule."""
    return [link for uid in ev.units if (link := infer_link(ev, incident, uid)) is not None]


__all__ = ["InferredLink", "infer_link", "inferred_units", "classification_codes", "compatible", "weakest"]
