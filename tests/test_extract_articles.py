"""Extraction on real articles that the code was not written against: Spanish and English
fixtures (tests/fixtures/articles, URLs in the JSON files), a CNDH complaint quoted in Security
Force Monitor's data, linking to the evidence base, and the accuracy floor."""

from __future__ import annotations

import csv
from pathlib import Path

from forcecheck.extract.evaluate import evaluate, format_report
from forcecheck.extract.pipeline import extract_claims
from forcecheck.store import Writer
from forcecheck.store.models import Name, Organization, Person, Unit

ARTICLES = Path(__file__).parent / "fixtures" / "articles"


def _article(name):
    return (ARTICLES / f"{name}.txt").read_text(encoding="utf-8")


def _of(claims, t):
    return [c for c in claims if c.type == t]


def test_spanish_ayotzinapa_article():
    text = _article("es_ayotzinapa_datanoticias")
    claims = extract_claims(text, lang="es", published="2019-09-26")
    for c in claims:
        assert text[c.span[0] : c.span[1]] == c.text
    units = {c.attrs["name"]: c.attrs for c in _of(claims, "unit")}
    assert units["Policía Municipal de Iguala"]["classification"] == "police"
    assert units["Policía Municipal de Iguala"]["government_level"] == "municipal"
    assert {c.attrs["name"] for c in _of(claims, "armed_group")} == {"Guerreros Unidos"}
    posting = next(c for c in _of(claims, "posting") if c.attrs["person"] == "José Luis Abarca")
    assert (
        posting.attrs["role"] == "mayor" and posting.attrs["place"] == "Iguala" and posting.attrs["status"] == "former"
    )
    person = next(c for c in _of(claims, "person") if c.attrs["name"] == "José Luis Abarca")
    assert person.attrs["given_names"] == "José Luis" and person.attrs["paternal_surname"] == "Abarca"
    disappeared = [
        c.attrs
        for c in _of(claims, "incident")
        if "enforced_disappearance" in c.attrs["violation_types"] and c.attrs["victims"]["count"] == 43
    ]
    assert disappeared and disappeared[0]["perpetrator_units"] == ["Policía Municipal de Iguala"]
    assert disappeared[0]["place"] == "Iguala"
    dates = {c.text: c.attrs["value"] for c in _of(claims, "date")}
    assert dates["26 de septiembre de 2014"] == "2014-09-26"


def test_spanish_nickname_and_police_of_a_town():
    text = _article("es_iguala_milenio")
    claims = extract_claims(text, lang="es", published="2014-09-29")
    units = {c.attrs["name"] for c in _of(claims, "unit")}
    assert {"Policía Municipal de Iguala", "Policía Estatal de Guerrero"} <= units
    julio = next(c for c in _of(claims, "person") if c.text == "Julio César Mondragón Fuentes")
    assert julio.attrs["aliases"] == ["El Chilango"]
    assert julio.attrs["given_names"] == "Julio César" and julio.attrs["maternal_surname"] == "Fuentes"
    assert not [c for c in _of(claims, "date") if c.text == "Julio"]  # a given name, not a month
    shot = [c.attrs for c in _of(claims, "incident") if "excessive_force" in c.attrs["violation_types"]]
    assert (
        shot and shot[0]["victims"]["count"] == 58 and shot[0]["perpetrator_units"] == ["Policía Municipal de Iguala"]
    )


def test_spanish_money_and_assistance():
    text = (
        "Estados Unidos entregó a México 68 millones de dólares para capacitación de policías estatales. "
        "Además, desde 2008 Estados Unidos ha proporcionado 2.5 mil millones de dólares a México mediante la Iniciativa Mérida."
    )
    claims = extract_claims(text, lang="es", published="2015-03-01")
    money = sorted(c.attrs["amount"] for c in _of(claims, "money"))
    assert money == [68e6, 2.5e9]
    aid = {c.attrs["amount"]: c.attrs for c in _of(claims, "assistance")}
    assert (
        aid[68e6]["donor"] == "United States" and aid[68e6]["recipient"] == "México" and aid[68e6]["currency"] == "USD"
    )
    assert aid[2.5e9]["period"]["start"] == "2008"


def test_english_tlatlaya_article():
    text = _article("en_tlatlaya_afp")
    claims = extract_claims(text, lang="en", published="2015-07-02")
    killed = [c.attrs for c in _of(claims, "incident") if c.attrs["victims"]["count"] == 22]
    assert killed
    k = killed[0]
    assert k["perpetrator_units"] == ["Ejército Mexicano"] and k["perpetrator_classification"] == "army"
    assert k["place"] == "Tlatlaya" and k["date"] == "2015-06-30"
    charged = [c.attrs for c in _of(claims, "incident") if c.attrs["status"] == "charged"]
    assert charged
    places = {c.attrs["name"]: c.attrs["kind"] for c in _of(claims, "place")}
    assert places["Estado de México"] == "state" and places["Tlatlaya"] == "city"


