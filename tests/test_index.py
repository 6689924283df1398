"""The candidate index: right entity among distractors, kinds, explanations, no full scan, bad queries."""

from __future__ import annotations

import csv
import random

import pytest

from forcecheck.match.index import Candidate, NameIndex
from forcecheck.store import Writer
from forcecheck.store.models import Name, Organization, Person, Unit
from forcecheck.store.names import StoreNames

from .conftest import shared_file

PLACES = [
    "Iguala",
    "Cocula",
    "Chilpancingo",
    "Tlapa",
    "Ojinaga",
    "Acuña",
    "Reynosa",
    "Matamoros",
    "Apatzingán",
    "Uruapan",
    "Culiacán",
    "Tijuana",
]
TYPES = [
    "Batallón de Infantería",
    "Zona Militar",
    "Regimiento de Caballería Motorizado",
    "Base Aérea Militar",
    "Zona Naval",
]
GIVEN = [
    "José",
    "Juan",
    "Luis",
    "Carlos",
    "Miguel",
    "Jesús",
    "Francisco",
    "Guadalupe",
    "Ignacio",
    "Armando",
    "Alejandro",
]
SURNAMES = [
    "García",
    "Hernández",
    "López",
    "Martínez",
    "González",
    "Pérez",
    "Rodríguez",
    "Sánchez",
    "Ramírez",
    "Flores",
    "Torres",
    "Morales",
]


def _sfm_records():
    recs = []
    with shared_file("sfm_mexico", "units.csv").open(encoding="utf-8", newline="") as fh:
        units = list(csv.DictReader(fh))
    for r in units:
        recs.append(("unit", r["unit_id"], r["name"], "primary"))
        for alias in filter(None, r["other_names"].split(";")):
            recs.append(("unit", r["unit_id"], alias, "alias"))
    with shared_file("sfm_mexico", "persons.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            recs.append(("person", r["person_id"], r["name"], "primary"))
    return units, recs


def _distractors(n_units=600, n_persons=1500, seed=7):
    rng = random.Random(seed)
    recs = []
    for i in range(n_units):
        t = rng.choice(TYPES)
        recs.append(("unit", f"syn-u{i}", f"{rng.randint(100, 400)} {t}", "primary"))
    for p in PLACES:
        recs.append(("unit", f"syn-pm-{p}", f"Policía Municipal de {p}", "primary"))
        recs.append(("unit", f"syn-gm-{p}", f"Guarnición Militar de {p}", "primary"))
    for i in range(n_persons):
        recs.append(
            ("person", f"syn-p{i}", f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)} {rng.choice(SURNAMES)}", "primary")
        )
    recs.append(("organization", "org-zetas", "LOS ZETAS", "primary"))
    recs.append(("organization", "org-cjng", "CARTEL DE JALISCO NUEVA GENERACION", "primary"))
    return recs


@pytest.fixture(scope="module")
def base():
    units, recs = _sfm_records()
    idx = NameIndex(recs + _distractors())
    return units, idx


def _top(idx, q, **kw) -> Candidate | None:
    res = idx.search(q, **kw)
    return res[0] if res else None


def test_finds_the_real_sfm_unit_among_distractors(base):
    units, idx = base
    by_name = {r["name"]: r["unit_id"] for r in units}
    for q, expected in [
        ("23/o. BTN. INF.", "23 Batallón de Infantería"),
        ("XXIII Batallón de Infantería", "23 Batallón de Infantería"),
        ("Trigésimo Tercer Batallón de Infantería", "33 Batallón de Infantería"),
        ("33rd Infantry Battalion", "33 Batallón de Infantería"),
        ("Gn. Mil. de Ojinaga, Chih.", "Guarnición Militar de Ojinaga"),
        ("Décima Cuarta Zona Naval", "14 Zona Naval"),
        ("99 Infantry Battalion", "99 Batallón de Infantería"),
    ]:
        top = _top(idx, q, kind="unit")
        assert top is not None and top.entity_id == by_name[expected], (q, top)
        assert top.match.is_match and top.match.explanation
    # 23 Zona Militar is a different unit from 23 Batallón de Infantería
    ids = [c.entity_id for c in idx.search("23 Batallón de Infantería", kind="unit", threshold=0.0, limit=20)]
    assert ids[0] == by_name["23 Batallón de Infantería"]
    strong = {c.entity_id for c in idx.search("23 Batallón de Infantería", kind="unit")}
    assert by_name["23 Zona Militar"] not in strong and by_name["33 Batallón de Infantería"] not in strong


def test_sfm_aliases_retrieve_their_unit(base):
    units, idx = base
    total = found = 0
    for r in units:
        for alias in filter(None, r["other_names"].split(";")):
            total += 1
            top = _top(idx, alias, kind="unit")
            found += top is not None and top.entity_id == r["unit_id"]
    assert found / total >= 0.88, found / total


