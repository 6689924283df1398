"""Extraction accuracy on the articles annotated for issue 9 (tests/fixtures/articles_heldout and
tests/fixtures/articles_dev; URL, publisher and press country in each JSON): the sets are what the
issue asks for, no article crashes the extractor, and precision and recall per claim type stay
above floors.

The floors are today's baseline (the extractor at commit 7daa62d, measured before any issue-9
change; docs/benchmarks.md, "Extraction accuracy on new articles (issue 9)") minus 0.1, rounded
down to 0.05; a figure whose floor would be 0 is not asserted. They were set from that
measurement, not tuned, so a regression below the baseline fails; raise them when the extractor
improves.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from forcecheck.extract.evaluate import evaluate_by_language, format_report

FIXTURES = Path(__file__).parent / "fixtures"
SPLITS = {"heldout": FIXTURES / "articles_heldout", "dev": FIXTURES / "articles_dev"}

# (split, language) -> {claim type: (precision floor, recall floor)}; None = not asserted
FLOORS = {
    ("heldout", "all"): {
        "person": (0.65, 0.4),
        "unit": (0.05, None),
        "place": (0.4, 0.25),
        "incident": (0.45, 0.55),
        "incident_status": (0.1, None),
        "perpetrator": (0.1, None),
        "perp_person": (0.15, None),
    },
    ("heldout", "en"): {
        "person": (0.75, 0.65),
        "unit": (0.1, None),
        "place": (0.45, 0.3),
        "incident": (0.45, 0.9),
        "incident_status": (0.05, 0.05),
        "perpetrator": (0.1, None),
        "perp_person": (0.15, 0.15),
    },
    ("heldout", "es"): {
        "person": (0.55, 0.15),
        "place": (0.4, 0.25),
        "incident": (0.5, 0.4),
        "incident_status": (0.15, None),
        "perpetrator": (0.1, None),
        "perp_person": (0.15, None),
    },
    ("heldout", "fr"): {"person": (0.65, 0.9), "unit": (0.9, 0.4)},
    ("dev", "all"): {
        "person": (0.6, 0.5),
        "unit": (0.4, 0.2),
        "armed_group": (0.9, 0.15),
        "place": (0.55, 0.55),
        "incident": (0.6, 0.65),
        "incident_status": (0.15, 0.1),
        "perpetrator": (0.1, 0.1),
        "perp_person": (None, 0.15),
    },
    ("dev", "en"): {
        "person": (0.4, 0.5),
        "unit": (0.4, 0.15),
        "place": (0.4, 0.55),
        "incident": (0.75, 0.75),
        "incident_status": (0.4, 0.3),
    },
    ("dev", "es"): {
        "person": (0.9, 0.5),
        "unit": (0.55, 0.3),
        "armed_group": (0.9, 0.2),
        "place": (0.65, 0.75),
        "incident": (0.45, 0.65),
        "perpetrator": (0.25, 0.25),
        "perp_person": (0.15, 0.2),
    },
}


def _metas() -> list[tuple[str, str, dict]]:
    out = []
    for split, folder in SPLITS.items():
        for j in sorted(folder.glob("*.json")):
            out.append((split, j.stem, json.loads(j.read_text(encoding="utf-8"))))
    return out


def test_the_annotated_sets_are_what_issue_9_asks_for():
    metas = _metas()
    assert len(metas) >= 12
    assert sum(m["lang"] == "es" for _s, _n, m in metas) * 2 >= len(metas)  # half Spanish
    assert len({m["press_country"] for _s, _n, m in metas}) >= 4
    held = [n for s, n, _m in metas if s == "heldout"]
    assert abs(2 * len(held) - len(metas)) <= 1  # half held out
    urls = [m["url"] for _s, _n, m in metas]
    assert all(u.startswith("http") for u in urls) and len(set(urls)) == len(urls)
    old = {
        json.loads(j.read_text(encoding="utf-8"))["source"].split()[0] for j in (FIXTURES / "articles").glob("*.json")
    }
    assert not old & set(urls)  # cases and sources not already in tests/fixtures/articles
    for split, name, meta in metas:
        assert meta["split"] == split, name
        assert (SPLITS[split] / f"{name}.txt").read_text(encoding="utf-8").strip(), name
        for inc in meta["gold"]["incident"]:
            assert "perpetrator_units" in inc and "status" in inc, name


@pytest.fixture(scope="module")
def reports():
    return {split: evaluate_by_language(folder) for split, folder in SPLITS.items()}


def test_no_article_crashes_the_extractor(reports):
    for split, by_lang in reports.items():
        assert by_lang["all"].errors == [], f"{split}: {by_lang['all'].errors}"


@pytest.mark.parametrize("split,lang", sorted(FLOORS))
def test_accuracy_floor(reports, split, lang):
    report = reports[split][lang]
    text = format_report(report)
    for t, (p, r) in FLOORS[(split, lang)].items():
        s = report.scores[t]
        if p is not None:
            assert s.precision is not None and s.precision >= p, f"{split}/{lang} {t} precision < {p}\n{text}"
        if r is not None:
            assert s.recall is not None and s.recall >= r, f"{split}/{lang} {t} recall < {r}\n{text}"
