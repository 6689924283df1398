"""Ingest: bring documents (articles, reports) and datasets (FMTR, SFM, OFAC, FtM) into the store.

``forcecheck.ingest.importers`` reads structured datasets; the document side (cleaning,
language, fetching) lives beside it.
"""
