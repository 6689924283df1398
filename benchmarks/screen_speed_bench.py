"""Screening speed: forcecheck's NameIndex vs nomenklatura logic-v2 and Splink (DuckDB), side by side.

Run: ``python -m benchmarks screen_speed --sizes 10000,100000,1000000`` (default sizes
10000,100000). Options: ``--subjects N`` (batch size, default 10000), ``--single N`` (timed
single queries, default 500), ``--no-peers``, ``--splink-max N`` (largest base Splink runs on,
default 1000000), ``--seed N``.

The evidence base is grown from real name parts in ../shared/data with a seeded RNG:

* persons (80 %): given names and surnames from OFAC SDN individuals and SFM commanders,
  recombined as "Given [Given2] Paternal Maternal" (and OFAC's "SURNAMES, Given" form);
* units (12 %): SFM unit types (Batallón de Infantería, Zona Militar, Regimiento...) with
  numbers 1..400 in several notations, and police forces and garrisons of places taken
  from OFAC addresses and SFM locations;
* organisations (8 %): OFAC entity names, with a place or number appended when repeated.

Subjects (the batch) are variants of base names (accents dropped, maternal surname dropped,
"SURNAME, Given" order, a typo, unit numbers in another notation or language) and 15 % names
not in the base. Each base size runs in its own child process so that peak RSS is that size's.

Peers, on the same base and subjects in the same run:

* **nomenklatura logic-v2** has no query index of its own for ad-hoc names (its blocker is a
  batch DuckDB cross-index over a statement store); we time logic-v2 comparing one subject
  with base names and extrapolate the cost of a full scan (labelled *extrapolated*), and also
  time logic-v2 re-scoring forcecheck's own candidates (the best logic-v2 can do with an index);
* **Splink 5 (DuckDB)** links the subjects to the base with blocking on surname/place tokens,
  Jaro-Winkler name comparisons and fixed m/u values (no EM training, which only adds time).
"""

from __future__ import annotations

import csv
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

from forcecheck import settings

DATA = settings.SHARED_DATA


# --------------------------------------------------------------------------- name parts


def _ofac_rows(name: str) -> list[list[str]]:
    raw = (DATA / "watchlists" / "ofac" / name).read_bytes().replace(b"\x1a", b"").decode("utf-8", "replace")
    return [[c.strip() for c in r] for r in csv.reader(raw.splitlines()) if r]


