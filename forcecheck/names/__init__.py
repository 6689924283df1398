"""Person names: the one analyser every importer, the extractor and the matcher use.

Bottom layer: imports only ``forcecheck.vocab`` (and normality), never store, ingest, extract or
match, so that all of them can use it.

- ``analyze_person(name) -> PersonName``: given names, surnames (paternal, maternal), order,
  titles, nicknames, particles, as normalised tokens and as the words written.
- ``name_parts(name)``: the display strings the store keeps (``given_names``,
  ``paternal_surname``, ``maternal_surname``).
- ``spanish_phonetic(token)``: a Spanish- and transliteration-aware phonetic key.
- ``norm(text)``: the normalisation every layer tokenises names with.
"""

from .analysis import NICK_ARTICLES, PersonName, Word, analyze_person, is_given_name, name_parts
from .lexicon import nickname_forms
from .normalize import norm
from .phonetics import spanish_phonetic, transliteration_phonetic

__all__ = [
    "NICK_ARTICLES",
    "PersonName",
    "Word",
    "analyze_person",
    "is_given_name",
    "name_parts",
    "nickname_forms",
    "norm",
    "spanish_phonetic",
    "transliteration_phonetic",
]
