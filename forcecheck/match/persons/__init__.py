"""Person-name scoring (and a simpler scorer for organisation, vessel and other names).

The name is taken apart by the one analyser, :mod:`forcecheck.names` (given names, surnames,
titles, nicknames, particles, abbreviations, initials). Here:

- :mod:`.similarity`: how two tokens match (exact, nickname, initial, short form, phonetic, fuzzy;
  masculine/feminine forms are different names);
- :mod:`.alignment`: which tokens of both sides pair up, which conflict (different tokens in the
  same place: "Joaquín" vs "Ovidio"), which are extra (a missing maternal surname);
- :mod:`.scoring`: ``compare_persons(a, b, dob=..., country=..., sex=...)``: coverage of the
  alignment, conflicts by role, birth date, country and sex, every step in the explanation;
- :mod:`.keys`: blocking keys for the candidate index;
- :mod:`.organizations`: ``compare_organizations``.

Domain words (ranks, particles, hypocorisms, abbreviations) are data in ``forcecheck/vocab/*.csv``.
"""

from ...names import PersonName, analyze_person, nickname_forms, spanish_phonetic
from .alignment import Alignment, align
from .keys import person_keys
from .organizations import ORGANIZATION_THRESHOLD, compare_organizations
from .params import P
from .scoring import PERSON_THRESHOLD, compare_persons
from .similarity import token_similarity

__all__ = [
    "ORGANIZATION_THRESHOLD",
    "PERSON_THRESHOLD",
    "Alignment",
    "P",
    "PersonName",
    "align",
    "analyze_person",
    "compare_organizations",
    "compare_persons",
    "nickname_forms",
    "person_keys",
    "spanish_phonetic",
    "token_similarity",
]
