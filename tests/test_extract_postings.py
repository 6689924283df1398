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


@pytest.mark.parametrize("person,unit,role,rank,status", [
    ("Lucky Irabor", "7 Division", "goc", "Maj.-Gen.", "current"),
    ("John Okafor", "3 Brigade", "commander", "Brig Gen", "current"),
    ("Ahmed Bello", "7 Division", "commander", "Lt. Col.", "current"),
    ("Rogers Nicholas", "Operation Lafiya Dole", "theatre_commander", "Maj.-Gen.", "current"),
    ("Sani Usman", "26 Task Force Brigade", "commander", "Col.", "former"),
])
def test_command_postings(postings, person, unit, role, rank, status):
    hits = [p for p in postings if p["person"] == person and p["unit"] == unit]
    assert hits, f"{person} in {unit}: {postings}"
    p = hits[0]
    assert p["role"] == role and p["rank"] == rank and p["status"] == status and p["is_commander"] is True


def test_unnamed_posting_still_found(postings):
    assert any(p["role"] == "mayor" and p["place"] == "Matamoros" and p["person"] is None for p in postings)