def test_cndh_complaint_in_sfm_data(shared):
    """A real CNDH recommendation quoted in Security Force Monitor's incident data (Spanish)."""
    path = shared("sfm_mexico", "incidents.csv")
    with path.open(encoding="utf-8") as fh:
        row = next(r for r in csv.DictReader(fh) if r["incident_id"].startswith("a4b55bcb"))
    claims = extract_claims(row["description"], lang="es")
    units = {c.attrs["name"] for c in _of(claims, "unit")}
    assert "Ejército Mexicano" in units
    violations = {v for c in _of(claims, "incident") for v in c.attrs["violation_types"]}
    assert {"torture", "sexual_violence"} <= violations
    assert "Ojinaga" in {c.attrs["name"] for c in _of(claims, "place")}
    dates = {c.attrs["value"] for c in _of(claims, "date")}
    assert "2008-12-23" in dates


def test_links_to_the_evidence_base(store):
    store.init()
    with store.transaction() as s:
        w = Writer(s)
        w.put_many(Unit, [{"id": "u-pmi", "name": "Policía Municipal de Iguala"}])
        w.put_many(Person, [{"id": "p-jla", "name": "José Luis Abarca Velázquez"}])
        w.put_many(Organization, [{"id": "o-gu", "name": "Guerreros Unidos", "org_type": "armed_group"}])
        w.put_many(
            Name,
            [
                {"id": "n1", "unit_id": "u-pmi", "name": "Policía Municipal de Iguala", "kind": "primary"},
                {"id": "n2", "person_id": "p-jla", "name": "José Luis Abarca Velázquez", "kind": "primary"},
                {"id": "n3", "person_id": "p-jla", "name": "Jose Luis Abarca", "kind": "alias"},
                {"id": "n4", "organization_id": "o-gu", "name": "GUERREROS UNIDOS", "kind": "primary"},
            ],
        )
    text = _article("es_ayotzinapa_datanoticias")
    with store.read() as s:
        claims = extract_claims(text, lang="es", published="2019-09-26", session=s)
    unit = next(c for c in _of(claims, "unit") if c.attrs["name"] == "Policía Municipal de Iguala")
    assert unit.links == {"name": "u-pmi"}
    person = next(c for c in _of(claims, "person") if c.attrs["name"] == "José Luis Abarca")
    assert person.links == {"name": "p-jla"}
    group = next(c for c in _of(claims, "armed_group"))
    assert group.links == {"name": "o-gu"}
    incident = next(c for c in _of(claims, "incident") if c.attrs["perpetrator_units"])
    assert incident.links["perpetrator_units[0]"] == "u-pmi"
    posting = next(c for c in _of(claims, "posting"))
    assert posting.links["person"] == "p-jla"


def test_empty_text_gives_no_claims():
    assert extract_claims("", lang="en") == []
    assert extract_claims("   \n", lang="es") == []


# Floors measured on the annotated set (docs/benchmarks.md, "Extraction accuracy"); a regression fails.
FLOORS = {
    "person": (0.6, 0.9),
    "unit": (0.6, 0.8),
    "armed_group": (0.9, 0.9),
    "place": (0.8, 0.9),
    "incident": (0.6, 0.9),
    "posting": (0.3, 0.9),
}


def test_accuracy_floor_on_annotated_articles():
    report = evaluate(ARTICLES)
    assert report.articles >= 4
    text = format_report(report)
    for t, (p, r) in FLOORS.items():
        s = report.scores[t]
        assert s.precision is not None and s.precision >= p, f"{t} precision\n{text}"
        assert s.recall is not None and s.recall >= r, f"{t} recall\n{text}"


def test_a_status_in_the_next_paragraph_belongs_to_the_incident_only_when_it_refers_back():
    from forcecheck.extract.pipeline import extract_claims

    first = "Municipal police officers killed two farmers in Apatzingán on January 6, 2015, witnesses say."
    unrelated = "Officials denied that the state budget was late."
    apart = [c for c in extract_claims(f"{first}\n\n{unrelated}", lang="en") if c.type == "incident"]
    assert [c.attrs["status"] for c in apart] == ["alleged"]  # another paragraph, no reference back
    assert not apart[0].text[0].isspace() and not apart[0].text[-1].isspace()


def test_spanish_plural_status_cues():
    from forcecheck.extract.pipeline import extract_claims

    text = "En junio de 2014, militares ejecutaron a 22 personas en una bodega de Tlatlaya. Tres soldados fueron consignados por homicidio."
    statuses = [c.attrs["status"] for c in extract_claims(text, lang="es") if c.type == "incident"]
    assert "charged" in statuses
