"""Partial and approximate dates.

Sources give dates as days, months or years ("2016-09", "2007"), and Security Force
Monitor's model distinguishes a real start or end from the first or last date a source
mentions a fact. forcecheck stores a date as a partial ISO string (``YYYY``, ``YYYY-MM`` or
``YYYY-MM-DD``) plus an ``approx`` flag on the claim, and compares dates as intervals:
"2016-09" covers 1 to 30 September 2016.

Comparisons follow what a date states: ``a < b`` means ``a`` lies wholly before ``b`` (its last
possible day is before the other's first), so "2014" is neither before nor after "2014-07-11"
(it contains it). Such dates are not totally ordered; to sort or take the latest, use
``PartialDate.key`` (the range covered: by last day, then first day), e.g.
``max(dates, key=PartialDate.key)``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    def key(self) -> tuple[date, date]:
        """Sort key by the range covered: last possible day, then first day ("2014" sorts before
        "2014-12", which sorts before "2014-12-31": they end together, the later start is later)."""
        return self.hi(), self.lo()

    def contains(self, other: PartialDate) -> bool:
        """Whether every day ``other`` may stand for is also one this date may stand for."""
        return self.lo() <= other.lo() and other.hi() <= self.hi()

    def __lt__(self, other: PartialDate) -> bool:  # wholly before
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.hi() < other.lo()

    def __gt__(self, other: PartialDate) -> bool:  # wholly after
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.lo() > other.hi()

    def __le__(self, other: PartialDate) -> bool:  # not after: may be the same or earlier
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.lo() <= other.hi()

    def __ge__(self, other: PartialDate) -> bool:  # not before
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.hi() >= other.lo()

    @classmethod
    def parse(cls, value: str | None) -> PartialDate | None:
        """Parse ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` (``-00`` parts read as unknown).
        Empty means unknown (None). Anything else raises ValueError."""
        if value is None:
            return None
        value = value.strip()
        if not value:
            return None
        value = re.sub(r"(-00)+$", "", value)
        m = _PARTIAL.match(value)
        if not m:
            raise ValueError(f"not a date (expected YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
        y, mo, d = int(m.group(1)), m.group(2), m.group(3)
        month = int(mo) if mo else None
        day = int(d) if d else None
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"month out of range: {value!r}")
        if day is not None:
            date(y, month, day)  # raises ValueError for 2021-02-30
        if not 1000 <= y <= 2999:
            raise ValueError(f"year out of range: {value!r}")
        return cls(y, month, day)

    def lo(self) -> date:
        """The earliest day this date may stand for."""
        return date(self.year, self.month or 1, self.day or 1)

    def hi(self) -> date:
        """The latest day this date may stand for."""
        month = self.month or 12
        return date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __str__(self) -> str:
        return self.iso()


def normalize(value: str | None) -> str | None:
    """Validate and normalise a partial date string; None for empty."""
    pd = PartialDate.parse(value)
    return pd.iso() if pd else None


def bounds(start: str | None, end: str | None, *, open_ended: bool = False) -> tuple[date, date]:
    """The widest interval a (start, end) pair of partial dates may cover.

    A missing start reaches back without limit; a missing end reaches forward without limit
    when the fact is open-ended or its end is unknown (the cautious reading for vetting: a
    posting with no recorded end may still have held on the incident date).
    """
    s = PartialDate.parse(start)
    e = PartialDate.parse(end)
    lo = s.lo() if s else date.min
    hi = e.hi() if e and not open_ended else date.max
    return lo, hi


def overlaps(a: tuple[date, date], b: tuple[date, date]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]