def test_place_tells_police_forces_apart(base):
    _, idx = base
    top = _top(idx, "Iguala municipal police", kind="unit")
    assert top.entity_id == "syn-pm-Iguala"
    assert "place iguala = iguala" in top.match.explanation
    assert all(c.entity_id != "syn-pm-Cocula" for c in idx.search("Policía Municipal de Iguala", kind="unit"))


def test_kind_is_respected(base):
    _, idx = base
    assert all(c.entity_type == "unit" for c in idx.search("Flores Morales", kind="unit", threshold=0.0))
    persons = idx.search("Amado Flores Morales", kind="person")
    assert persons and all(c.entity_type == "person" for c in persons)
    assert "Flores Morales" in persons[0].matched_name
    anyk = idx.search("Los Zetas", kind="any")
    assert anyk and anyk[0].entity_type == "organization" and anyk[0].entity_id == "org-zetas"
    assert idx.search("Los Zetas", kind=("unit", "person"), threshold=0.5) == []
    with pytest.raises(ValueError, match="unknown kind"):
        idx.search("Los Zetas", kind="vessel")


def test_does_not_run_the_full_comparer_on_every_name(base):
    _, idx = base
    before = idx.full_compares
    idx.search("José García López", kind="person")
    idx.search("5 Zona Militar", kind="unit")
    calls = idx.full_compares - before
    assert 0 < calls <= 2 * max(idx.full_k, 20)
    assert calls < len(idx) / 20


def test_bad_queries_raise_clear_errors(base):
    _, idx = base
    for q in ("", "   ", "!!! ???", "—"):
        with pytest.raises(ValueError, match="empty name|no letters or digits"):
            idx.search(q, kind="unit")
    with pytest.raises(ValueError, match="must be text"):
        idx.search(None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="too long"):
        idx.search("x" * 5000)
    with pytest.raises(ValueError, match="query 2: empty name"):
        idx.search_many(["SEMAR", "", "SEDENA"], kind="unit")


def test_search_many_matches_single_searches(base):
    _, idx = base
    qs = ["23/o. BTN. INF.", {"name": "Amado Flores Morales", "kind": "person"}, "Policía Municipal de Cocula"]
    batch = idx.search_many(qs, kind="unit")
    assert len(batch) == 3
    assert [c.entity_id for c in batch[0]] == [c.entity_id for c in idx.search("23/o. BTN. INF.", kind="unit")]
    assert batch[1] and batch[1][0].entity_type == "person"
    assert batch[2][0].entity_id == "syn-pm-Cocula"


def test_pickle_round_trip(base, tmp_path):
    _, idx = base
    idx.save(tmp_path / "idx.pkl")
    again = NameIndex.load(tmp_path / "idx.pkl")
    assert len(again) == len(idx)
    assert [c.entity_id for c in again.search("XXIII Batallón de Infantería", kind="unit")] == [
        c.entity_id for c in idx.search("XXIII Batallón de Infantería", kind="unit")
    ]


