"""Cleaning documents: the seed article, HTML through trafilatura, Spanish rules, repeats."""

from __future__ import annotations

from pathlib import Path

import pytest

from forcecheck.ingest.clean import PARAGRAPH_BREAK, clean_html, clean_text, split_paragraphs
from forcecheck.ingest.language import UNKNOWN, detect_language

from .conftest import EXAMPLES

FIXTURES = Path(__file__).parent / "fixtures" / "documents"
SEED = EXAMPLES / "us-mexico-security-aid-2014.txt"


@pytest.fixture(scope="module")
def seed():
    raw = SEED.read_text(encoding="utf-8")
    return raw, clean_text(raw)


def test_seed_appeal_dropped_from_heading_through_signatures(seed):
    raw, c = seed
    lines = [line for line in raw.splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if line.startswith("Truthout Is Preparing"))
    appeal = lines[start:]
    assert appeal[-1] == "Maya, Negin, Saima, and Ziggy"
    boiler = [d.text for d in c.dropped if d.kind == "boilerplate"]
    assert boiler == appeal  # exactly the appeal, every line of it, nothing else
    assert all("appeal" in d.reason for d in c.dropped if d.kind == "boilerplate")
    assert "Truthout" not in c.text and "donation" not in c.text and "Ziggy" not in c.text


def test_seed_exactly_one_duplicate_and_one_pull_quote(seed):
    raw, c = seed
    dup = [d for d in c.dropped if d.kind == "duplicate"]
    pq = [d for d in c.dropped if d.kind == "pull_quote"]
    assert len(dup) == 1 and dup[0].text.startswith("Rather than pushing for the difficult, long-term reforms")
    assert len(pq) == 1
    assert ". . . of students . . ." in pq[0].text  # the short abridged paragraph
    # the repeated paragraph is kept once; the full "Tellingly" paragraph is kept
    assert c.text.count("Rather than pushing for the difficult, long-term reforms") == 1
    assert "no justice for the killing and disappearance this September of dozens of students from Ayotzinapa" in c.text
    assert ". . . of students . . ." not in c.text
    # the long paragraph quoting the Senators' letter with ellipses is not a pull quote
    assert "“express[ed] . . . deep concern" in c.text


def test_seed_rest_kept_with_paragraph_breaks(seed):
    raw, c = seed
    lines = [line for line in raw.splitlines() if line.strip()]
    boiler = {d.text for d in c.dropped if d.kind == "boilerplate"}
    pull = {d.text for d in c.dropped if d.kind == "pull_quote"}
    expected, seen_repeat = [], False
    for line in lines:
        if line in boiler or line in pull:
            continue
        if line.startswith("Rather than pushing"):
            if seen_repeat:
                continue
            seen_repeat = True
        expected.append(line)
    assert c.paragraphs == expected
    assert c.text == PARAGRAPH_BREAK.join(expected)
    assert len(c.paragraphs) + len(c.dropped) == len(lines)
    assert c.text.startswith("In spite of widely acknowledged")
    assert c.text.endswith("even worse policing records than its own.")


def test_html_boilerplate_dropped_with_trafilatura():
    c = clean_html((FIXTURES / "police-article.html").read_text(encoding="utf-8"))
    assert c.meta["title"].startswith("Checkpoint shooting in Tamaulipas")
    assert c.meta["sitename"] == "Border Monitor" and c.meta["date"] == "2014-12-03"
    assert "State police in Tamaulipas opened fire on a pickup truck" in c.text
    assert "The girl was taken to a hospital in McAllen" in c.text
    for junk in (
        "Sign up for our weekly newsletter",
        "Related stories",
        "Navy denies US agents",
        "All rights reserved",
        "Politics and elections coverage",
        "Share on Facebook",
        "By Ana Example",
    ):
        assert junk not in c.text, junk
    dropped = {d.text: d for d in c.dropped}
    assert all(d.kind == "boilerplate" for d in c.dropped)
    assert "<nav>" in dropped["Politics and elections coverage"].reason
    assert (
        "newsletter"
        in dropped[
            "Sign up for our weekly newsletter and get the best of Border Monitor delivered straight to your inbox."
        ].reason
    )
    assert "<aside>" in dropped["Navy denies US agents joined raids in Sinaloa"].reason
    assert "copyright" in dropped["© 2014 Border Monitor. All rights reserved."].reason
    assert PARAGRAPH_BREAK in c.text


