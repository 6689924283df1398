"""The one person-name analyser (forcecheck.names): what every door into the store keeps."""

from __future__ import annotations

import pytest

from forcecheck.ingest.importers import ofac, sfm
from forcecheck.names import analyze_person, name_parts, spanish_phonetic, transliteration_phonetic


@pytest.mark.parametrize(
    "name,given,paternal,maternal",
    [
        ("GUZMAN LOERA, Joaquin", "Joaquin", "GUZMAN", "LOERA"),
        ("Joaquín Guzmán Loera", "Joaquín", "Guzmán", "Loera"),
        ("Juan de la Cruz Pérez", "Juan", "de la Cruz", "Pérez"),
        ("DE LA CRUZ PEREZ, Juan", "Juan", "DE LA CRUZ", "PEREZ"),
        ("AL KALAI, Nadir", "Nadir", "AL KALAI", None),  # a particle is not a surname
        ("NUR-AL-DIN, Muhammad Mustafa", "Muhammad Mustafa", "NUR-AL-DIN", None),  # one written word
        ("Ma. Guadalupe Hernández", "Ma. Guadalupe", "Hernández", None),  # an abbreviation is a given name
        ("Olufemi A. Adenaike", "Olufemi A.", "Adenaike", None),  # so is an initial
        ("Tte. Cor. José Luis Abarca Velázquez", "José Luis", "Abarca", "Velázquez"),  # the rank is not a name
        ("Joaquín 'El Chapo' Guzmán", "Joaquín", "Guzmán", None),  # nor the nickname
        ("ZULKARNAEN", None, None, None),  # one word: nothing says which part it is
        ("MEZA DE LA ROSA GARCIA, Ana", "Ana", "MEZA DE LA ROSA GARCIA", None),  # 3+ written surnames stay together
    ],
)
def test_name_parts(name, given, paternal, maternal):
    assert name_parts(name) == {"given_names": given, "paternal_surname": paternal, "maternal_surname": maternal}


def test_every_importer_stores_what_the_analyser_says():
    for name in ("GUZMAN LOERA, Joaquin", "Juan de la Cruz Pérez", "AL KALAI, Nadir", "Carlos César Góme"):
        p = name_parts(name)
        assert ofac.split_person_name(name) == p
        assert sfm.split_spanish_name(name) == (p["given_names"], p["paternal_surname"], p["maternal_surname"])


def test_analysis_tokens():
    p = analyze_person("Fco. Javier Sánchez")
    assert p.given == ("francisco", "javier") and p.surnames == ("sanchez",)
    assert analyze_person("CO Egemole").given == ("c", "o")  # capitals in a mixed-case name are initials
    assert analyze_person("CO EGEMOLE").given == ("co",)  # ... not in an all-capitals name
    assert analyze_person("AKAR, Izzat").surnames == ("akar",)  # 'AKA' inside a word is no alias mark
    assert analyze_person("KIM, So'ng").given == ("song",)
    assert analyze_person("Ismael Zambada alias El Mayo").aliases == ("mayo",)


def test_phonetic_keys():
    assert spanish_phonetic("valdez") == spanish_phonetic("baldes")
    assert transliteration_phonetic("moon") == transliteration_phonetic("mun")
    assert transliteration_phonetic("youssef") == transliteration_phonetic("yusef")
    assert transliteration_phonetic("mendoza") != transliteration_phonetic("mendez")


def test_names_is_a_bottom_layer():
    import ast
    from pathlib import Path

    import forcecheck.names as pkg

    for path in Path(pkg.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                mod = ("." * node.level) + node.module
                assert not any(x in mod for x in ("store", "ingest", "extract", "match")), (path.name, mod)
