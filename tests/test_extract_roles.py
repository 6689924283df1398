"""Roles before perpetrators (issue 9, item 4): the president of a human-rights committee, a
surviving victim and the journalist who broke the story were proposed in perpetrator_persons.
Sentences written to reproduce each case, in English and Spanish."""

from __future__ import annotations

import pytest

from forcecheck.extract.pipeline import extract_claims
from forcecheck.extract.roles import never_perpetrator


def _incident(text, lang):
    incs = [c.attrs for c in extract_claims(text, lang=lang, published="2016-06-01") if c.type == "incident"]
    assert len(incs) == 1, incs
    return incs[0]


def _role(inc, name):
    return {r["name"]: r["role"] for r in inc["persons_involved"]}.get(name)


CASES = [
    (
        "en",
        "Juan López, the president of the local human-rights committee, said soldiers of the 27th Infantry Battalion "
        "killed three farmers in Tlatlaya in June 2014.",
        "Juan López",
        "defender",
    ),
    (
        "en",
        "María Pérez, a surviving victim, told reporters that police officers tortured two students in Iguala in "
        "September 2014.",
        "María Pérez",
        "victim",
    ),
    (
        "en",
        "Carmen Aristegui, the journalist who broke the story, reported that federal police officers led by "
        "Commander Luis Ramos disappeared 43 students in Iguala in 2014.",
        "Carmen Aristegui",
        "journalist",
    ),
    (
        "en",
        "The journalist who broke the story, Carmen Aristegui, said that Commander Luis Ramos tortured two students "
        "in Iguala in 2014.",
        "Carmen Aristegui",
        "journalist",
    ),
    (
        "es",
        "Juan López, presidente del comité local de derechos humanos, denunció que policías municipales asesinaron "
        "a tres jóvenes en Iguala en septiembre de 2014.",
        "Juan López",
        "defender",
    ),
    (
        "es",
        "María Pérez, una víctima sobreviviente, relató que militares torturaron a dos estudiantes en Tlatlaya en "
        "junio de 2014.",
        "María Pérez",
        "victim",
    ),
    (
        "es",
        "La periodista Carmen Aristegui, quien dio a conocer la noticia, informó que policías federales al mando del "
        "comandante Luis Ramos desaparecieron a 43 estudiantes en Iguala en 2014.",
        "Carmen Aristegui",
        "journalist",
    ),
]


@pytest.mark.parametrize("lang,text,name,role", CASES, ids=[f"{c[0]}-{c[3]}-{i}" for i, c in enumerate(CASES)])
def test_defenders_victims_and_journalists_are_not_perpetrators(lang, text, name, role):
    inc = _incident(text, lang)
    assert name not in inc["perpetrator_persons"]
    assert _role(inc, name) == role
    assert never_perpetrator(role)


def test_the_commander_named_with_the_violation_stays_a_perpetrator():
    inc = _incident(CASES[2][1], "en")
    assert inc["perpetrator_persons"] == ["Luis Ramos"]
    es = _incident(CASES[6][1], "es")
    assert es["perpetrator_persons"] == ["Luis Ramos"]


def test_a_named_victim_and_a_witness():
    inc = _incident("Policías municipales asesinaron a Pedro Gómez en Iguala en 2014, dijo la testigo Ana Ruiz.", "es")
    assert inc["perpetrator_persons"] == [] and inc["perpetrator_units"] == ["Policía Municipal de Iguala"]
    assert _role(inc, "Pedro Gómez") == "victim" and _role(inc, "Ana Ruiz") == "witness"


def test_a_speaker_without_a_role_word_is_a_source_not_a_perpetrator():
    inc = _incident("Police officers tortured two migrants in Chihuahua in May 2016, said José Torres.", "en")
    assert inc["perpetrator_persons"] == [] and _role(inc, "José Torres") == "source"


def test_officials_speaking_may_be_perpetrators_elsewhere():
    assert not never_perpetrator("official") and not never_perpetrator("perpetrator")
    assert all(never_perpetrator(r) for r in ("victim", "witness", "defender", "journalist", "judicial"))


def test_victims_listed_after_a_victim_word_and_a_judge_closing_an_apposition():
    text = (
        "Policías estatales desaparecieron a cinco jóvenes en Tierra Blanca, Veracruz, en enero de 2016. Entre "
        "las víctimas se encuentran Pedro Gómez, de 23 años, y José Ruiz Torres, de 19 años, desaparecidos desde enero."
    )
    incs = [c.attrs for c in extract_claims(text, lang="es", published="2016-06-01") if c.type == "incident"]
    assert incs and all(i["perpetrator_persons"] == [] for i in incs)
    listed = [i for i in incs if i["persons_involved"]]
    assert listed and _role(listed[0], "Pedro Gómez") == "victim" and _role(listed[0], "José Ruiz Torres") == "victim"
    inc = _incident(
        "Cuatro militares fueron condenados por la masacre de 201 campesinos en Petén en 1982, según explicó la "
        "jueza que leyó la sentencia, Patricia Bustamante.",
        "es",
    )
    assert inc["perpetrator_persons"] == [] and _role(inc, "Patricia Bustamante") == "judicial"


def test_a_person_named_in_the_next_sentence_is_not_a_perpetrator_unless_they_act():
    inc = _incident(
        "Soldiers killed five villagers in Sabon Birni in March 2023. The Chief of Army Staff, Lt-Gen Taoreed "
        "Lagbaja, had directed that the killings be thoroughly investigated.",
        "en",
    )
    assert "Taoreed Lagbaja" not in inc["perpetrator_persons"]