def test_newsletter_inside_article_text_dropped_by_rules():
    text = (
        "A long paragraph about the army battalion that was accused of killing civilians in the state, "
        "with enough words to be an article paragraph and not furniture at all.\n\n"
        "Sign up for our newsletter to get these stories in your inbox.\n\n"
        "Share this article\n\nRead more: Other stories about the police\n\n"
        "Support our journalism: please donate today, your gift keeps us independent.\n\n"
        "The second paragraph of the article continues the story of the soldiers and the victims' families."
    )
    c = clean_text(text)
    assert [d.kind for d in c.dropped] == ["boilerplate"] * 4
    assert len(c.paragraphs) == 2


def test_spanish_boilerplate_and_language():
    c = clean_text((FIXTURES / "ayotzinapa-es.txt").read_text(encoding="utf-8"))
    assert [d.text[:12] for d in c.dropped] == ["Suscríbete a", "Noticias rel", "Todos los de"]
    assert "Policía Municipal de Iguala" in c.text and "boletín" not in c.text
    assert detect_language(c.text) == "es"


def test_spanish_appeal_block():
    body = "\n\n".join(
        f"Párrafo {i} del artículo sobre la policía municipal y los soldados del batallón en Guerrero."
        for i in range(6)
    )
    appeal = (
        "Queridos lectores,\n\nEl periodismo independiente necesita tu apoyo. Dona hoy para que sigamos informando.\n\n"
        "Atentamente,\n\nEl equipo editorial"
    )
    c = clean_text(body + "\n\n" + appeal)
    assert len(c.paragraphs) == 6
    assert [d.text for d in c.dropped] == [
        "Queridos lectores,",
        "El periodismo independiente necesita tu apoyo. Dona hoy para que sigamos informando.",
        "Atentamente,",
        "El equipo editorial",
    ]


def test_pull_quote_without_ellipsis_and_verbatim_repeat():
    p1 = (
        "The commander of the battalion ordered the soldiers to open fire on the crowd. "
        "Witnesses say at least twelve people were killed in the square that night."
    )
    pull = "“Witnesses say at least twelve people were killed in the square that night.”"
    p3 = "The army has denied the accusations and said its soldiers acted in self-defence after being attacked."
    c = clean_text("\n".join([p1, pull, p3, p3]))
    assert [(d.kind, d.text) for d in c.dropped] == [("pull_quote", pull), ("duplicate", p3)]
    assert c.paragraphs == [p1, p3]


def test_abridged_quote_needs_fragments_in_order_nearby():
    p1 = "The mayor ordered the police to detain the students and hand them over to the criminal group that night."
    other = (
        "In an unrelated case, a judge released three suspects for lack of evidence after a long trial in the capital."
    )
    wrong_order = "hand them over to the criminal group . . . The mayor ordered the police to detain the students"
    c = clean_text("\n".join([p1, other, wrong_order]))
    assert not [d for d in c.dropped if d.kind == "pull_quote"]  # fragments out of order: not a repeat
    right = "The mayor ordered the police . . . to detain the students . . . that night."
    c = clean_text("\n".join([p1, other, right]))
    assert [(d.kind, d.text) for d in c.dropped] == [("pull_quote", right)]


def test_hard_wrapped_text_joined_into_paragraphs():
    paras = split_paragraphs("First line of the para-\ngraph continues here.\n\nSecond paragraph\nwrapped.\r\n")
    assert paras == ["First line of the paragraph continues here.", "Second paragraph wrapped."]


