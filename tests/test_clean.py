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
    for junk in ("Sign up for our weekly newsletter", "Related stories", "Navy denies US agents", "All rights reserved",
                 "Politics and elections coverage", "Share on Facebook", "By Ana Example"):
        assert junk not in c.text, junk
    dropped = {d.text: d for d in c.dropped}
    assert all(d.kind == "boilerplate" for d in c.dropped)
    assert "<nav>" in dropped["Politics and elections coverage"].reason
    assert "newsletter" in dropped["Sign up for our weekly newsletter and get the best of Border Monitor delivered straight to your inbox."].reason
    assert "<aside>" in dropped["Navy denies US agents joined raids in Sinaloa"].reason
    assert "copyright" in dropped["© 2014 Border Monitor. All rights reserved."].reason
    assert PARAGRAPH_BREAK in c.text


def test_newsletter_inside_article_text_dropped_by_rules():
    text = ("A long paragraph about the army battalion that was accused of killing civilians in the state, "
            "with enough words to be an article paragraph and not furniture at all.\n\n"
            "Sign up for our newsletter to get these stories in your inbox.\n\n"
            "Share this article\n\nRead more: Other stories about the police\n\n"
            "Support our journalism: please donate today, your gift keeps us independent.\n\n"
            "The second paragraph of the article continues the story of the soldiers and the victims' families.")
    c = clean_text(text)
    assert [d.kind for d in c.dropped] == ["boilerplate"] * 4
    assert len(c.paragraphs) == 2


def test_spanish_boilerplate_and_language():
    c = clean_text((FIXTURES / "ayotzinapa-es.txt").read_text(encoding="utf-8"))
    assert [d.text[:12] for d in c.dropped] == ["Suscríbete a", "Noticias rel", "Todos los de"]
    assert "Policía Municipal de Iguala" in c.text and "boletín" not in c.text
    assert detect_language(c.text) == "es"


def test_spanish_appeal_block():
    body = "\n\n".join(f"Párrafo {i} del artículo sobre la policía municipal y los soldados del batallón en Guerrero." for i in range(6))
    appeal = ("Queridos lectores,\n\nEl periodismo independiente necesita tu apoyo. Dona hoy para que sigamos informando.\n\n"
              "Atentamente,\n\nEl equipo editorial")
    c = clean_text(body + "\n\n" + appeal)
    assert len(c.paragraphs) == 6
    assert [d.text for d in c.dropped] == ["Queridos lectores,", "El periodismo independiente necesita tu apoyo. Dona hoy para que sigamos informando.",
                                           "Atentamente,", "El equipo editorial"]


def test_pull_quote_without_ellipsis_and_verbatim_repeat():
    p1 = ("The commander of the battalion ordered the soldiers to open fire on the crowd. "
          "Witnesses say at least twelve people were killed in the square that night.")
    pull = "“Witnesses say at least twelve people were killed in the square that night.”"
    p3 = "The army has denied the accusations and said its soldiers acted in self-defence after being attacked."
    c = clean_text("\n".join([p1, pull, p3, p3]))
    assert [(d.kind, d.text) for d in c.dropped] == [("pull_quote", pull), ("duplicate", p3)]
    assert c.paragraphs == [p1, p3]


def test_abridged_quote_needs_fragments_in_order_nearby():
    p1 = "The mayor ordered the police to detain the students and hand them over to the criminal group that night."
    other = "In an unrelated case, a judge released three suspects for lack of evidence after a long trial in the capital."
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
