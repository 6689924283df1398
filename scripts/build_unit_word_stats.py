"""Build forcecheck/vocab/unit_word_stats.csv: how widely each word occurs across real unit names.

Run: ``.venv/bin/python scripts/build_unit_word_stats.py`` (reads ../shared/data, or
FORCECHECK_SHARED_DATA).

Corpora (distinct names only; no labels are used):

* the recipient strings of the FMTR world file (``fmtr/world_training_fy2000_2021.tsv.gz``),
  each with its country;
* SFM Mexico unit names and other names (country Mexico);
* SFM Mali unit names (country Mali, French).

For every word (forcecheck's normalisation; a number glued to letters is split, as the unit
matcher does) the table keeps ``df`` (distinct names containing it) and ``countries``
(distinct countries whose names contain it). A word used for units in many countries
("battalion", "police", "command", "regiment", "nacional") is generic: it says what kind of
unit a name is, not which one. A word confined to one or two countries ("bauchi", "oron",
"iguala", "waraba") is distinctive. Only words seen in at least ``MIN_COUNTRIES`` countries
are written (a few thousand rows): a word missing from the table is distinctive.
"""

from __future__ import annotations

import csv
import gzip
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from forcecheck import settings  # noqa: E402
from forcecheck.match.normalize import norm  # noqa: E402

MIN_COUNTRIES = 3
OUT = ROOT / "forcecheck" / "vocab" / "unit_word_stats.csv"
# words of country names that are not names of a country in a unit name ("Central Air Command")
STOP = {
    "republic",
    "democratic",
    "united",
    "state",
    "states",
    "islands",
    "island",
    "federal",
    "kingdom",
    "saint",
    "north",
    "south",
    "east",
    "west",
    "central",
    "african",
    "arab",
    "emirates",
    "equatorial",
    "government",
    "southern",
    "northern",
    "antilles",
    "territory",
    "federated",
    "people",
    "peoples",
}
_GLUED = re.compile(r"^(\d+)([a-z]+)$|^([a-z]+)(\d+)$")


def words(name: str) -> set[str]:
    out: set[str] = set()
    for tok in norm(name).split():
        m = _GLUED.match(tok)
        if m:
            out.update(g for g in m.groups() if g and not g.isdigit())
        elif not tok.isdigit():
            out.add(tok)
    return out


def names_by_country(data: Path) -> dict[str, set[str]]:
    by_country: dict[str, set[str]] = defaultdict(set)
    with gzip.open(data / "fmtr" / "world_training_fy2000_2021.tsv.gz", "rt", encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if r["recipient_unit"].strip():
                by_country[r["country"]].add(r["recipient_unit"].strip())
    with (data / "sfm_mexico" / "units.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            by_country["Mexico"].add(r["name"])
            by_country["Mexico"].update(n.strip() for n in r["other_names"].split(";") if n.strip())
    with (data / "sfm_mali" / "mali_units_hierarchy_2021-06-25.tsv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            by_country["Mali"].add(r["unit:name"])
    return by_country


def main() -> int:
    data = Path(settings.SHARED_DATA)
    df: dict[str, int] = defaultdict(int)
    countries: dict[str, set[str]] = defaultdict(set)
    seen: set[str] = set()
    by_country = names_by_country(data)
    for country, names in by_country.items():
        for name in names:
            key = norm(name)
            ws = words(name)
            for w in ws:
                countries[w].add(country)
            if key in seen:
                continue
            seen.add(key)
            for w in ws:
                df[w] += 1
    rows = sorted(
        ((w, df[w], len(c), "word") for w, c in countries.items() if len(c) >= MIN_COUNTRIES),
        key=lambda r: (-r[2], -r[1], r[0]),
    )
    # the words of country names ("nigeria", "congo", "kinshasa"): generic in a unit name ("Nigerian Army"),
    # and the stems the matcher uses to recognise nationality adjectives ("nigerian", "malien")
    country_words = sorted({w for c in by_country for w in words(c) if len(w) >= 4} - STOP)
    rows = [r for r in rows if r[0] not in country_words]
    rows += [(w, df.get(w, 0), len(countries.get(w, ())), "country") for w in country_words]
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["code", "df", "countries", "kind"])
        w.writerows(rows)
    print(f"{len(seen)} distinct names, {len(countries)} words; {len(rows)} written to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