def name_parts() -> dict[str, list[str]]:
    given: list[str] = []
    surnames: list[str] = []
    orgs: list[str] = []
    cities: list[str] = []
    for r in _ofac_rows("sdn.csv"):
        if len(r) < 3:
            continue
        if r[2] == "individual" and "," in r[1]:
            sur, giv = r[1].split(",", 1)
            surnames += sur.title().split()
            given += giv.strip().title().split()
        elif r[2] == "-0-":
            orgs.append(r[1])
    for r in _ofac_rows("add.csv"):
        if len(r) > 4 and r[4] == "Mexico" and r[3] != "-0-":
            city = r[3].split(",")[0].strip()
            city = "".join(ch for ch in city if not ch.isdigit()).strip()
            if 3 <= len(city) <= 25:
                cities.append(city.title())
    with (DATA / "sfm_mexico" / "persons.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            toks = r["name"].split()
            given += toks[:-2]
            surnames += toks[-2:]
    with (DATA / "sfm_mexico" / "locations.csv").open(encoding="utf-8") as fh:
        cities += [r["name"].split(",")[0] for r in csv.DictReader(fh)]
    keep = lambda xs: sorted({x for x in xs if len(x) >= 3 and x.isalpha()})  # noqa: E731
    return {"given": keep(given), "surnames": keep(surnames), "orgs": sorted(set(orgs)), "places": sorted(set(cities))}


UNIT_FORMS = [
    ("{n} Batallón de Infantería", "{n}/o. BTN. INF.", "{n}th Infantry Battalion", "{r} Batallón de Infantería"),
    ("{n} Zona Militar", "{n}/a. Z.M.", "{n}th Military Zone", "{r} Zona Militar"),
    (
        "{n} Regimiento de Caballería Motorizado",
        "{n}/o. RGTO. CAB. MTZ.",
        "{n}th Motorized Cavalry Regiment",
        "{r} Regimiento de Caballería Motorizado",
    ),
    ("{n} Base Aérea Militar", "B.A.M. No. {n}", "{n}th Military Air Base", "{r} Base Aérea Militar"),
    ("{n} Zona Naval", "{n}/a. Zona Naval", "{n}th Naval Zone", "{r} Zona Naval"),
    ("{n} Región Militar", "{n}/a. R.M.", "{n}th Military Region", "{r} Región Militar"),
]
PLACE_FORMS = [
    ("Policía Municipal de {p}", "{p} municipal police"),
    ("Guarnición Militar de {p}", "Gn. Mil. de {p}"),
    ("Policía Estatal de {p}", "{p} state police"),
]


def _roman(n: int) -> str:
    out = ""
    for v, s in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= v:
            out += s
            n -= v
    return out


def _strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


def _typo(rng: random.Random, s: str) -> str:
    i = rng.randrange(1, max(2, len(s) - 1))
    return s[:i] + s[i + 1 :] if rng.random() < 0.5 else s[:i] + s[i] + s[i:]


def grow_base(size: int, seed: int = 1):
    """Records (entity_type, id, name, kind) and, for subjects, the structured parts of each entity."""
    rng = random.Random(seed)
    parts = name_parts()
    G, S, O, P = parts["given"], parts["surnames"], parts["orgs"], parts["places"]  # noqa: E741
    recs: list[tuple] = []
    people: list[tuple] = []
    units: list[tuple] = []
    n_units = int(size * 0.12)
    n_orgs = int(size * 0.08)
    n_people = size - n_units - n_orgs
    for i in range(n_people):
        g = [rng.choice(G)] + ([rng.choice(G)] if rng.random() < 0.4 else [])
        pat, mat = rng.choice(S), rng.choice(S)
        pid = f"p{i}"
        people.append((pid, g, pat, mat))
        recs.append(("person", pid, f"{' '.join(g)} {pat} {mat}", "primary"))
    seen_units: set[str] = set()
    i = 0
    while i < n_units:
        if rng.random() < 0.6:
            forms = rng.choice(UNIT_FORMS)
            n = rng.randint(1, 400)
            key = forms[0].format(n=n, r="")
            fill = {"n": n, "r": _roman(n)}
        else:
            forms = rng.choice(PLACE_FORMS)
            p = rng.choice(P)
            key = forms[0].format(p=p)
            fill = {"p": p}
        uid = f"u{i}"
        if key in seen_units:  # a second unit of the same name would be a duplicate record: give it a state
            fill = dict(fill)
            key = f"{key} ({rng.choice(P)})"
        seen_units.add(key)
        units.append((uid, forms, fill))
        recs.append(("unit", uid, key if "(" in key else forms[0].format(**fill), "primary"))
        if rng.random() < 0.5:
            recs.append(("unit", uid, forms[1].format(**fill), "alias"))
        i += 1
    for i in range(n_orgs):
        base = rng.choice(O)
        name = base if i < len(O) else f"{base} {rng.choice(P).upper()}"
        recs.append(("organization", f"o{i}", name, "primary"))
    return recs[:size] if len(recs) > size else recs, people, units, parts


def make_subjects(people, units, parts, n: int, seed: int = 2) -> list[dict]:
    rng = random.Random(seed)
    G, S = parts["given"], parts["surnames"]
    out = []
    for _ in range(n):
        r = rng.random()
        if r < 0.65:
            pid, g, pat, mat = rng.choice(people)
            v = rng.random()
            if v < 0.25:
                name, variant = f"{pat.upper()} {mat.upper()}, {' '.join(g)}", "surnames first"
            elif v < 0.5:
                name, variant = _strip_accents(f"{g[0]} {pat}"), "first given + paternal"
            elif v < 0.75:
                name, variant = f"{' '.join(g)} {_typo(rng, pat)} {mat}", "typo"
            else:
                name, variant = f"{' '.join(g)} {pat} {mat}", "exact"
            target = [f"{' '.join(g)} {pat} {mat}"]
            out.append({"name": name, "kind": "person", "truth": pid, "variant": variant, "target_names": target})
        elif r < 0.85:
            uid, forms, fill = rng.choice(units)
            name = rng.choice(forms[1:]).format(**fill)
            target = [f.format(**fill) for f in forms]  # the unit's name in every notation
            out.append({"name": name, "kind": "unit", "truth": uid, "variant": "unit", "target_names": target})
        else:
            out.append({"name": f"{rng.choice(G)} {rng.choice(S)} {rng.choice(S)}", "kind": "person", "truth": None})
    return out


def recall_figures(recs, subjects, out) -> dict:
    """recall@10 two ways, over subjects that are variants of a base entity:

    * ``recall_at_10``: the target entity itself is among the results;
    * ``name_recall_at_10`` (issue 8 item 7): the target, or an entity with the same normalised
      name as the target, is among them. The grown base holds different entities with identical
      names (the same given names and surnames recombined); no index can rank those apart, so
      returning one of the target's namesakes is not a retrieval miss. The target's names are
      its stored names and the names its subject was made from (``target_names``): for a unit,
      its name in every notation the generator writes. A unit whose name was repeated is stored
      with a state in parentheses ("Policía Estatal de Coahuila (Tijuana)", alias "Coahuila
      state police") but its subjects are made from the bare name ("Coahuila state police"),
      which is also the name, or the alias, of the other units of that name.

    Also per variant of the subject (``name_recall_by_variant``)."""
    from forcecheck.match.normalize import norm

    names: dict[tuple[str, str], set[str]] = {}
    for r in recs:
        names.setdefault((r[0], r[1]), set()).add(norm(r[2]))
    found = same_name = 0
    by_var: dict[str, list[int]] = {}
    hits = [(q, r) for q, r in zip(subjects, out, strict=True) if q["truth"]]
    for q, r in hits:
        target = names.get((q["kind"], q["truth"]), set()) | {norm(t) for t in q.get("target_names", ())}
        exact = any(c.entity_id == q["truth"] for c in r)
        namesake = exact or any(names.get((c.entity_type, c.entity_id), set()) & target for c in r)
        found += exact
        same_name += namesake
        v = by_var.setdefault(q.get("variant", "?"), [0, 0])
        v[0] += namesake
        v[1] += 1
    return {
        "recall_at_10": found / len(hits),
        "name_recall_at_10": same_name / len(hits),
        "name_recall_by_variant": {k: round(a / b, 4) for k, (a, b) in sorted(by_var.items())},
    }


def rss_mb() -> float:
    """Peak resident memory of this process. VmHWM, not getrusage's ru_maxrss: Linux carries
    ru_maxrss over an exec, so a child started by a big parent (``make bench`` runs the other
    benchmarks first) would report the parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


# --------------------------------------------------------------------------- one size (child process)


def run_size(size: int, n_subjects: int, n_single: int, peers: bool, splink_max: int, seed: int) -> dict:
    from forcecheck.match.index import NameIndex

    res: dict = {"size": size}
    t0 = time.perf_counter()
    recs, people, units, parts = grow_base(size, seed)
    res["grow_s"] = time.perf_counter() - t0
    res["names"] = len(recs)
    rss0 = rss_mb()
    t0 = time.perf_counter()
    idx = NameIndex(recs)
    res["build_s"] = time.perf_counter() - t0
    subjects = make_subjects(people, units, parts, n_subjects, seed + 1)
    # pickle round trip (the cache NameIndex.from_source keeps)
    import pickle
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "idx.pkl"
        t0 = time.perf_counter()
        idx.save(path)
        res["save_s"] = time.perf_counter() - t0
        res["pickle_mb"] = path.stat().st_size / 1e6
        t0 = time.perf_counter()
        NameIndex.load(path)
        res["load_s"] = time.perf_counter() - t0
    del pickle
    # single-query latency
    # (CPU time too: on a shared machine the wall clock includes waiting for a core)
    lat, cpu = [], []
    for q in subjects[:n_single]:
        t0, c0 = time.perf_counter(), time.process_time()
        idx.search(q["name"], kind=q["kind"], limit=10)
        lat.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    lat.sort()
    cpu.sort()
    res["lat_median_ms"] = statistics.median(lat)
    res["lat_p95_ms"] = lat[int(0.95 * (len(lat) - 1))]
    res["lat_max_ms"] = lat[-1]
    res["cpu_median_ms"] = statistics.median(cpu)
    res["cpu_p95_ms"] = cpu[int(0.95 * (len(cpu) - 1))]
    # batch
    calls0 = idx.full_compares
    t0, c0 = time.perf_counter(), time.process_time()
    out = idx.search_many([{"name": q["name"], "kind": q["kind"]} for q in subjects], limit=10)
    res["batch_s"] = time.perf_counter() - t0
    res["batch_cpu_s"] = time.process_time() - c0
    res["full_compares_per_query"] = (idx.full_compares - calls0) / len(subjects)
    res.update(recall_figures(recs, subjects, out))
    res["rss_mb"] = rss_mb()
    res["index_rss_mb"] = rss_mb() - rss0
    if peers:
        res.update(_nomenklatura_peer(idx, recs, subjects))
        if size <= splink_max:
            res.update(_splink_peer(recs, subjects))
        res["rss_with_peers_mb"] = rss_mb()
    return res


def _nomenklatura_peer(idx, recs, subjects) -> dict:
    from followthemoney import model
    from nomenklatura.matching import get_algorithm
    from nomenklatura.matching.types import ScoringConfig

    algo = get_algorithm("logic-v2")
    cfg = ScoringConfig.defaults()
    schema_of = {"person": "Person", "unit": "Organization", "organization": "Organization"}

    def ent(i: str, schema: str, name: str):
        e = model.make_entity(schema)
        e.id = i
        e.add("name", name)
        return e

    # full scan, extrapolated: one subject against 2,000 base names of its kind
    rng = random.Random(5)
    sample = rng.sample(recs, min(2000, len(recs)))
    qs = subjects[:5]
    t0 = time.perf_counter()
    n = 0
    for k, q in enumerate(qs):
        qe = ent(f"q{k}", schema_of[q["kind"]], q["name"])
        for j, r in enumerate(sample):
            algo.compare(qe, ent(f"b{k}-{j}", schema_of[r[0]], r[2]), cfg)
            n += 1
    per_cmp = (time.perf_counter() - t0) / n
    out = {
        "nk_per_compare_us": per_cmp * 1e6,
        "nk_scan_query_s_extrapolated": per_cmp * len(recs),
        "nk_scan_batch_h_extrapolated": per_cmp * len(recs) * len(subjects) / 3600,
    }
    # logic-v2 re-scoring forcecheck's candidates (index from forcecheck)
    m = min(200, len(subjects))
    t0 = time.perf_counter()
    for k, q in enumerate(subjects[:m]):
        qe = ent(f"r{k}", schema_of[q["kind"]], q["name"])
        sub = idx.subs.get(q["kind"])
        ids, _w = sub.retrieve(idx.specs[q["kind"]].keys(q["name"]), budget=idx.budget, prescore_k=idx.full_k)
        for i in ids.tolist():
            algo.compare(qe, ent(f"c{k}-{i}", schema_of[q["kind"]], sub.names[i]), cfg)
    out["nk_on_fc_candidates_query_ms"] = (time.perf_counter() - t0) / m * 1000
    out["nk_on_fc_candidates_batch_s_extrapolated"] = (time.perf_counter() - t0) / m * len(subjects)
    return out


def _splink_peer(recs, subjects) -> dict:
    import pyarrow as pa
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    from forcecheck.match.normalize import norm

    def frame(rows, prefix):
        data = []
        for k, (kind, name) in enumerate(rows):
            toks = norm(name).split() or [""]
            data.append(
                {
                    "unique_id": f"{prefix}{k}",
                    "kind": kind,
                    "name": norm(name),
                    "first": toks[0],
                    "last": toks[-1],
                    "second_last": toks[-2] if len(toks) > 1 else "",
                }
            )
        return pa.Table.from_pylist(data)

    t0 = time.perf_counter()
    left = frame([(q["kind"], q["name"]) for q in subjects], "s")
    right = frame([(r[0], r[2]) for r in recs], "b")
    db = DuckDBAPI()
    settings_ = SettingsCreator(
        link_type="link_only",
        blocking_rules_to_generate_predictions=[
            block_on("kind", "last"),
            block_on("kind", "second_last"),
            block_on("kind", "first", "second_last"),
        ],
        comparisons=[
            cl.JaroWinklerAtThresholds("name", [0.95, 0.88, 0.8]).configure(
                m_probabilities=[0.5, 0.2, 0.15, 0.1, 0.05], u_probabilities=[0.0002, 0.0005, 0.002, 0.01, 0.9873]
            ),
            cl.ExactMatch("first").configure(m_probabilities=[0.8, 0.2], u_probabilities=[0.02, 0.98]),
        ],
        retain_matching_columns=False,
    )
    sdf_l = db.register(left, dataset_display_name="subjects")
    sdf_r = db.register(right, dataset_display_name="base")
    linker = Linker([sdf_l, sdf_r], settings_)
    t_setup = time.perf_counter() - t0
    t0 = time.perf_counter()
    pred = linker.inference.predict(threshold_match_probability=0.5)
    t_pred = time.perf_counter() - t0
    rows = pred.as_record_list()
    linked: dict[int, set[str]] = {}
    for row in rows:
        a, b = row["unique_id_l"], row["unique_id_r"]
        s_id, b_id = (a, b) if a.startswith("s") else (b, a)
        linked.setdefault(int(s_id[1:]), set()).add(recs[int(b_id[1:])][1])
    hits = [k for k, q in enumerate(subjects) if q["truth"]]
    recall = sum(1 for k in hits if subjects[k]["truth"] in linked.get(k, ())) / len(hits)
    return {
        "splink_setup_s": t_setup,
        "splink_predict_s": t_pred,
        "splink_pairs_above_0_5": len(rows),
        "splink_recall": recall,
    }


# --------------------------------------------------------------------------- driver


def _arg(argv, name, default):
    for i, a in enumerate(argv):
        if a == name and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith(name + "="):
            return a.split("=", 1)[1]
    return default


def main(argv: list[str]) -> None:
    sizes = [int(x) for x in str(_arg(argv, "--sizes", "10000,100000")).split(",")]
    n_subjects = int(_arg(argv, "--subjects", 10000))
    n_single = int(_arg(argv, "--single", 500))
    splink_max = int(_arg(argv, "--splink-max", 1_000_000))
    seed = int(_arg(argv, "--seed", 1))
    peers = "--no-peers" not in argv
    one = _arg(argv, "--one", None)
    if one is not None:
        print("RESULT " + json.dumps(run_size(int(one), n_subjects, n_single, peers, splink_max, seed)), flush=True)
        return
    results = []
    for size in sizes:
        cmd = [
            sys.executable,
            "-m",
            "benchmarks.screen_speed_bench",
            "--one",
            str(size),
            "--subjects",
            str(n_subjects),
            "--single",
            str(n_single),
            "--splink-max",
            str(splink_max),
            "--seed",
            str(seed),
        ] + (["--no-peers"] if not peers else [])
        t0 = time.perf_counter()
        proc = subprocess.run(
            cmd,
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parents[1],
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )
        line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")), None)
        if line is None:
            print(f"size {size} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}", file=sys.stderr)
            continue
        r = json.loads(line[7:])
        r["wall_s"] = time.perf_counter() - t0
        results.append(r)
        print(json.dumps(r), flush=True)
    _print_table(results, n_subjects)


def _print_table(results: list[dict], n_subjects: int) -> None:
    print(
        f"\n| base names | build s | pickle MB (load s) | query median ms | p95 ms | batch of {n_subjects:,} s | subjects/s | recall@10 | same-name recall@10 | peak RSS MB | logic-v2 scan/query s (extrap.) | logic-v2 on fc candidates ms/query | Splink link s (recall) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        sp = (
            f"{r.get('splink_setup_s', 0) + r['splink_predict_s']:.1f} ({r['splink_recall']:.3f})"
            if "splink_predict_s" in r
            else "-"
        )
        nk = f"{r['nk_scan_query_s_extrapolated']:.1f}" if "nk_scan_query_s_extrapolated" in r else "-"
        nkc = f"{r['nk_on_fc_candidates_query_ms']:.1f}" if "nk_on_fc_candidates_query_ms" in r else "-"
        print(
            f"| {r['names']:,} | {r['build_s']:.1f} | {r['pickle_mb']:.0f} ({r['load_s']:.1f}) | {r['lat_median_ms']:.2f} | {r['lat_p95_ms']:.2f} | {r['batch_s']:.1f} | {n_subjects / r['batch_s']:.0f} | {r['recall_at_10']:.3f} | {r['name_recall_at_10']:.3f} | {r['rss_mb']:.0f} | {nk} | {nkc} | {sp} |"
        )
    if len(results) >= 2:
        a, b = results[0], results[-1]
        g = b["names"] / a["names"]
        print(
            f"\ngrowth x{g:.0f} in names: build x{b['build_s'] / a['build_s']:.1f}, median latency x{b['lat_median_ms'] / a['lat_median_ms']:.1f}, p95 x{b['lat_p95_ms'] / a['lat_p95_ms']:.1f}, batch x{b['batch_s'] / a['batch_s']:.1f}"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
