"""Match: name analysis and comparison for persons and units, and the candidate index."""

from .compare import compare, person_keys  # noqa: E402,F401  (forcecheck.match.compare(a, b, kind=...) is the library entry point)
