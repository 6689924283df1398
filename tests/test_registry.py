"""The matcher registry: kinds, aliases from the vocabulary, thresholds from settings, algorithms."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from forcecheck import settings, vocab
from forcecheck.match import registry
from forcecheck.match.compare import compare, default_threshold, normalize_kind
from forcecheck.match.index import NameIndex, default_specs
from forcecheck.match.persons import compare_organizations, compare_persons
from forcecheck.match.units import compare_units


def test_every_kind_has_one_matcher_with_keys_compare_and_thresholds():
    algo = registry.algorithm()
    assert algo.name == registry.DEFAULT_ALGORITHM and set(algo.matchers) == set(registry.KINDS)
    for kind in registry.KINDS:
        m = registry.matcher(kind)
        assert m.kind == kind
        assert m.thresholds == settings.MATCH_THRESHOLDS[kind]
        assert m.threshold("possible") < m.threshold("direct") == default_threshold(kind)
        assert m.keys("23 Batallón de Infantería" if kind == "unit" else "Los Zetas Ramírez")
        assert isinstance(m.canon("23/o. BTN. INF."), str)
    with pytest.raises(ValueError, match="tier"):
        registry.matcher("person").threshold("maybe")


def test_compare_is_a_lookup_of_the_kinds_function():
    for kind, fn, a, b in [
        ("person", compare_persons, "Joaquín Guzmán Loera", "GUZMAN LOERA, Joaquin"),
        ("unit", compare_units, "23/o. BTN. INF.", "23 Batallón de Infantería"),
        ("organization", compare_organizations, "Siemens AG", "Siemens Aktiengesellschaft"),
    ]:
        got, want = compare(a, b, kind=kind), fn(a, b)
        assert (got.kind, got.score, got.is_match, got.quality) == (want.kind, want.score, want.is_match, want.quality)
        assert registry.compare(a, b, kind=kind, algorithm=registry.DEFAULT_ALGORITHM).score == want.score
    # a different kind is a different function: the unit reading of a unit name differs from the person one
    assert (
        compare("23/o. BTN. INF.", "23 Batallón de Infantería", kind="unit").score
        != compare("23/o. BTN. INF.", "23 Batallón de Infantería", kind="person").score
    )


def test_aliases_come_from_the_vocabulary_csv():
    rows = vocab.load("kind_aliases")
    assert len(rows) >= 10
    for row in rows:
        assert normalize_kind(row["code"]) == row["kind"]
        assert row["code"] in registry.matcher(row["kind"]).aliases
    for word, kind in [
        ("Company", "organization"),
        ("LegalEntity", "organization"),
        ("legal_entity", "organization"),
        ("Public Body", "organization"),
        ("INDIVIDUAL", "person"),
        ("Organización", "organization"),
    ]:
        assert normalize_kind(word) == kind
    for bad in ("planet", "", None):
        with pytest.raises(ValueError, match="unknown kind"):
            normalize_kind(bad)  # type: ignore[arg-type]


def test_algorithms_are_listed_and_looked_up_by_name():
    algos = registry.algorithms()
    assert algos[0].name == registry.DEFAULT_ALGORITHM
    d = algos[0].as_dict()
    assert (
        set(d["kinds"]) == set(registry.KINDS) and d["kinds"]["unit"]["thresholds"] == settings.MATCH_THRESHOLDS["unit"]
    )
    assert "company" in d["kinds"]["organization"]["aliases"]
    with pytest.raises(ValueError, match="unknown algorithm"):
        registry.algorithm("logic-v9")
    with pytest.raises(ValueError, match="unknown algorithm"):
        compare("a", "b", algorithm="logic-v9")


def test_the_index_keys_and_compares_with_the_registry():
    specs = default_specs()
    assert {k: v for k, v in specs.items()} == registry.algorithm().matchers
    idx = NameIndex([("unit", "u1", "23 Batallón de Infantería", "primary")])
    assert idx.algorithm == registry.DEFAULT_ALGORITHM and idx.specs["unit"] is registry.matcher("unit")
    with pytest.raises(ValueError, match="unknown algorithm"):
        NameIndex([], algorithm="logic-v9")


def test_nothing_under_match_imports_the_store():
    root = Path(__file__).resolve().parents[1] / "forcecheck" / "match"
    offenders = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                mod = node.module or ""
                if mod.startswith("forcecheck.store") or (node.level >= 2 and mod.startswith("store")):
                    offenders.append(f"{path.name}: from {'.' * node.level}{mod}")
            elif isinstance(node, ast.Import):
                offenders += [
                    f"{path.name}: import {a.name}" for a in node.names if a.name.startswith("forcecheck.store")
                ]
    assert not offenders, offenders
