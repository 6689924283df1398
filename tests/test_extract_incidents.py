"""Incident statuses (issue 9, items 4 and 7): negation and modality are read, status cues attach
to the incident they speak of across sentences, per perpetrator when the text distinguishes them,
and the latest status by the text's dates wins. Short paragraphs written for each case."""

from __future__ import annotations

import pytest

from forcecheck.extract.pipeline import extract_claims


def _incidents(text, lang):
    return [c.attrs for c in extract_claims(text, lang=lang, published="2020-06-01") if c.type == "incident"]


def _one(text, lang):
    incs = _incidents(text, lang)
    assert len(incs) == 1, [(i["source_words"], i["status"]) for i in incs]
    return incs[0]


NEGATION = [
    (
        "en",
        "Municipal police killed three men in Matamoros in May 2015. No police officers have been charged.",
        "not_charged",
    ),
    (
        "en",
        "Municipal police killed three men in Matamoros in May 2015. The officers have not been charged.",
        "not_charged",
    ),
    (
        "en",
        "Municipal police killed three men in Matamoros in May 2015. "
        "The officers could face charges, prosecutors said.",
        "under_investigation",
    ),
    (
        "en",
        "Municipal police killed three men in Matamoros in May 2015. The officers may be charged.",
        "under_investigation",
    ),
    (
        "en",
        "Municipal police killed three men in Matamoros in May 2015. "
        "The families demanded that the officers be charged.",
        "alleged",
    ),
    (
        "en",
        "Soldiers killed eight people in Apatzingán in January 2015. "
        "The army denied that its troops fired on civilians.",
        "denied",
    ),
    (
        "es",
        "Policías estatales desaparecieron a cinco jóvenes en Tierra Blanca, Veracruz, en enero de 2016. "
        "Ningún policía ha sido acusado.",
        "not_charged",
    ),
    (
        "es",
        "Policías estatales desaparecieron a cinco jóvenes en Tierra Blanca, Veracruz, en enero de 2016. "
        "Los agentes no han sido consignados.",
        "not_charged",
    ),
    (
        "es",
        "Policías estatales desaparecieron a cinco jóvenes en Tierra Blanca, Veracruz, en enero de 2016. "
        "Los agentes no han sido detenidos.",
        "alleged",
    ),
    (
        "es",
        "Policías estatales desaparecieron a cinco jóvenes en Tierra Blanca, Veracruz, en enero de 2016. "
        "Los familiares exigieron que los policías sean consignados.",
        "alleged",
    ),
    (
        "es",
        "Marinos asesinaron a tres hombres en Nuevo Laredo en marzo de 2018. La Secretaría de Marina negó los hechos.",
        "denied",
    ),
]


@pytest.mark.parametrize("lang,text,status", NEGATION, ids=[f"{c[0]}-{i}-{c[2]}" for i, c in enumerate(NEGATION)])
def test_negation_and_modality(lang, text, status):
    assert _one(text, lang)["status"] == status


def test_no_one_charged_is_never_charged():
    for text in (
        "Municipal police killed three men in Matamoros in May 2015. No police officers have been charged.",
        "Municipal police killed three men in Matamoros in May 2015. None of the officers has been charged.",
    ):
        assert _one(text, "en")["status"] != "charged"


def test_the_latest_status_by_the_dates_of_the_text():
    inc = _one(
        "Six police officers killed three students in Iguala in September 2014. In March 2015 the six officers "
        "were charged with homicide. In 2017 a judge acquitted them.",
        "en",
    )
    assert inc["status"] == "acquitted"
    assert [(h["status"], h["date"]) for h in inc["status_history"]] == [("charged", "2015-03"), ("acquitted", "2017")]
    # written out of order: the dates decide, not the order of the sentences
    inc = _one(
        "Municipal police tortured two migrants in Chihuahua in May 2016. The officers were convicted in 2019. "
        "They had been charged in 2017.",
        "en",
    )
    assert inc["status"] == "convicted"
    assert [h["status"] for h in inc["status_history"]] == ["charged", "convicted"]


def test_some_acquitted_others_still_held():
    inc = _one(
        "Six police officers killed three students in Iguala in September 2014. The six officers were charged in "
        "2015. Three of the officers were acquitted in 2017; the other three remain in prison awaiting trial.",
        "en",
    )
    assert inc["status"] == "charged"
    assert any(h["status"] == "acquitted" and h["partial"] for h in inc["status_history"])
    es = _one(
        "Policías estatales desaparecieron a cinco jóvenes en Tierra Blanca, Veracruz, en enero de 2016. En febrero "
        "de 2016 siete policías fueron consignados. En 2019 un juez absolvió a dos de los policías; los demás "
        "siguen presos.",
        "es",
    )
    assert es["status"] == "charged"


def test_per_perpetrator_statuses():
    inc = _one(
        "Commander Luis Ramos and Officer Pedro Soto tortured two migrants in Chihuahua in May 2016. "
        "Ramos was convicted in 2018, while Soto was acquitted.",
        "en",
    )
    assert inc["perpetrator_persons"] == ["Luis Ramos", "Pedro Soto"]
    assert inc["perpetrator_statuses"] == {"Luis Ramos": "convicted", "Pedro Soto": "acquitted"}
    assert inc["status"] == "convicted"


def test_a_cue_in_another_paragraph_joins_by_the_case_name_or_place():
    inc = _one(
        "Soldiers of the 102nd Infantry Battalion killed 22 people in Tlatlaya in June 2014.\n\n"
        "In the Tlatlaya case, seven soldiers were charged in September 2014.",
        "en",
    )
    assert inc["status"] == "charged"
    es = _one(
        "Militares asesinaron a 22 personas en Tlatlaya en junio de 2014.\n\nEn el caso Tlatlaya, siete militares "
        "fueron consignados en 2014 y en 2016 fueron absueltos.",
        "es",
    )
    assert es["status"] == "acquitted"
    # another paragraph that does not refer back is another story
    other = _one(
        "Soldiers killed eight people in Apatzingán in January 2015.\n\n"
        "In another case, two officers were convicted in Monterrey.",
        "en",
    )
    assert other["status"] == "alleged"


def test_a_reference_back_is_the_same_incident_not_a_new_one():
    inc = _one(
        "Marines killed three men in Nuevo Laredo in March 2018. The navy denied the accusations. In April 2018 "
        "the federal prosecutor's office opened an investigation into the killings.",
        "en",
    )
    assert inc["status"] == "under_investigation"
    assert [h["status"] for h in inc["status_history"]] == ["denied", "under_investigation"]


def test_two_incidents_keep_their_own_statuses():
    incs = _incidents(
        "Police officers killed two men in Iguala in 2014. The officers were convicted in 2016.\n\n"
        "Soldiers tortured a farmer in Tlatlaya in 2015. The army denied it.",
        "en",
    )
    assert [i["status"] for i in incs] == ["convicted", "denied"]


def test_the_accused_spoken_of_in_a_later_paragraph():
    inc = _one(
        "Six police officers killed three students in Iguala in September 2014.\n\n"
        "In 2016 the six officers were convicted of homicide.",
        "en",
    )
    assert inc["status"] == "convicted"
    es = _one(
        "Policías estatales desaparecieron a cinco jóvenes en Tierra Blanca, Veracruz, en enero de 2016.\n\n"
        "En 2019 los imputados fueron condenados.",
        "es",
    )
    assert es["status"] == "convicted"
    other = _one(
        "Six police officers killed three students in Iguala in September 2014.\n\n"
        "In 2016 two officers were convicted of fraud in Monterrey.",
        "en",
    )
    assert other["status"] == "alleged"
