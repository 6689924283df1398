"""The shape of a proposed claim: the contract between extraction, the review queue and
``forcecheck ingest --json``.

A ``ProposedClaim`` has a ``type`` (person, unit, armed_group, place, date, money, posting,
incident, assistance, certification), the mention ``text``, its character ``span`` in the
cleaned document text, the ``sentence`` that contains it, and type-specific ``attrs``:

* person:        name, given_names, paternal_surname, maternal_surname, aliases (list),
                 title (e.g. "Sheriff"), rank (as written, e.g. "Maj.-Gen."; never part of name);
                 rank_code (vocab ranks code) and retired (true for "Col. (rtd)") when a rank
                 was read before the name
* unit:          name, classification (vocab unit_classifications), government_level,
                 place (the town/state that qualifies it), country; kind: "unit" or
                 "operation" (named operations and task forces: the SFM ``member-of`` kind);
                 abbreviation and aliases (list) when the text defines one ("(MNJTF)") or the
                 mention is that abbreviation
* armed_group:   name
* place:         name, kind (city, state, country, other)
* date:          value (partial ISO), approx (bool), expression (the words)
* money:         amount (number), currency, expression
* posting:       person (name or null when unnamed), role (vocab roles code, or "member" for a
                 ranked person of a unit), title, unit (name), place, status (current/former),
                 is_commander, rank (the person's rank as written, or null)
* incident:      violation_types (vocab codes), source_words (list), perpetrator_units
                 (names), perpetrator_persons (names), perpetrator_classification,
                 victims ({"count": int|None, "description": str|None}), place, date
                 (partial ISO or null), status (vocab incident_statuses);
                 also perpetrator_groups (non-state armed groups named with the
                 perpetrators), date_approx, gvhr (bool)
* assistance:    donor, recipient, amount, currency, quantity (e.g. trainees), period
                 ({"start": ..., "end": ...} partial ISO or null), kind (vocab
                 assistance_kinds), program; trainees (who was trained) when quantity is set
* certification: statistic (e.g. "more than 10 percent"), subject (who was evaluated),
                 outcome (failed/approved/removed), place

``links`` maps a name in attrs to the id of an entity already in the evidence base
(e.g. {"name": "sfm-unit-..."}), when the mention resolves to one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CLAIM_TYPES = (
    "person",
    "unit",
    "armed_group",
    "place",
    "date",
    "money",
    "posting",
    "incident",
    "assistance",
    "certification",
)


@dataclass
class ProposedClaim:
    type: str
    text: str
    span: tuple[int, int]
    sentence: str
    attrs: dict[str, Any] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)
    confidence: str = "low"

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``forcecheck ingest --json``: attrs are flattened beside the core keys."""
        out: dict[str, Any] = {"type": self.type, "text": self.text, "span": list(self.span), "sentence": self.sentence}
        out.update(self.attrs)
        if self.links:
            out["links"] = dict(self.links)
        return out
