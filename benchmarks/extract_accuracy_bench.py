"""Extraction accuracy on the articles annotated for issue 9 (tests/fixtures/articles_heldout and
tests/fixtures/articles_dev): precision and recall per claim type (units, persons, places,
incidents, incident status, perpetrators, postings), for all articles and per language, on the
held-out split (never tuned on) and on the development split. Crashes of the extractor on an
article are counted (no predictions for it) and listed, not raised.

    python -m benchmarks extract_accuracy [--split heldout|dev] [--json]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPLITS = {
    "heldout": ROOT / "tests" / "fixtures" / "articles_heldout",
    "dev": ROOT / "tests" / "fixtures" / "articles_dev",
}


def _as_dict(report) -> dict:
    return {
        "articles": report.articles,
        "words": report.words,
        "seconds": round(report.seconds, 2),
        "errors": report.errors,
        "scores": {
            t: {"precision": s.precision, "recall": s.recall, "pred": s.n_pred, "gold": s.n_gold}
            for t, s in report.scores.items()
            if s.n_pred or s.n_gold
        },
    }


def main(argv: list[str]) -> None:
    from forcecheck.extract.evaluate import evaluate_by_language, format_report, load_articles
    from forcecheck.extract.pipeline import extract_claims

    splits = list(SPLITS)
    for a in argv:
        if a.startswith("--split="):
            splits = [a.split("=", 1)[1]]
    as_json = "--json" in argv
    for lang in ("en", "es"):  # load the models first: the seconds below are extraction alone
        extract_claims("The army said on Monday.", lang=lang)
    out = {}
    for split in splits:
        folder = SPLITS[split]
        names = [(n, m["lang"], m.get("press_country")) for n, _t, m in load_articles(folder)]
        reports = evaluate_by_language(folder)
        out[split] = {lang: _as_dict(r) for lang, r in reports.items()}
        if as_json:
            continue
        print(f"\n--- split {split}: {len(names)} articles ({', '.join(n for n, _l, _c in names)})")
        for lang in ["all"] + sorted(k for k in reports if k != "all"):
            r = reports[lang]
            print(f"\n{split} / {lang}: {r.articles} articles, {r.words} words, extraction {r.seconds:.1f} s")
            print(format_report(r))
    if as_json:
        print(json.dumps(out, indent=1, ensure_ascii=False))
    sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
