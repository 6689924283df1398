"""Units as any country's English, Spanish and French press names them (issue 9, item 2): numbered
formations, headquarters, commands, colleges, named operations and task forces (kind
"operation"), abbreviations defined in the text; on sentences written for these tests."""

from __future__ import annotations

import pytest

from forcecheck.extract.pipeline import extract_claims
from forcecheck.extract.unit_patterns import abbreviation_after, find_pattern_units

EN = (
    "Troops of 82 Division and 7 Division fought beside the 3 Armoured Division, the 3rd Armoured Brigade, "
    "the 26 Task Force Brigade and the Guards Brigade near Maiduguri. The 2nd Battalion moved into Sector 3 "
    "and Sub Sector 7.\n"
    "Defence Headquarters (DHQ) said the Army Headquarters Garrison, the Training and Doctrine Command, the Oyo "
    "State Police Command and the Ikeja Area Command had been told. Officers trained at the Nigerian Army "
    "Peacekeeping Centre, the National Defence College and the Nigerian Defence Academy.\n"
    "Operation Lafiya Dole and Operation Python Dance II were run by the Joint Task Force. Later, DHQ denied it.\n"
    "The Multinational Joint Task Force (MNJTF) said MNJTF troops had retaken the town.\n"
    "Human Rights Watch's Americas Division and Harvard College said nothing."
)


@pytest.fixture(scope="module")
def en_units():
    claims = extract_claims(EN, lang="en", published="2017-05-01")
    for c in claims:
        assert EN[c.span[0] : c.span[1]] == c.text
    return [c for c in claims if c.type == "unit"]


def _names(units):
    return {u.attrs["name"] for u in units}


@pytest.mark.parametrize(
    "name",
    [
        "82 Division",
        "7 Division",
        "3 Armoured Division",
        "3rd Armoured Brigade",
        "26 Task Force Brigade",
        "Guards Brigade",
        "2nd Battalion",
        "Sector 3",
        "Sub Sector 7",
        "Defence Headquarters",
        "Army Headquarters Garrison",
        "Training and Doctrine Command",
        "Oyo State Police Command",
        "Ikeja Area Command",
        "Nigerian Army Peacekeeping Centre",
        "National Defence College",
        "Nigerian Defence Academy",
    ],
)
def test_english_unit_names(en_units, name):
    assert name in _names(en_units)


def test_weak_heads_need_a_force_word(en_units):
    names = _names(en_units)
    assert "Americas Division" not in names and "Harvard College" not in names
    assert not any("Human Rights Watch" in n for n in names)


def test_operations_and_task_forces_are_operations(en_units):
    kinds = {u.attrs["name"]: u.attrs["kind"] for u in en_units}
    assert kinds["Operation Lafiya Dole"] == "operation"
    assert kinds["Operation Python Dance II"] == "operation"
    assert kinds["Joint Task Force"] == "operation"
    assert kinds["Multinational Joint Task Force"] == "operation"
    assert kinds["7 Division"] == "unit" and kinds["Defence Headquarters"] == "unit"


def test_classifications(en_units):
    cls = {u.attrs["name"]: u.attrs["classification"] for u in en_units}
    assert cls["7 Division"] == "army"
    assert cls["Oyo State Police Command"] == "police"
    assert cls["National Defence College"] == "military"


def test_abbreviation_defined_in_the_text_is_linked_to_the_long_form(en_units):
    mn = [u for u in en_units if u.text == "MNJTF"]
    assert mn and all(u.attrs["name"] == "Multinational Joint Task Force" for u in mn)
    long = next(u for u in en_units if u.text == "Multinational Joint Task Force")
    assert long.attrs["abbreviation"] == "MNJTF" and "MNJTF" in long.attrs["aliases"]
    # a generic abbreviation from the vocabulary, reused later in the text
    later = [u for u in en_units if u.text == "DHQ"]
    assert later and later[0].attrs["name"] == "Defence Headquarters"


def test_abbreviation_letters_must_fit():
    assert abbreviation_after("Joint Task Force (JTF)", 16, "Joint Task Force")[0] == "JTF"
    assert abbreviation_after("Joint Task Force (AFP)", 16, "Joint Task Force") is None


def test_bare_institution_word_outside_mexico_is_the_army_of_the_text():
    text = "The Nigerian Army said on Monday that the Army would investigate. The Federal Police did not comment."
    units = [c for c in extract_claims(text, lang="en") if c.type == "unit"]
    by_text = {u.text: u.attrs for u in units}
    assert by_text["Army"]["name"] == "Nigerian Army"
    assert by_text["Federal Police"]["name"] == "Federal Police"  # not the Mexican Policía Federal
    assert by_text["Federal Police"]["country"] is None


def test_mexican_text_keeps_mexican_canonical_names():
    text = "Soldiers of the 102nd Infantry Battalion and the Army were sent to Tlatlaya, in Mexico State."
    units = {c.text: c.attrs["name"] for c in extract_claims(text, lang="en") if c.type == "unit"}
    assert units["102nd Infantry Battalion"] == "102 Batallón de Infantería"
    assert units["Army"] == "Ejército Mexicano"