def test_from_source_reads_the_name_table_through_the_store_loader(store, tmp_path):
    with store.transaction() as s:
        w = Writer(s)
        w.put_many(
            Unit,
            [
                {"id": "u-23bi", "name": "23 Batallón de Infantería"},
                {"id": "u-23zm", "name": "23 Zona Militar"},
                {"id": "u-pmi", "name": "Policía Municipal de Iguala"},
            ],
        )
        w.put_many(Person, [{"id": "p-afm", "name": "Amado Flores Morales", "birth_date": "1950"}])
        w.put_many(Organization, [{"id": "o-zetas", "name": "LOS ZETAS"}])
        w.put_many(
            Name,
            [
                {"id": "n1", "unit_id": "u-23bi", "name": "23 Batallón de Infantería", "kind": "primary"},
                {"id": "n2", "unit_id": "u-23bi", "name": "23/o. BTN. INF.", "kind": "alias"},
                {"id": "n3", "unit_id": "u-23zm", "name": "23 Zona Militar", "kind": "primary"},
                {"id": "n4", "unit_id": "u-pmi", "name": "Policía Municipal de Iguala", "kind": "primary"},
                {"id": "n5", "person_id": "p-afm", "name": "Amado Flores Morales", "kind": "primary"},
                {"id": "n6", "organization_id": "o-zetas", "name": "LOS ZETAS", "kind": "primary"},
            ],
        )
    with store.read() as s:
        idx = NameIndex.from_source(StoreNames(s), cache_dir=tmp_path)
        assert len(idx) == 6
        top = idx.search("XXIII Batallón de Infantería", kind="unit")
        assert [c.entity_id for c in top] == ["u-23bi"] and top[0].name_kind in ("primary", "alias")
        assert idx.search("Iguala municipal police", kind="unit")[0].entity_id == "u-pmi"
        assert idx.search("Amado Flores Morales", kind="person")[0].entity_id == "p-afm"
        # the person's date of birth reaches the comparer: a different one lowers the score
        assert (
            idx.search("Amado Flores Morales", kind="person", dob="1950")[0].score
            >= idx.search("Amado Flores Morales", kind="person", dob="1971", threshold=0.0)[0].score
        )
        units_only = NameIndex.from_source(StoreNames(s, kinds=["unit"]))
        assert len(units_only) == 4
        # the loader yields plain tuples; a person's recorded features ride along for the comparer
        recs = {r[1]: r for r in StoreNames(s)}
        assert all(type(r) is tuple for r in recs.values())
        assert recs["p-afm"] == ("person", "p-afm", "Amado Flores Morales", "primary", {"dob_b": "1950"})
        assert recs["o-zetas"] == ("organization", "o-zetas", "LOS ZETAS", "primary")
        with pytest.raises(ValueError, match="unknown kind"):
            StoreNames(s, kinds=["vessel"])
        assert list(tmp_path.glob("nameindex-*.pkl"))
        cached = NameIndex.from_source(StoreNames(s), cache_dir=tmp_path)
        assert cached.signature == idx.signature and len(cached) == 6
        (pkl,) = tmp_path.glob("nameindex-*.pkl")
        assert pkl.stat().st_mode & 0o077 == 0  # holds birth dates: owner only
    with store.transaction() as s:
        Writer(s).put_many(Name, [{"id": "n7", "unit_id": "u-23zm", "name": "23/a. Z.M.", "kind": "alias"}])
    with store.read() as s:
        fresh = NameIndex.from_source(StoreNames(s), cache_dir=tmp_path)
        assert fresh.signature != idx.signature and len(fresh) == 7  # a changed base is indexed anew
        assert [p.name for p in tmp_path.glob("nameindex-*.pkl")] == [
            f"nameindex-{fresh.signature}.pkl"
        ]  # the stale one is gone


def test_screening_keeps_its_index_where_the_setting_says(store, tmp_path, monkeypatch):
    from forcecheck.screen.screen import build_index

    with store.transaction() as s:
        Writer(s).put_many(Unit, [{"id": "u1", "name": "23 Zona Militar"}])
        Writer(s).put_many(Name, [{"id": "n1", "unit_id": "u1", "name": "23 Zona Militar", "kind": "primary"}])
    monkeypatch.setenv("FORCECHECK_INDEX_CACHE", str(tmp_path / "cache"))
    with store.read() as s:
        idx = build_index(s)
    assert (tmp_path / "cache" / f"nameindex-{idx.signature}.pkl").exists()
    monkeypatch.delenv("FORCECHECK_INDEX_CACHE")
    with store.read() as s:
        assert build_index(s).signature is None  # unset: built per run, nothing written


class _Source:
    """A name source that is not the store: records and a signature."""

    def __init__(self, recs, sig):
        self.recs, self.sig, self.iterated = recs, sig, 0

    def signature(self):
        return self.sig

    def __iter__(self):
        self.iterated += 1
        return iter(self.recs)


def test_from_source_builds_from_plain_records_and_caches_on_the_signature(tmp_path):
    recs = [
        ("unit", "u1", "23 Batallón de Infantería", "primary"),
        ("person", "p1", "Amado Flores Morales", "primary", {"dob_b": "1950"}),
    ]
    src = _Source(recs, "v1")
    idx = NameIndex.from_source(src, cache_dir=tmp_path)
    assert len(idx) == 2 and idx.signature and src.iterated == 1
    assert idx.search("XXIII Batallón de Infantería", kind="unit")[0].entity_id == "u1"
    again = NameIndex.from_source(src, cache_dir=tmp_path)
    assert src.iterated == 1 and again.signature == idx.signature  # loaded from the cache, not rebuilt
    other = NameIndex.from_source(src, cache_dir=tmp_path, full_k=5)
    assert src.iterated == 2 and other.signature != idx.signature  # index options are part of the key
    src.sig = "v2"
    NameIndex.from_source(src, cache_dir=tmp_path)
    assert src.iterated == 3 and len(list(tmp_path.glob("nameindex-*.pkl"))) == 1
    assert NameIndex.from_source(_Source(recs, "x"), cache_dir=None).signature is None  # no cache: no signature needed
    with pytest.raises(ValueError, match="unknown entity type"):
        NameIndex([("planet", "x1", "Mars", "primary")])
