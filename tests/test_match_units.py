"""Unit-name analysis and scoring: numbers, types, institutions, places; real SFM aliases."""

from __future__ import annotations

import csv

import pytest

from forcecheck.match.units import UNIT_THRESHOLD, analyze_unit, compare_units, unit_keys

from .conftest import shared_file

SAME = [
    ("Iguala municipal police", "Policía Municipal de Iguala"),
    ("22nd Infantry Battalion", "22 Batallón de Infantería"),
    ("22/o. BTN. INF.", "22 Batallón de Infantería"),
    ("XXII Batallón de Infantería", "22 Batallón de Infantería"),
    ("Vigésimo Segundo Batallón de Infantería", "22nd Infantry Battalion"),
    ("twenty-second infantry battalion", "22/o. BTN. INF."),
    ("Trigésimo Tercer Batallón de Infantería", "33 Batallón de Infantería"),
    ("23/o. BTN. INF.", "XXIII Batallón de Infantería"),
    ("1/er. B.I.", "1 Batallón de Infantería"),
    ("Guarnición Militar, Ojinaga, Chih.", "Guarnición Militar de Ojinaga"),
    ("Gn. Mil. de Nuevo Laredo, Tamps.", "Guarnición Militar de Nuevo Laredo"),
    ("SEMAR", "Secretaría de Marina"),
    ("SEDENA", "Secretaría de la Defensa Nacional"),
    ("Secretariat of the National Defense  (SEDENA)", "SEDENA"),
    ("Federal Police", "Policía Federal"),
    ("PF", "Policía Federal"),
    ("GAFE", "Grupo Aeromóvil de Fuerzas Especiales"),
    ("Secretaria de Seguridad Publica", "SSP"),
    ("PGR", "Procuraduría General de la República"),
    ("B. A. M. No. 15", "15 Base Aérea Militar"),
    ("base aérea militar número dos", "2 Base Aérea Militar"),
    ("12ava Zona Militar", "12 Zona Militar"),
    ("2zm", "Segunda Zona Militar"),
    ("14/a. ZONA NAVAL MILITAR (ZN-14)", "XIV Zona Naval"),
    ("9/o. RGTO. CAB. MTZ.", "Noveno Regimiento de Caballería Motorizado"),
    ("Décima Cuarta Zona Naval", "14 Naval Zone"),
    ("State Police of Guerrero", "Policía Estatal de Guerrero"),
]

DIFFERENT = [
    ("23 Batallón de Infantería", "33 Batallón de Infantería"),
    ("23 Batallón de Infantería", "23 Zona Militar"),
    ("Policía Municipal de Cocula", "Policía Municipal de Iguala"),
    ("Cocula municipal police", "Policía Municipal de Iguala"),
    ("22nd Infantry Battalion", "23 Batallón de Infantería"),
    ("1st Battalion", "2nd Battalion"),
    ("XXIII Batallón de Infantería", "XXXIII Batallón de Infantería"),
    ("SEMAR", "SEDENA"),
    ("14 Zona Naval", "14 Zona Militar"),
    ("Guarnición Militar de Ojinaga", "Guarnición Militar de Acuña"),
    ("Guarnición Militar", "Guarnición Militar de Ojinaga"),  # no place: not enough to tell which
    ("3 Batallón de Infantería", "3 Batallón de Fuerzas Especiales"),
    ("3 Brigada de Fuerzas Especiales", "3 Brigada del Grupo Aeromóvil de Fuerzas Especiales"),
    ("Policía Estatal de Guerrero", "Policía Estatal de Michoacán"),
    ("Policía Municipal de Iguala", "Policía Estatal de Guerrero"),
    ("SEMAR", "14 Zona Militar"),
    ("SEMAR SOF", "SEMAR"),
    ("Army", "SEDENA"),  # part of, not the same body: a candidate below the threshold
    ("SEDENA", "23 Batallón de Infantería"),
]


