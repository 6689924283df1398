"""How the walk presents an incident to people: a summary dict and a one-line description."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import vocab
from ..store.models import Incident

if TYPE_CHECKING:
    from .graph import Evidence


def incident_summary(ev: Evidence, inc: Incident) -> dict[str, Any]:
    vs = ev.violations.get(inc.id, [])
    loc = ev.locations.get(inc.location_id) if inc.location_id else None
    return {
        "id": inc.id,
        "title": inc.title,
        "start_date": inc.start_date,
        "end_date": inc.end_date,
        "place": inc.place_text or (loc.name if loc else None),
        "place_description": inc.place_description,
        "violations": [
            {
                "code": v.code,
                "label": vocab.label("violation_types", v.code),
                "source_words": v.source_words,
                "gvhr": v.is_gvhr,
            }
            for v in vs
        ],
        "is_gvhr": bool(inc.is_gvhr or any(v.is_gvhr for v in vs)),
        "status": inc.status,
        "status_history": [
            {"status": s.status, "date": s.date}
            for s in sorted(ev.statuses.get(inc.id, []), key=lambda s: s.date or "")
        ],
        "perpetrator_classification": "; ".join(ev.classifications(inc)) or None,
        "victims_count": inc.victims_count,
    }


def incident_line(ev: Evidence, inc: Incident) -> str:
    s = incident_summary(ev, inc)
    when = s["start_date"] or "undated"
    if s["end_date"] and s["end_date"] != s["start_date"]:
        when += f" to {s['end_date']}"
    what = ", ".join(dict.fromkeys(v["label"].lower() for v in s["violations"])) or (inc.title or "incident")
    where = s["place"] or "place not recorded"
    return f"{when}, {where}: {what}"
