"""What the golden test records and compares: commands of the README tour on the shared SFM Mexico,
FMTR Mexico and OFAC data, and how each output is reduced to a small, reviewable file.

Used two ways:

* ``python -m tests.golden.cases --code-root DIR --out tests/golden`` records the files with the code
  checked out in ``DIR`` (the baseline, e.g. ``git worktree add /tmp/fc-baseline 7daa62d``), by running
  its CLI in subprocesses (``sys.path`` starts with ``DIR``, so that code is imported, not this tree's);
* ``tests/test_golden_outputs.py`` regenerates them with the current code and compares.

Reductions (the recordings are our outputs, not copies of the data; a few KB each):

* ``show``: the full output when it is small; otherwise its SHA-256 and a projection (the page's
  ids and relations). Volatile values are normalised: ``created_at`` timestamps.
* ``screen --json``: a projection of the structure and the hits found (subject ids, incident ids,
  watchlist entries, relations, links, via units, walked candidates), not exact scores or the
  explanation wording, because the matcher's scores change in parallel work (issue 8).
* ``export ftm``: entity count, count per schema and table, the SHA-256 of the normalised lines, and
  the full lines of a few chosen entities, over the entities from the imported data (those the store
  seeds from ``vocab/institutions.csv`` are counted apart: that vocabulary grows with other work), without
  the name parts (given names, surnames: issue 7 item 2 changes how names are split, in parallel work)
  and without which unit an FMTR recipient resolves to (it follows that same vocabulary).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

OJINAGA_INCIDENT = "sfm-incident-a4b55bcb-8837-4dd9-a531-204021b7acae"

#: (file stem, CLI arguments, reduction). Reductions: "full" (the normalised output itself), "digest" (SHA-256
#: plus a projection of the JSON page), "screen" (projection of the screening result), "export".
SHOW_CASES: list[tuple[str, list[str], str]] = [
    ("show_unit_ojinaga.txt", ["show", "unit", "Guarnición Militar de Ojinaga"], "full"),
    ("show_unit_ojinaga.json", ["show", "unit", "Guarnición Militar de Ojinaga", "--json"], "digest"),
    ("show_unit_semar.txt", ["show", "unit", "semar"], "full"),
    ("show_unit_semar.json", ["show", "unit", "semar", "--json"], "full"),
    ("show_person_flores_morales.txt", ["show", "person", "Amado Onésimo Flores Morales"], "digest"),
    ("show_person_flores_morales.json", ["show", "person", "Amado Onésimo Flores Morales", "--json"], "digest"),
    ("show_person_carranza.txt", ["show", "person", "Rodolfo Carranza Hernández"], "full"),
    ("show_incident_ojinaga.txt", ["show", "incident", OJINAGA_INCIDENT], "full"),
    ("show_incident_ojinaga.json", ["show", "incident", OJINAGA_INCIDENT, "--json"], "full"),
]
SCREEN_CASES: list[tuple[str, list[str], str]] = [
    ("screen_flores_morales.json", ["screen", "Gral. Amado Flores Morales", "--json"], "screen"),
    ("screen_el_chapo.json", ["screen", "El Chapo", "--json"], "screen"),
    ("screen_joaquin_guzman.json", ["screen", "Joaquin Guzman", "--json"], "screen"),
    ("screen_23_batallon.json", ["screen", "23 Batallón de Infantería", "--kind", "unit", "--json"], "screen"),
    ("screen_los_zetas.json", ["screen", "Los Zetas", "--kind", "organization", "--json"], "screen"),
    # the three cases of issue 8 item 6, recorded before the change (their differences are intended)
    (
        "screen_tapia_quintero_dob.json",
        ["screen", "José Guadalupe Tapia Quintero", "--dob", "1990-05-01", "--json"],
        "screen",
    ),
    ("screen_carranza.json", ["screen", "Rodolfo Carranza Hernández", "--json"], "screen"),
    ("screen_onesimo_flores_morales.json", ["screen", "Amado Onésimo Flores Morales", "--json"], "screen"),
]
EXPORT_CASES: list[tuple[str, list[str], str]] = [
    ("export_ftm.json", ["export", "ftm"], "export"),
    ("export_ftm_public.json", ["export", "ftm", "--public"], "export"),
]
CASES = SHOW_CASES + SCREEN_CASES + EXPORT_CASES

#: Entities whose exported lines are kept whole (one of each kind that matters).
EXPORT_SAMPLE_IDS = (
    OJINAGA_INCIDENT,
    "sfm-person-380b7472-8599-406a-8db6-aa70be175cff",  # Amado Onésimo Flores Morales
)
EXPORT_SAMPLE_PREFIXES = ("sfm-unit-", "ofac-person-", "ofac-entry-", "fmtr-assistance-", "sfm-posting-", "sfm-source-")

_CREATED = re.compile(r'("created_at": ?)"[^"]*"')
#: a source's local file path (the OFAC importer records where the list was read from): the folder
#: depends on the machine (CI clones elsewhere), the file name does not
_PATH = re.compile(r'("path": ?)"(?:[^"\\]|\\.)*/([^/"]+)"')


def normalise(text: str) -> str:
    """Only what is legitimately volatile: row creation timestamps and the folder of a local file path."""
    return _PATH.sub(r'\1"<dir>/\2"', _CREATED.sub(r'\1"<created_at>"', text))


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _page_projection(data: dict[str, Any]) -> dict[str, Any]:
    """A profile page reduced to its ids and relations (to see what differs when the digest does)."""
    out: dict[str, Any] = {"id": data.get("id"), "name": data.get("name") or data.get("title")}
    for key, value in sorted(data.items()):
        if isinstance(value, list) and value and isinstance(value[0], dict):
            out[key] = [
                {
                    k: v
                    for k, v in item.items()
                    if k
                    in (
                        "unit_id",
                        "person_id",
                        "incident_id",
                        "relation",
                        "link",
                        "certainty",
                        "name",
                        "kind",
                        "entry_ref",
                        "status",
                    )
                }
                for item in value
            ]
    return out


def _hit_projection(h: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": h["kind"],
        "relation": h["relation"],
        "link": h["link"],
        "severity": h["severity"],
        "subject": h["subject"]["id"],
        "incident": (h.get("incident") or {}).get("id"),
        "watchlist": (h.get("watchlist") or {}).get("id"),
        "via_unit": (h.get("via_unit") or {}).get("id"),
        "posting": (h.get("posting") or {}).get("id"),
        "facts": sorted(f"{f['kind']}:{f['id']}" for f in h.get("facts") or []),
    }


def screen_projection(data: dict[str, Any]) -> dict[str, Any]:
    """The structure of a screening result and the hits found, without scores or explanation wording."""
    hits = sorted((_hit_projection(h) for h in data["hits"]), key=lambda h: json.dumps(h, sort_keys=True))
    return {
        "query": data["query"],
        "hit_keys": sorted(data["hits"][0].keys()) if data["hits"] else [],
        "hit_count": data["hit_count"],
        "hits": hits,
        "walked": sorted(c["entity_id"] for c in data["candidates"] if c["walked"]),
    }


def seeded(entity: dict[str, Any]) -> bool:
    """Rows the store seeds from a vocabulary (``vocab/institutions.csv``: ids ``*-inst-*``, their citations and the
    ``src-vocab-*`` source): they follow that vocabulary, which other work extends, not the imported data."""
    row = entity.get("forcecheck", {}).get("row") or {}
    return (
        "-inst-" in entity["id"] or "-inst-" in str(row.get("claim_id") or "") or entity["id"].startswith("src-vocab-")
    )


#: How a person's name is split into given names and surnames: issue 7 item 2 (one name analyser) changes it in
#: parallel work, so the export is compared without the parts (the names themselves are compared).
NAME_PART_COLUMNS = ("given_names", "paternal_surname", "maternal_surname")
NAME_PART_PROPS = ("firstName", "lastName")
#: An assistance record's resolved recipient: follows ``vocab/institutions.csv`` (extended in parallel work).
RECIPIENT_COLUMNS = ("recipient_unit_id", "recipient_level")


def without_name_parts(entity: dict[str, Any]) -> dict[str, Any]:
    ext = entity.get("forcecheck") or {}
    for row in [ext.get("row") or {}] + [r for rows in (ext.get("children") or {}).values() for r in rows]:
        for col in NAME_PART_COLUMNS:
            row.pop(col, None)
    if ext.get("row") == {}:
        ext.pop("row")
    for prop in NAME_PART_PROPS:
        (entity.get("properties") or {}).pop(prop, None)
    if ext.get("table") == "assistance":  # which unit an FMTR recipient resolves to follows the institutions vocabulary
        for col in RECIPIENT_COLUMNS:
            (ext.get("row") or {}).pop(col, None)
        (entity.get("properties") or {}).pop("beneficiary", None)
    return entity


def export_summary(text: str) -> dict[str, Any]:
    """Counts per table and schema, the SHA-256 of the normalised lines, and a sample, over the entities that come
    from the imported data; the vocabulary-seeded ones (:func:`seeded`) are left out."""
    lines = normalise(text).splitlines()
    by_schema: dict[str, int] = {}
    sample: dict[str, str] = {}
    kept: list[str] = []
    prefixes_left = set(EXPORT_SAMPLE_PREFIXES)
    for line in lines:
        e = json.loads(line)
        if seeded(e):
            continue
        line = json.dumps(without_name_parts(e), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        kept.append(line)
        key = f"{e['forcecheck']['table']}:{e['schema']}"
        by_schema[key] = by_schema.get(key, 0) + 1
        if e["id"] in EXPORT_SAMPLE_IDS:
            sample[e["id"]] = line
        else:
            p = next((p for p in prefixes_left if e["id"].startswith(p)), None)
            if p is not None:
                prefixes_left.discard(p)
                sample[e["id"]] = line
    return {
        "count": len(kept),
        "sha256": sha("\n".join(kept)),
        "by_table_schema": dict(sorted(by_schema.items())),
        "sample": dict(sorted(sample.items())),
    }


def reduce(reduction: str, output: str) -> str:
    """The recorded form of one output (text, ends with a newline)."""
    output = normalise(output)
    if reduction == "full":
        return output
    if reduction == "digest":
        try:
            projection: Any = _page_projection(json.loads(output))
        except json.JSONDecodeError:
            projection = [line for line in output.splitlines() if line.strip()][:3]
        return json.dumps({"sha256": sha(output), "projection": projection}, ensure_ascii=False, indent=1) + "\n"
    if reduction == "screen":
        return json.dumps(screen_projection(json.loads(output)), ensure_ascii=False, indent=1) + "\n"
    if reduction == "export":
        return json.dumps(export_summary(output), ensure_ascii=False, indent=1) + "\n"
    raise ValueError(reduction)


def generate(run: Callable[[list[str]], str], tmp: Path) -> dict[str, str]:
    """Every recorded file: ``run(argv)`` returns the command's standard output (export: the file written)."""
    out = {}
    for stem, argv, reduction in CASES:
        if reduction == "export":
            path = tmp / f"{stem}.jsonl"
            run([*argv, "-o", str(path)])
            output = path.read_text(encoding="utf-8")
        else:
            output = run(argv)
        out[stem] = reduce(reduction, output)
    return out


