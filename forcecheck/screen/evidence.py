"""The evidence the screening walk reads, and how a dated fact relates to an incident in time.

Split along its jobs: :mod:`forcecheck.screen.graph` (:class:`Evidence`: loading the graph of
accepted facts, claims and citations), :mod:`forcecheck.screen.timing` (:func:`fit`,
:func:`weakest`, :func:`describe_dates`: Security Force Monitor's date semantics) and
:mod:`forcecheck.screen.present` (incident summaries and lines for people). This module keeps
the names importable from one place.
"""

from __future__ import annotations

from .graph import Evidence
from .present import incident_line, incident_summary
from .timing import LEVELS, TOLERANCE_DAYS, Fit, describe_dates, fit, incident_interval, weakest

__all__ = [
    "Evidence",
    "Fit",
    "LEVELS",
    "TOLERANCE_DAYS",
    "describe_dates",
    "fit",
    "incident_interval",
    "incident_line",
    "incident_summary",
    "weakest",
]
