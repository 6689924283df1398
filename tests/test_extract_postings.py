"""Postings from press-style command sentences (issue 9): "the GOC 7 Division, Maj.-Gen. X",
"X, who commands 3 Brigade", "X, commander of 7 Division", "Theatre Commander, Operation Y, X"."""

from __future__ import annotations

import pytest

from forcecheck.extract.pipeline import extract_claims

TEXT = (
    "The GOC 7 Division, Maj.-Gen. Lucky Irabor, said the road was open. Brig Gen John Okafor, who commands "
    "3 Brigade, agreed. Lt. Col. Ahmed Bello, commander of 7 Division, was not there. The Theatre Commander, "
    "Operation Lafiya Dole, Maj.-Gen. Rogers Nicholas, visited Bama. Col. Sani Usman, who commanded 26 Task "
    "Force Brigade in 2015, retired. The mayor of Matamoros did not comment."
)


@pytest.fixture(scope="module")
def postings():
    return [c.attrs for c in extract_claims(TEXT, lang="en", published="2016-01-10") if c.type == "posting"]


@pytest.mark.parametrize(
    "person,unit,role,rank,status",
    [
        ("Lucky Irabor", "7 Division", "goc", "Maj.-Gen.", "current"),
        ("John Okafor", "3 Brigade", "commander", "Brig Gen", "current"),
        ("Ahmed Bello", "7 Division", "commander", "Lt. Col.", "current"),
        ("Rogers Nicholas", "Operation Lafiya Dole", "theatre_commander", "Maj.-Gen.", "current"),
        ("Sani Usman", "26 Task Force Brigade", "commander", "Col.", "former"),
    ],
)
def test_command_postings(postings, person, unit, role, rank, status):
    hits = [p for p in postings if p["person"] == person and p["unit"] == unit]
    assert hits, f"{person} in {unit}: {postings}"
    p = hits[0]
    assert p["role"] == role and p["rank"] == rank and p["status"] == status and p["is_commander"] is True


def test_unnamed_posting_still_found(postings):
    assert any(p["role"] == "mayor" and p["place"] == "Matamoros" and p["person"] is None for p in postings)


def test_chief_of_staff_and_rank_membership_in_the_national_army():
    text = (
        "The spokesman of the Nigerian Army, Onyema Nwachukwu, said the Chief of Army Staff, Lt.-Gen. Taoreed "
        "Lagbaja, had ordered a probe. Maj-Gen Adeniyi Oyebade has not yet commented."
    )
    posts = {p.attrs["person"]: p.attrs for p in extract_claims(text, lang="en") if p.type == "posting"}
    assert posts["Onyema Nwachukwu"]["role"] == "spokesperson" and posts["Onyema Nwachukwu"]["unit"] == "Nigerian Army"
    assert posts["Taoreed Lagbaja"]["role"] == "chief_of_staff" and posts["Taoreed Lagbaja"]["unit"] == "Nigerian Army"
    assert posts["Adeniyi Oyebade"]["role"] == "member" and posts["Adeniyi Oyebade"]["unit"] == "Nigerian Army"
    assert posts["Adeniyi Oyebade"]["is_commander"] is False


def test_no_membership_when_the_text_names_two_armies():
    text = "The Nigerian Army and the Cameroonian Army met. Maj-Gen Adeniyi Oyebade said nothing."
    posts = [p.attrs for p in extract_claims(text, lang="en") if p.type == "posting"]
    assert not [p for p in posts if p["person"] == "Adeniyi Oyebade"]


def test_spanish_spokesperson_of_the_armed_forces():
    text = "El portavoz de las Fuerzas Armadas de Honduras, coronel José Antonio Sánchez, confirmó la suspensión."
    posts = [p.attrs for p in extract_claims(text, lang="es") if p.type == "posting"]
    hit = [p for p in posts if p["person"] == "José Antonio Sánchez"]
    assert hit and hit[0]["unit"] == "Fuerzas Armadas de Honduras" and hit[0]["rank"] == "coronel"


def test_ranked_person_of_a_unit_is_a_member():
    text = (
        "Captain John Adeyemi of the 3rd Battalion was arrested. El coronel José Rodríguez Pérez, del 27 Batallón "
        "de Infantería, declaró. Mr John Smith of the Red Cross spoke."
    )
    posts = {p.attrs["person"]: p.attrs for p in extract_claims(text, lang="en") if p.type == "posting"}
    assert posts["John Adeyemi"]["unit"] == "3rd Battalion" and posts["John Adeyemi"]["role"] == "member"
    es = {p.attrs["person"]: p.attrs for p in extract_claims(text.split(". ", 1)[1], lang="es") if p.type == "posting"}
    assert es["José Rodríguez Pérez"]["unit"] == "27 Batallón de Infantería"
    assert "John Smith" not in posts  # no rank, no unit
