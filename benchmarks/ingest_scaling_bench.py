"""Ingest scaling (issue 9): time of ``ingest_document`` (read, clean, detect the language,
extract, store in a fresh SQLite file) on documents of 10k, 100k and 1M characters, beside
spaCy's pipeline alone on the same text (``nlp.pipe`` over the same pieces). Time per character
should stay flat: before the fix it grew with the length (100k characters 10 s, 300k 82 s).

The documents are made of the paragraphs of the annotated articles in tests/fixtures/articles
(English; the parser makes English the slower language), each copy numbered so that cleaning
keeps it (repeated paragraphs are dropped as duplicates).

    python -m benchmarks ingest_scaling [--sizes=10000,100000,1000000] [--lang=en]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "fixtures" / "articles"


def make_text(n_chars: int, lang: str = "en") -> str:
    from forcecheck.extract.evaluate import load_articles

    arts = [t for _n, t, m in load_articles(ARTICLES) if m["lang"] == lang]
    paras = [p.strip() for t in arts for p in t.split("\n\n") if p.strip()]
    out, i, size = [], 0, 0
    while size < n_chars:
        p = f"{paras[i % len(paras)]} (Report {i // len(paras) + 1}.)"
        out.append(p)
        size += len(p) + 2
        i += 1
    return "\n\n".join(out)[:n_chars]


def _opt(argv: list[str], name: str, default: str) -> str:
    return next((a.split("=", 1)[1] for a in argv if a.startswith(f"--{name}=")), default)


def main(argv: list[str]) -> None:
    from forcecheck import settings
    from forcecheck.extract.context import make_doc
    from forcecheck.extract.nlp import get_nlp
    from forcecheck.extract.pipeline import chunks, extract_claims
    from forcecheck.ingest.documents import IngestOptions, ingest_document
    from forcecheck.store.db import Store

    sizes = [int(s) for s in _opt(argv, "sizes", "10000,100000,1000000").split(",")]
    lang = _opt(argv, "lang", "en")
    nlp = get_nlp(lang)
    extract_claims("The army said soldiers were in Iguala in 2014.", lang=lang)  # warm: model, gazetteers
    print(
        f"language {lang}; pieces of at most {settings.extract_chunk_chars()} characters; "
        f"size limit {settings.max_document_bytes()} bytes"
    )
    print("wall seconds, and CPU seconds of this process (the machine's other load does not count in them)")
    print(
        f"{'characters':>11} {'ingest s':>9} {'CPU s':>7} {'spaCy s':>8} {'CPU s':>7} {'ratio':>6} {'µs/char':>8} "
        f"{'claims':>7}"
    )
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            text = make_text(n, lang)
            path = Path(tmp) / f"doc-{n}.txt"
            path.write_text(text, encoding="utf-8")
            store = Store(f"sqlite:///{Path(tmp) / f'bench-{n}.db'}", actor="bench")
            store.init()
            t, c = time.perf_counter(), time.process_time()
            result = ingest_document(store, path, IngestOptions(lang=lang, date="2015-01-01"))
            ours, ours_cpu = time.perf_counter() - t, time.process_time() - c
            store.dispose()
            t, c = time.perf_counter(), time.process_time()
            for _doc in nlp.pipe(make_doc(nlp, text[s:e]) for s, e in chunks(text)):
                pass
            spacy_s, spacy_cpu = time.perf_counter() - t, time.process_time() - c
            rows.append((n, ours_cpu))
            print(
                f"{len(text):>11} {ours:>9.1f} {ours_cpu:>7.1f} {spacy_s:>8.1f} {spacy_cpu:>7.1f} "
                f"{spacy_cpu / ours_cpu:>6.2f} {ours_cpu / len(text) * 1e6:>8.1f} {len(result.claims):>7}",
                flush=True,
            )
    if len(rows) > 1:
        (n0, t0), (n1, t1) = rows[0], rows[-1]
        print(f"CPU time per character, largest / smallest document: {(t1 / n1) / (t0 / n0):.2f} (1.0 = linear)")
    sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
