"""Places, and the common nouns that were taken for places (issue 9): unit-type words
("Caballería", "Distrito"), institution acronyms ("INM") and words inside a unit's name
("Americas Division") are not places; real places around them still are."""

from __future__ import annotations

from forcecheck.extract.pipeline import extract_claims


def _places(text, lang):
    return {c.attrs["name"] for c in extract_claims(text, lang=lang) if c.type == "place"}


def test_unit_type_words_are_not_places_in_spanish():
    text = (
        "Soldados de Caballería y elementos del Juzgado de Distrito llegaron el lunes. Los hechos ocurrieron "
        "en Tlatlaya, Estado de México."
    )
    places = _places(text, "es")
    assert "Caballería" not in places and "Distrito" not in places
    assert {"Tlatlaya", "Estado de México"} <= places


def test_institution_acronym_is_not_a_place():
    es = _places("Agentes del INM detuvieron a 40 migrantes en Tapachula, Chiapas.", "es")
    assert "INM" not in es and {"Tapachula", "Chiapas"} <= es
    en = extract_claims("Agents of the INM detained migrants in Tapachula, Chiapas.", lang="en")
    assert "INM" not in {c.attrs["name"] for c in en if c.type == "place"}
    assert "Instituto Nacional de Migración" in {c.attrs["name"] for c in en if c.type == "unit"}


def test_word_before_a_unit_head_is_not_a_place():
    text = "Human Rights Watch's Americas Division said soldiers killed civilians in Maiduguri, Borno State."
    places = _places(text, "en")
    assert "Americas" not in places and "Americas Division" not in places
    assert "Maiduguri" in places


def test_places_inside_a_unit_name_are_dropped_but_the_unit_keeps_its_place():
    text = "Residents said the Oyo State Police Command and the Nigerian Army Peacekeeping Centre were in Ibadan."
    claims = extract_claims(text, lang="en")
    places = {c.attrs["name"] for c in claims if c.type == "place"}
    assert "Oyo" not in places and "Oyo State" not in places
    assert "Ibadan" in places
    units = {c.attrs["name"] for c in claims if c.type == "unit"}
    assert "Oyo State Police Command" in units


def test_town_of_a_municipal_police_is_still_a_place():
    text = "Policías municipales de Iguala atacaron a los estudiantes en Iguala, Guerrero."
    claims = extract_claims(text, lang="es")
    assert "Iguala" in {c.attrs["name"] for c in claims if c.type == "place"}
    assert "Policía Municipal de Iguala" in {c.attrs["name"] for c in claims if c.type == "unit"}
