"""Screen: find what the evidence base and the watchlists hold against a person, a unit or an organisation, and why.

``screen_person``, ``screen_unit`` and ``screen_batch`` (module ``screen``) find candidates with
the name index and walk the evidence (``walk``: postings, command down the chain, the unit
hierarchy; ``linkage``: Security Force Monitor's rule for incidents that name no unit). Every
hit (``result.Hit``) explains itself and carries the citation chain of each fact it uses.
"""

from .result import CandidateRef, CitationRef, FactRef, Found, Hit, ScreeningResult, ScreenResult
from .screen import Screener, read_batch, screen_batch, screen_person, screen_unit

__all__ = [
    "CandidateRef",
    "CitationRef",
    "FactRef",
    "Found",
    "Hit",
    "ScreenResult",
    "ScreeningResult",
    "Screener",
    "read_batch",
    "screen_batch",
    "screen_person",
    "screen_unit",
]
