"""Extraction throughput and accuracy (issue 3).

Throughput: the seed article (raw, with its donation appeal) and the annotated real articles in
tests/fixtures/articles, English and Spanish. Two lines run side by side on the same texts in
the same process: spaCy's own pipeline alone (``nlp.pipe``: en_core_web_sm for English, the
blank Spanish pipeline with a sentencizer for Spanish) and forcecheck's ingest cleaning +
language detection + ``extract_claims``. Words per second are medians over repeats; the ratio
forcecheck/spaCy is the figure to improve. Peak memory: tracemalloc over one extraction pass
(Python allocations) and the process's max RSS.

Accuracy: precision and recall per claim type on the annotated articles, for all of them and
for the held-out ones (every article except the seed, which the rules were developed on).

    python -m benchmarks extract [--repeats N]
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "fixtures" / "articles"
SEED = ROOT / "examples" / "us-mexico-security-aid-2014.txt"


def _corpus() -> list[tuple[str, str, str | None]]:
    from forcecheck.extract.evaluate import load_articles

    docs = [(SEED.read_text(encoding="utf-8"), "en", "2014-12-09")]
    for _name, text, meta in load_articles(ARTICLES):
        docs.append((text, meta["lang"], meta.get("published")))
    return docs


def _ingest_and_extract(text: str, lang: str, published: str | None):
    from forcecheck.extract.pipeline import extract_claims

    try:
        from forcecheck.ingest.clean import clean_text
        from forcecheck.ingest.language import detect_language
    except ImportError:  # the ingest side is not there: extraction alone
        return extract_claims(text, lang=lang, published=published)
    cleaned = clean_text(text)
    detected = detect_language(cleaned.text) or lang
    return extract_claims(cleaned.text, lang=detected, published=published)


def main(argv: list[str]) -> None:
    repeats = 5
    if "--repeats" in " ".join(argv):
        for a in argv:
            if a.startswith("--repeats="):
                repeats = int(a.split("=", 1)[1])
    from forcecheck.extract.evaluate import Report, evaluate, format_report, load_articles, score_article
    from forcecheck.extract.nlp import get_nlp
    from forcecheck.extract.pipeline import extract_claims

    docs = _corpus()
    words = sum(len(t.split()) for t, _l, _p in docs)
    t0 = time.perf_counter()
    for lang in ("en", "es"):
        get_nlp(lang)
    _ingest_and_extract(*docs[0])  # warm: models, gazetteers
    load_s = time.perf_counter() - t0
    spacy_t, ours_t = [], []
    for _ in range(repeats):
        t = time.perf_counter()
        for lang in ("en", "es"):
            nlp = get_nlp(lang)
            for _doc in nlp.pipe([d[0] for d in docs if d[1] == lang]):
                pass
        spacy_t.append(time.perf_counter() - t)
        t = time.perf_counter()
        for text, lang, pub in docs:
            _ingest_and_extract(text, lang, pub)
        ours_t.append(time.perf_counter() - t)
    tracemalloc.start()
    for text, lang, pub in docs:
        _ingest_and_extract(text, lang, pub)
    _cur, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    s_med, o_med = statistics.median(spacy_t), statistics.median(ours_t)
    seed_text = SEED.read_text(encoding="utf-8")
    seed_t = []
    for _ in range(repeats):
        t = time.perf_counter()
        extract_claims(seed_text.split("Truthout Is Preparing")[0], lang="en", published="2014-12-09")
        seed_t.append(time.perf_counter() - t)
    print(f"corpus: {len(docs)} documents, {words} words; {repeats} repeats; model load + warm-up {load_s:.2f} s")
    print(f"{'line':<34} {'median s':>9} {'words/s':>9}")
    print(f"{'spaCy pipeline alone (nlp.pipe)':<34} {s_med:>9.3f} {words / s_med:>9.0f}")
    print(f"{'forcecheck ingest+extract':<34} {o_med:>9.3f} {words / o_med:>9.0f}")
    print(f"ratio forcecheck/spaCy throughput: {s_med / o_med:.2f}")
    print(f"seed article extraction (after load): median {statistics.median(seed_t) * 1000:.0f} ms")
    print(f"peak traced Python memory during one pass: {peak / 1e6:.1f} MB; process max RSS: {rss:.0f} MB")
    print("\naccuracy, all annotated articles:")
    print(format_report(evaluate(ARTICLES)))
    held = Report()
    for name, text, meta in load_articles(ARTICLES):
        if name.startswith("en_seed"):
            continue
        score_article(extract_claims(text, lang=meta["lang"], published=meta.get("published")), meta["gold"], held)
        held.articles += 1
    print(f"\naccuracy, held-out articles (not the seed; {held.articles} articles):")
    print(format_report(held))
    sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
