"""How a dated fact relates to an incident in time (Security Force Monitor's date semantics).

:func:`fit` places an incident's date range against a fact's claim dates: ``first_date`` and
``last_date`` are the first and last dates a source cites the fact, not necessarily its start
and end (``first_approx``/``last_approx``), and ``open_ended`` says whether it is assumed to
continue (Y), not assumed (N) or ended exactly (E). The answer (:class:`Fit`) says how certain
the overlap is, in words an analyst can read; :func:`weakest` combines several.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .. import settings
from ..dates import PartialDate
from ..store.models import Claim, Incident

#: How far before an approximate first date (one that is not a recorded start), or after an
#: approximate last date that is not assumed to continue, a fact may still have held.
TOLERANCE_DAYS = settings.SCREEN_TOLERANCE_DAYS


@dataclass(frozen=True)
class Fit:
    """How an incident's dates sit against a fact's dates."""

    level: str  # within | open | later | earlier | undated
    label: str
    weight: float

    @property
    def certain(self) -> bool:
        return self.level == "within"


#: Certainty levels, strongest first, with the weight they give a hit.
LEVELS = {"within": 1.0, "open": 0.8, "later": 0.6, "earlier": 0.6, "undated": 0.35}


def _pd(value: str | None) -> PartialDate | None:
    try:
        return PartialDate.parse(value)
    except ValueError:
        return None


def incident_interval(inc: Incident) -> tuple[date, date] | None:
    s, e = _pd(inc.start_date), _pd(inc.end_date)
    if s is None and e is None:
        return None
    s = s or e
    e = e or s
    return s.lo(), e.hi()  # type: ignore[union-attr]


def describe_dates(claim: Claim | None) -> str:
    """'first cited 2007-01-26 (not a recorded start), no recorded end' and the like."""
    if claim is None or (not claim.first_date and not claim.last_date):
        return "no recorded dates"
    parts = []
    if claim.first_date:
        parts.append(
            f"first cited {claim.first_date}"
            + (" (not a recorded start)" if claim.first_approx else " (recorded start)")
        )
    else:
        parts.append("no recorded start")
    if claim.last_date:
        if claim.open_ended == "E" or not claim.last_approx:
            parts.append(f"ended {claim.last_date}")
        else:
            parts.append(
                f"last cited {claim.last_date}"
                + (" (assumed to continue)" if claim.open_ended == "Y" else " (not a recorded end)")
            )
    else:
        parts.append("no recorded end" + (" (assumed to continue)" if claim.open_ended == "Y" else ""))
    return ", ".join(parts)


def fit(claim: Claim | None, interval: tuple[date, date] | None, what: str = "the fact") -> Fit | None:
    """Whether a fact with ``claim``'s dates may have held during ``interval``; None when it cannot have."""
    first = _pd(claim.first_date) if claim else None
    last = _pd(claim.last_date) if claim else None
    oe = (claim.open_ended or "").upper() if claim else ""
    if interval is None:
        return Fit("undated", "possible: the incident has no recorded date", LEVELS["undated"])
    lo, hi = interval
    if first is None and last is None:
        return Fit("undated", f"possible: {what} has no recorded dates", LEVELS["undated"])
    level, notes = "within", []
    # start side
    if first is not None and hi < first.lo():
        if not (claim and claim.first_approx):
            return None
        if (first.lo() - hi).days > TOLERANCE_DAYS:
            return None
        level = "earlier"
        notes.append(
            f"the incident is {(first.lo() - hi).days} days before {what} was first cited ({first}), which is not a recorded start, so {what} may have begun earlier"
        )
    # end side
    if last is not None:
        if lo > last.hi():
            exact = oe == "E" or not (claim and claim.last_approx)
            if exact:
                return None
            gap = (lo - last.hi()).days
            if oe != "Y" and gap > TOLERANCE_DAYS:
                return None
            level = "later" if level == "within" else level
            notes.append(
                f"the incident is {gap} days after {what} was last cited ({last}), which is not a recorded end"
                + (" and the fact is assumed to continue" if oe == "Y" else "")
            )
    else:
        if oe == "N" and first is not None and (lo - first.hi()).days > TOLERANCE_DAYS:
            return None
        if level == "within":
            level = "open" if first is not None else "undated"
        notes.append(
            f"{what} has no recorded end" + (" (assumed to continue)" if oe == "Y" else " (it may still hold)")
        )
    if first is None and level == "within":
        level = "open"
        notes.append(f"{what} has no recorded start")
    if level == "within":
        return Fit("within", "within the cited dates", LEVELS["within"])
    return Fit(level, "possible: " + "; ".join(notes), LEVELS[level])


def weakest(fits: Iterable[Fit]) -> Fit:
    fits = list(fits)
    worst = min(fits, key=lambda f: f.weight)
    labels = []
    for f in fits:
        if not f.certain and f.label not in labels:
            labels.append(f.label)
    if not labels:
        return worst
    return Fit(
        worst.level, "; ".join([labels[0]] + [lbl.removeprefix("possible: ") for lbl in labels[1:]]), worst.weight
    )