@pytest.mark.parametrize("a,b", SAME)
def test_same_unit_matches(a, b):
    m = compare_units(a, b)
    assert m.is_match, (m.score, m.explanation)
    assert m.score >= UNIT_THRESHOLD and m.kind == "unit"
    assert m.explanation and not any("conflict" in e for e in m.explanation)
    # symmetric
    assert compare_units(b, a).score == pytest.approx(m.score)


@pytest.mark.parametrize("a,b", DIFFERENT)
def test_different_units_do_not_match(a, b):
    m = compare_units(a, b)
    assert not m.is_match, (m.score, m.explanation)
    assert m.score < UNIT_THRESHOLD


def test_numbers_are_read_from_every_notation():
    for text, n in [
        ("23/o. BTN. INF.", 23),
        ("XXIII Batallón", 23),
        ("Trigésimo Tercer Batallón", 33),
        ("33° Batallón", 33),
        ("1/er. B.I.", 1),
        ("primer Batallón", 1),
        ("Décimo Cuarta Zona Naval", 14),
        ("twenty-second battalion", 22),
        ("46/0. Batallón de Infantería", 46),
        ("12va Zona Militar", 12),
        ("Onceava Región Militar", 11),
        ("ZN-14", 14),
    ]:
        assert analyze_unit(text).numbers == (n,), text


def test_explanations_name_the_rule():
    m = compare_units("23 Batallón de Infantería", "33 Batallón de Infantería")
    assert "number 23 != 33 (conflict)" in m.explanation
    m = compare_units("Policía Municipal de Iguala", "Policía Municipal de Cocula")
    assert "place iguala != cocula (conflict)" in m.explanation
    m = compare_units("22nd Infantry Battalion", "22 Batallón de Infantería")
    assert "number 22 = 22" in m.explanation
    assert "type infantry battalion = batallon de infanteria (translation)" in m.explanation
    m = compare_units("23 Batallón de Infantería", "23 Zona Militar")
    assert any(e.startswith("type ") and e.endswith("(conflict)") for e in m.explanation)


def test_empty_and_junk_names_score_zero():
    assert compare_units("", "23 Batallón de Infantería").score < UNIT_THRESHOLD
    assert compare_units("!!!", "???").score == 0.0
    assert analyze_unit("").is_empty


def test_keys_are_shared_by_names_of_the_same_unit():
    for a, b in SAME:
        assert unit_keys(a) & unit_keys(b), (a, b)
    assert not (unit_keys("23 Batallón de Infantería") & unit_keys("33 Batallón de Infantería")) - {
        "t:battalion",
        "t:infantry_battalion",
    }


# ------------------------------------------------------------------ real SFM units


def _sfm_units():
    with shared_file("sfm_mexico", "units.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_sfm_units_named_in_the_issue():
    names = {r["name"] for r in _sfm_units()}
    for n in ("23 Batallón de Infantería", "33 Batallón de Infantería", "23 Zona Militar"):
        assert n in names
    assert not compare_units("23 Batallón de Infantería", "33 Batallón de Infantería").is_match
    assert not compare_units("23 Batallón de Infantería", "23 Zona Militar").is_match
    assert not compare_units("33 Batallón de Infantería", "23 Zona Militar").is_match


def test_sfm_aliases_match_their_unit_and_rarely_another():
    units = _sfm_units()
    total = matched = wrong = 0
    for r in units:
        for alias in filter(None, r["other_names"].split(";")):
            total += 1
            matched += compare_units(alias, r["name"]).is_match
            wrong += sum(compare_units(alias, o["name"]).is_match for o in units if o["unit_id"] != r["unit_id"])
    assert total > 350
    # the misses are bare numbers ("23/a."), a bare "Guarnición Militar", and SFM's typo "XIX Zona Militar" for 29
    assert matched / total >= 0.88, matched / total
    assert wrong / total <= 0.03, wrong / total


def test_sfm_distinct_units_rarely_match_each_other():
    units = _sfm_units()
    names = [r["name"] for r in units]
    pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]]
    false = [(a, b) for a, b in pairs if compare_units(a, b).is_match]
    assert len(pairs) > 5000
    assert len(false) <= 2, false