# --------------------------------------------------------------------------- recording from a checkout


def _subprocess_cli(code_root: Path, db_url: str) -> Callable[[list[str]], str]:
    boot = (
        "import sys; sys.path.insert(0, sys.argv.pop(1)); import forcecheck; "
        "from forcecheck.cli.main import main; sys.argv[0] = 'forcecheck'; main()"
    )

    def run(argv: list[str]) -> str:
        env = {"COLUMNS": "160", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
        res = subprocess.run(
            [sys.executable, "-c", boot, str(code_root), "--db", db_url, *argv],
            cwd=code_root,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return res.stdout

    return run


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--code-root", type=Path, required=True, help="a checkout of the code to record (the baseline)")
    ap.add_argument("--shared", type=Path, required=True, help="the shared data directory (../shared/data)")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run = _subprocess_cli(args.code_root.resolve(), f"sqlite:///{tmp}/golden.db")
        for argv in IMPORTS:
            run([argv[0], argv[1], str(args.shared.resolve().joinpath(*argv[2:]))])
        files = generate(run, Path(tmp))
    args.out.mkdir(parents=True, exist_ok=True)
    for stem, text in files.items():
        (args.out / stem).write_text(text, encoding="utf-8")


#: What is imported before recording: (command, kind, path under the shared data directory...).
IMPORTS = [
    ("import", "sfm", "sfm_mexico"),
    ("import", "fmtr", "fmtr", "mexico_training_fy2000_2021.tsv"),
    ("import", "ofac", "watchlists", "ofac"),
]

if __name__ == "__main__":
    main()