def test_language_detection():
    assert detect_language("The police detained the students in the town of Iguala last September.") == "en"
    assert detect_language("Los policías detuvieron a los estudiantes en Iguala en septiembre.") == "es"
    assert detect_language("ok") == UNKNOWN


# ------------------------------------------------------------------ page furniture of news sites (issue 9)


def test_related_stories_heading_and_its_headlines_dropped_in_the_article():
    body = (
        "El Ejército informó que los soldados detenidos serán juzgados por un tribunal militar, "
        "según el comunicado difundido el martes."
    )
    text = PARAGRAPH_BREAK.join(
        [
            "Militares detenidos en Iguala",
            body,
            "Te puede interesar",
            "Cae banda de secuestradores en Morelos",
            "Gobernador presenta informe de seguridad",
            "Los familiares de las víctimas exigieron justicia frente a la sede de la Fiscalía.",
            "Más información:",
            "Otro titular cualquiera de otra nota",
        ]
    )
    c = clean_text(text)
    assert c.paragraphs == [
        "Militares detenidos en Iguala",
        body,
        "Los familiares de las víctimas exigieron justicia frente a la sede de la Fiscalía.",
    ]
    assert [d.reason.split(" (")[0] for d in c.dropped][:1] == [
        "titular de noticias relacionadas con los de otras notas"
    ]
    assert len(c.dropped) == 5


def test_a_sentence_that_starts_like_a_cue_is_kept():
    p = (
        "Más información sobre el caso fue entregada por la Fiscalía a los familiares de los 43 estudiantes, "
        "que exigieron conocer los nombres de los militares implicados."
    )
    assert clean_text(p + "\n\nRelated reading on the case was published by the commission in 2016.").paragraphs[0] == p


def test_furniture_lines_inside_one_block_are_read_one_by_one():
    text = (
        "Skip to main content\nMenú\nBuscar\n\n"
        "Soldiers detained two men in Tlatlaya in July 2014 and the army later denied it.\n\n"
        "Read more\nArmy chief visits border\nNew police academy opens"
    )
    c = clean_text(text)
    assert c.paragraphs == ["Soldiers detained two men in Tlatlaya in July 2014 and the army later denied it."]
    assert {d.text for d in c.dropped} == {
        "Skip to main content",
        "Menú",
        "Buscar",
        "Read more",
        "Army chief visits border",
        "New police academy opens",
    }


def test_photo_captions_and_credits():
    long = (
        "La Fiscalía General de la República informó que siete militares fueron detenidos en Iguala, Guerrero, "
        "por la desaparición de los estudiantes normalistas. (Foto: Cuartoscuro)"
    )
    c = clean_text(
        PARAGRAPH_BREAK.join(
            [
                long,
                "Elementos del Ejército resguardan la zona. Foto: Cuartoscuro",
                "Soldiers guard the checkpoint in Nuevo Laredo. (Photo: AP)",
                "Photo: Reuters/Henry Romero",
            ]
        )
    )
    assert c.paragraphs == [long.replace(" (Foto: Cuartoscuro)", "")]
    assert [d.text for d in c.dropped][0] == "(Foto: Cuartoscuro)" and len(c.dropped) == 4
    # a paragraph that merely mentions a photograph is not a caption
    p = "The photo showed soldiers at the checkpoint: the commission said it was taken in Tlatlaya in 2014."
    assert clean_text(p).paragraphs == [p]


def test_cleaning_time_is_linear_in_the_number_of_paragraphs():
    import time

    def run(n: int) -> float:
        paras = [
            f"Paragraph {i} says that the soldiers of battalion {i} were seen in town {i} on day {i}." for i in range(n)
        ]
        t = time.perf_counter()
        clean_text(PARAGRAPH_BREAK.join(paras))
        return time.perf_counter() - t

    small, big = run(500), run(4000)
    assert big < 8 * small * 3 + 0.5  # 8x the paragraphs: far less than the 64x a quadratic scan takes
