"""forcecheck: vet security forces before they receive foreign assistance.

The package is laid out as a pipeline, with the shells on top:

    ingest -> extract -> store -> match / screen -> vet -> report
    cli / api / web  (thin shells: they call the functions below them, never the reverse)
"""

__version__ = "0.1.0"
