"""screen/linkage.py directly: classification compatibility, places, particles, and the rule on a small base."""

from __future__ import annotations

from forcecheck.screen import linkage
from forcecheck.screen.linkage import classification_codes, compatible, infer_link, inferred_units
from forcecheck.store.models import Location

from .test_screen_walk import base  # noqa: F401  (the small evidence base, on both backends)


def test_classification_codes_read_the_vocabulary():
    assert classification_codes(["Ejército"]) == {"army"}
    assert classification_codes(["Militar"]) == {"military"}
    assert classification_codes(["no such classification"]) == set()


def test_compatible_is_equal_or_broader_never_across_forces():
    assert compatible({"army"}, {"army"}) == [("army", "army")]
    assert ("military", "army") in compatible({"military"}, {"army"})  # army is military
    police = classification_codes(["Policía"])
    assert police and not compatible(police, {"army"})


def test_particles_come_from_the_vocabularies_only():
    words = linkage._particles()
    assert {"de", "del", "la", "y", "en", "of"} <= words
    assert all(" " not in w for w in words)  # multi-word particles ('de la') are not single tokens
    assert linkage._content_tokens("Guarnición Militar en Ojinaga") == {"guarnicion", "militar", "ojinaga"}


def test_locality_and_phrase():
    assert linkage._locality("Ojinaga, Chihuahua") == "ojinaga"
    assert linkage._contains_phrase("guarnicion militar de ojinaga", "ojinaga")
    assert not linkage._contains_phrase("guarnicion militar de ojinaga", "ojin")


def test_point_in_area_of_operations():
    area = Location(id="a", name="area", bbox="-105,28,-104,30")
    assert linkage._in_bbox(Location(id="p", name="p", longitude=-104.4, latitude=29.5), area)
    assert not linkage._in_bbox(Location(id="q", name="q", longitude=-100.0, latitude=29.5), area)
    assert not linkage._in_bbox(Location(id="r", name="r"), area)


def test_inferred_link_carries_its_three_reasons(base):  # noqa: F811
    ev = base.ev
    link = infer_link(ev, ev.incidents["i3"], "gm")
    reasons = link.reasons()
    assert set(reasons) == {"place", "time", "time_certainty", "classification"}
    assert reasons["time_certainty"] == link.time.level and "Ejército" in reasons["classification"]
    lines = link.explanation()
    assert lines[0].startswith("inferred link") and any(line.startswith("place: ") for line in lines)
    assert {f.kind for f in link.facts} <= {"unit", "unit_site"} and link.facts


def test_inferred_units_of_an_incident(base):  # noqa: F811
    ev = base.ev
    units = {link.unit_id for link in inferred_units(ev, ev.incidents["i3"])}
    assert "gm" in units and "pol" not in units and "ph" not in units
    assert inferred_units(ev, ev.incidents["i1"]) == []  # a recorded perpetrator unit: nothing to infer