def test_spanish_units():
    text = (
        "Elementos del Batallón 23 y del 23/o Batallón de Infantería, de la XI Región Militar y de la Sexta Zona "
        "Militar participaron en la Operación Chihuahua. Un juez de la Brigada 3 no declaró."
    )
    units = {c.text: c.attrs for c in extract_claims(text, lang="es") if c.type == "unit"}
    names = {a["name"] for a in units.values()}
    assert {"23 Batallón", "23 Batallón de Infantería", "11 Región Militar", "6 Zona Militar", "3 Brigada"} <= names
    op = next(a for a in units.values() if a["name"] == "Operación Chihuahua")
    assert op["kind"] == "operation"


def test_french_units():
    text = (
        "Le 12e régiment d'infanterie et le 33 Régiment des Commandos Parachutistes ont été déployés avec la "
        "Gendarmerie nationale et la Garde nationale, dans le cadre de l'Opération Barkhane."
    )
    units = {c.attrs["name"]: c.attrs for c in extract_claims(text, lang="fr") if c.type == "unit"}
    assert "12e régiment d'infanterie" in units
    assert "33 Régiment des Commandos Parachutistes" in units
    assert units["Gendarmerie nationale"]["classification"] == "police"
    assert units["Garde nationale"]["classification"] == "military"
    assert units["Opération Barkhane"]["kind"] == "operation"


def test_pattern_finder_is_plain_text():
    found = {f.name for f in find_pattern_units("He joined 7 Division in 2015; Brigada 3 and the 12e Régiment too.")}
    assert found == {"7 Division", "Brigada 3", "12e Régiment"}


@pytest.mark.parametrize(
    "text,lang,name",
    [
        ("Kenyan police have denied the killings.", "en", "Kenyan police"),
        ("Nigeria's military said the sect had attacked first.", "en", "Nigeria's military"),
        ("Los soldados del Ejército guatemalteco llegaron a la aldea en 1982.", "es", "Ejército guatemalteco"),
        (
            "Un comunicado de las Fuerzas Armadas de Honduras negó los hechos en Iriona.",
            "es",
            "Fuerzas Armadas de Honduras",
        ),
        ("Les Forces armées maliennes ont démenti.", "fr", "Forces armées maliennes"),
    ],
)
def test_national_forces_by_country_or_demonym(text, lang, name):
    units = {c.attrs["name"]: c.attrs for c in extract_claims(text, lang=lang) if c.type == "unit"}
    assert name in units
    assert "Ejército Mexicano" not in units


def test_a_spanish_text_about_another_country_is_not_mexican():
    text = "El Ejército de Guatemala y la Policía Nacional Civil de Guatemala patrullaban. El Ejército negó todo."
    units = [c for c in extract_claims(text, lang="es") if c.type == "unit"]
    names = {c.attrs["name"] for c in units}
    assert "Ejército Mexicano" not in names and "Ejército de Guatemala" in names
    bare = [c for c in units if c.text == "Ejército"]
    assert bare and bare[0].attrs["name"] == "Ejército de Guatemala"


def test_body_defined_with_its_abbreviation():
    text = (
        "Fue detenido en las instalaciones de la Policía Militar del Orden Público (PMOP) por efectivos de la "
        "Agencia Técnica de Investigación Criminal (ATIC). Un sargento de la PMOP será presentado."
    )
    units = [c for c in extract_claims(text, lang="es") if c.type == "unit"]
    names = {u.attrs["name"] for u in units}
    assert {"Policía Militar del Orden Público", "Agencia Técnica de Investigación Criminal"} <= names
    reuse = [u for u in units if u.text == "PMOP" and u.span[0] > text.index("sargento")]
    assert reuse and reuse[0].attrs["name"] == "Policía Militar del Orden Público"


def test_lowercase_french_unit_from_the_ner_needs_a_unit_word():
    text = (
        "Seize témoins ont déclaré au groupe de défense des droits que des soldats maliens avaient tué des "
        "civils. Les suspects ont été arrêtés par la brigade de recherche de la gendarmerie de Fada N'Gourma."
    )
    names = {c.attrs["name"] for c in extract_claims(text, lang="fr") if c.type == "unit"}
    assert not any(n.startswith("groupe de défense") for n in names)


@pytest.mark.parametrize(
    "text,name",
    [
        ("Soldados de la Brigada Móvil 15 llegaron a la vereda.", "Brigada Móvil 15"),
        ("El Batallón de Infantería No. 15 fue señalado por la JEP en Colombia.", "Batallón de Infantería No. 15"),
        ("La Décima Brigada Blindada patrullaba la frontera de Venezuela.", "Décima Brigada Blindada"),
        ("Agentes de las Fuerzas de Acciones Especiales entraron al barrio.", "Fuerzas de Acciones Especiales"),
        ("La Policía Nacional Civil detuvo a dos pandilleros.", "Policía Nacional Civil"),
    ],
)
def test_spanish_names_that_grow_to_the_right(text, name):
    """Outside Mexico (a Mexican text gives the SFM canonical "15 Batallón de Infantería")."""
    units = {c.attrs["name"]: c.attrs for c in extract_claims(text, lang="es") if c.type == "unit"}
    assert name in units


def test_spanish_task_force_is_an_operation_and_generic_groups_are_not_units():
    text = "La Fuerza de Tarea Conjunta Omega y el Grupo de Trabajo sobre Desapariciones se reunieron."
    units = {c.attrs["name"]: c.attrs for c in extract_claims(text, lang="es") if c.type == "unit"}
    assert units["Fuerza de Tarea Conjunta Omega"]["kind"] == "operation"
    assert not any(n.startswith("Grupo de Trabajo") for n in units)
