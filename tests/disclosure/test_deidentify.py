"""De-identification for training and consultation: what goes, what stays, and the removals."""

from __future__ import annotations

import pytest

from recordsafe.disclosure.deid_suspects import suspects
from recordsafe.disclosure.deidentify import Deidentified, deidentify, is_ordinary

NAMES = ["Sam Okafor", "Dana Okafor", "Sammy", "Ted Jones"]
PLACES = ["Portland", "Bangor", "St. Mary's School"]


def clean(text: str, names: list[str] | None = None, extra: list[str] | None = None) -> str:
    return deidentify(
        text,
        names=NAMES if names is None else names,
        extra_terms=PLACES if extra is None else extra,
    ).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # names: full, parts, aliases, any case, possessives and plurals
        ("Sam Okafor arrived late.", "[name] arrived late."),
        ("Dana said Sam was tired.", "[name] said [name] was tired."),
        ("SAM and sammy and dAnA", "[name] and [name] and [name]"),
        ("Sam's mother called.", "[name]'s mother called."),
        ("Sam\u2019s mother called.", "[name]'s mother called."),
        ("The Okafors' house; the Okafors came.", "The [name]' house; the [name] came."),
        ("Jones' car was outside.", "[name]' car was outside."),
        ("Samantha and Samuel are not clients.", "Samantha and Samuel are not clients."),
        ("Okaforville is a place name.", "Okaforville is a place name."),
        # dates → year
        ("Seen on 2026-03-12.", "Seen on 2026."),
        ("Seen on 2026-03-12T14:30.", "Seen on 2026."),
        ("Seen on 12 March 2026.", "Seen on 2026."),
        ("Seen on 12th of March, 2026.", "Seen on 2026."),
        ("Seen on Tuesday, 12 March 2026.", "Seen on 2026."),
        ("Seen on March 12, 2026.", "Seen on 2026."),
        ("Seen on Mar. 12, 2026.", "Seen on 2026."),
        ("Seen on 12/03/2026 and 3.12.2026.", "Seen on 2026 and 2026."),
        ("Seen on 12/03/26.", "Seen on 2026."),
        ("Seen in March 2026.", "Seen in 2026."),
        ("Seen on 15 May.", "Seen on [date]."),
        ("Next on June 3rd at noon.", "Next on [date] at noon."),
        ("In 1998 she moved.", "In 1998 she moved."),
        ("You may march on for 3 weeks.", "You may march on for 3 weeks."),
        # phones
        ("Call (207) 555-0123 today.", "Call [phone] today."),
        ("Call 207-555-0123 or 207.555.0123.", "Call [phone] or [phone]."),
        ("Call +1 207 555 0123.", "Call [phone]."),
        ("Call +44 20 7946 0958.", "Call [phone]."),
        ("Call 555-0123.", "Call [phone]."),
        # e-mail and links
        ("Wrote from sam.okafor+x@example.co.uk.", "Wrote from [e-mail]."),
        ("See https://example.org/p?id=4 now.", "See [link] now."),
        ("See www.example.org.", "See [link]."),
        # addresses
        ("Lives at 12 Harbour Road.", "Lives at [address]."),
        ("Lives at 4711 N. Elm St., Apt 4B now.", "Lives at [address] now."),
        ("Lives at 9 West 42nd Street.", "Lives at [address]."),
        ("Write to P.O. Box 77.", "Write to [address]."),
        ("Augusta, ME 04330-1234.", "[place], ME [zip code]."),
        ("Took 2 pills on the way home.", "Took 2 pills on the way home."),
        # identifiers
        ("SSN 123-45-6789.", "SSN [id]."),
        ("MRN: 44-1290.", "MRN: [id]."),
        ("Medical record number 7781X.", "Medical record number [id]."),
        ("Policy no. X7781 applies.", "Policy no. [id] applies."),
        ("Member MRN123456 and C-00042.", "Member [id] and [id]."),
        ("Account 99887766.", "Account [id]."),
        (
            "She gave an account about the policy change.",
            "She gave an account about the policy change.",
        ),
        ("Card 4111 1111 1111 1111.", "Card [id]."),
        ("Scored 27 on the PHQ-9 after 12 sessions.", "Scored 27 on the PHQ-9 after 12 sessions."),
        # places and extra terms, whole words, any case
        ("Moved from Portland to bangor.", "Moved from [removed] to [removed]."),
        ("Attends St. Mary's School.", "Attends [removed]."),
        ("Portlandia is a show.", "Portlandia is a show."),
    ],
)
def test_table(text: str, expected: str) -> None:
    assert clean(text) == expected


def test_a_realistic_note() -> None:
    text = (
        "Sam Okafor (MRN 55102938) attended with Dana on Tuesday, 12 March 2026. Sam's "
        "sister in Bangor can be reached at (207) 555-0123 or dana.o@example.com. They "
        "moved to 12 Harbour Road, Portland, ME 04101 on 01/02/2025."
    )
    assert clean(text) == (
        "[name] (MRN [id]) attended with [name] on 2026. [name]'s "
        "sister in [removed] can be reached at [phone] or [e-mail]. They "
        "moved to [address], [place], ME [zip code] on 2025."
    )


def test_each_removal_names_its_kind_original_replacement_and_position() -> None:
    text = "Sam called 207-555-0123 on 12 March 2026 from Portland."
    result = deidentify(text, names=["Sam"], extra_terms=["Portland"])
    assert isinstance(result, Deidentified)
    assert [(r.kind, r.original, r.replacement) for r in result.removals] == [
        ("name", "Sam", "[name]"),
        ("phone", "207-555-0123", "[phone]"),
        ("date", "12 March 2026", "2026"),
        ("removed", "Portland", "[removed]"),
    ]
    for removal in result.removals:
        assert text[removal.start : removal.end] == removal.original
    starts = [r.start for r in result.removals]
    assert starts == sorted(starts)


def test_rebuilding_from_the_removals_gives_the_output() -> None:
    text = "Ted Jones' son, Sam, e-mailed t.jones@example.com on 3/4/2026 from Bangor."
    result = deidentify(text, names=NAMES, extra_terms=PLACES)
    rebuilt, position = [], 0
    for removal in result.removals:
        rebuilt += [text[position : removal.start], removal.replacement]
        position = removal.end
    rebuilt.append(text[position:])
    assert "".join(rebuilt) == result.text
    assert "Jones" not in result.text and "Sam" not in result.text


def test_overlapping_findings_are_removed_once() -> None:
    # The e-mail holds both names; the address holds a name; one removal each.
    result = deidentify(
        "sam.okafor@example.com, 5 Okafor Street", names=["Sam Okafor"], extra_terms=[]
    )
    assert result.text == "[e-mail], [address]"
    assert [r.kind for r in result.removals] == ["email", "address"]


def test_terms_with_regex_characters_are_taken_literally() -> None:
    assert clean("Met at C++ (club) today.", names=[], extra=["C++ (club)"]) == (
        "Met at [removed] today."
    )
    assert clean("Met at Cxx club today.", names=[], extra=["C++ (club)"]) == (
        "Met at Cxx club today."
    )


def test_blank_names_and_terms_are_ignored() -> None:
    assert clean("Nothing to remove here.", names=["", "  "], extra=[""]) == (
        "Nothing to remove here."
    )


def test_initials_and_titles_alone_are_not_removed_everywhere() -> None:
    # "J." from "J. Smith" alone would blank every J.; the full name still goes.
    assert clean("J. Smith saw Dr Who.", names=["J. Smith", "Dr Who"], extra=[]) == (
        "[name] saw [name]."
    )
    assert clean("Dr Lee and J. Brown.", names=["J. Smith", "Dr Who"], extra=[]) == (
        "Dr Lee and J. Brown."
    )


def test_text_without_anything_identifying_is_unchanged() -> None:
    text = "Practised grounding; mood 6/10; homework: sleep diary for 2 weeks."
    result = deidentify(text, names=NAMES, extra_terms=PLACES)
    assert result.text == text
    assert result.removals == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Safe Harbor (B): a town before its state goes, the state stays; ZIP codes whole
        ("12 Birch Street, Salem, OR 97301", "[address], [place], OR [zip code]"),
        ("She moved to Grand Rapids, Michigan.", "She moved to [place], Michigan."),
        ("Died in Marion County.", "Died in [place]."),
        ("Zip code 97301.", "Zip code [zip code]."),
        ("Walks on Elm Avenue daily.", "Walks on [address] daily."),
        # (C) a month alone, a day without its year, ages over 89 and their birth years
        ("Since September she sleeps.", "Since [date] she sleeps."),
        ("In May she felt better; you may go.", "In [date] she felt better; you may go."),
        ("Asked on 2/3; mood 6/10.", "Asked on [date]; mood 6/10."),
        ("A 94-year-old widow, aged 91.", "A [age over 89] widow, [age over 89]."),
        ("A 34-year-old man.", "A 34-year-old man."),
        ("Born in 1930, she", "Born in [year], she"),
        ("DOB 3 March 1930.", "DOB [year]."),
        ("DOB 3 March 1990.", "DOB 1990."),
        # (D-R) fax, IP, vehicle, device, licence, plan numbers and other codes
        ("Fax: 503-555-0199.", "Fax: [phone]."),
        ("From 203.0.113.54 and 2001:db8::1.", "From [ip address] and [ip address]."),
        ("Plate 7KXB219, VIN 1FTFW1ET5DFC10312.", "Plate [id], VIN [id]."),
        ("Serial number SN-0097731-B.", "Serial number [id]."),
        ("Driver's license D4471920.", "Driver's license [id]."),
        ("Member ID XQW8812094.", "Member ID [id]."),
        ("Photo IMG_20250311_0912 attached.", "Photo [id] attached."),
        ("Took sertraline 100mg; F41.1; PHQ-9; COVID-19.",
         "Took sertraline 100mg; F41.1; PHQ-9; COVID-19."),
    ],
)  # fmt: skip
def test_safe_harbor(text: str, expected: str) -> None:
    assert clean(text, names=[], extra=[]) == expected


def test_names_the_vault_knows_go_in_any_case_unless_they_are_ordinary_words() -> None:
    names = ["Maya Wren", "Theo Brandt"]
    assert clean("maya and THEO; Wren came.", names=names, extra=[]) == (
        "[name] and [name]; [name] came."
    )
    # "wren" is an ordinary word: in lowercase it is the bird, not the client.
    assert clean("A wren sang.", names=names, extra=[]) == "A wren sang."


@pytest.mark.parametrize(
    ("text", "term", "why"),
    [
        ("Her sister Greta called.", "Greta", "person"),
        ("She lives in Duluth now.", "Duluth", "place"),
        ("He works at Pinecrest Logistics.", "Pinecrest Logistics", "employer"),
        ("Her son goes to Birchwood Elementary.", "Birchwood Elementary", "school"),
        ("He is at Oak Hill High School.", "Oak Hill High School", "school"),
        ('They call him "Bean".', "Bean", "nickname"),
        ("Acme Corp laid him off.", "Acme Corp", "employer"),
        ("Met Quillon yesterday.", "Quillon", "ordinary"),
        ("The note says Rose was there.", "Rose", "mid-sentence"),
        # Too ambiguous to remove for sure ("session 4/10" may be the fourth of ten):
        # flagged, so each is removed unless the practitioner keeps it.
        ("Next session 4/10", "4/10", "date"),
        ("Seen 3-14", "3-14", "date"),
        ("Seen again 30/11.", "30/11", "date"),
        ("Lives near 97701.", "97701", "ZIP"),
        ("Lives near 97701-1234.", "97701-1234", "ZIP"),
        ("Her grandmother, 102, still drives.", "102", "age"),
        ("Her father, 97, lives alone.", "97", "age"),
        ("She will be ninety-one in May.", "ninety-one", "age"),
    ],
)
def test_what_is_left_that_looks_identifying_is_flagged(text: str, term: str, why: str) -> None:
    found = [(s.term, s.why) for s in suspects(text)]
    assert any(t == term and why in w for t, w in found), found
    hit = next(s for s in suspects(text) if s.term == term)
    assert text[hit.start : hit.end] == term


def test_ordinary_text_and_kept_terms_are_not_flagged() -> None:
    text = "Plan: Continue CBT; review PHQ-9 on Monday. I explained it to Mom. [name] agreed."
    assert suspects(text) == []
    assert [s.term for s in suspects("She lives in Duluth.", kept=["duluth"])] == []
    # The words of a kept phrase are not flagged one by one either.
    assert suspects("Works at Pinecrest Logistics.", kept=["Pinecrest Logistics"]) == []


def test_the_word_list_is_shipped_and_holds_ordinary_words_only() -> None:
    assert is_ordinary("sleep") and is_ordinary("Rose")
    assert not is_ordinary("Salem") and not is_ordinary("Okafor")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Dates, numbers and ages a reviewer found going out (issue 16)
        ("Seen 2025/03/14.", "Seen 2025."),
        ("Seen 2025.03.14 10:30.", "Seen 2025."),
        ("Phone 555 0147.", "Phone [phone]."),
        ("Moved to Bend, Ore. 97701", "Moved to [place], Ore. [zip code]"),
        ("Montpelier, Vt. 05602-1234 is home.", "[place], Vt. [zip code] is home."),
        ("Turned 95 last week.", "Turned [age over 89] last week."),
        ("Turned 45 last week.", "Turned 45 last week."),
        ("DOB 1931", "DOB [year]"),
        ("D.O.B.: 1931, widowed.", "D.O.B.: [year], widowed."),
        ("DOB 1990", "DOB 1990"),
        ("Next visit on the 5th.", "Next visit on the [date]."),
        ("Better after the 3rd session.", "Better after the 3rd session."),
        ("Her plate is HJK 4471.", "Her plate is [id]."),
        # "Pa." and "OK" are also words said to someone: a greeting is no town.
        ('"Thanks, Pa. Night, OK?"', '"Thanks, Pa. Night, OK?"'),
        ("Sent ines_face_0412.jpg today.", "Sent [file name] today."),
    ],
)  # fmt: skip
def test_dates_numbers_and_ages_that_went_out(text: str, expected: str) -> None:
    assert clean(text, names=[], extra=[]) == expected


def test_clinical_numbers_are_not_flagged() -> None:
    text = (
        "Mood 6/10, anxiety 8/10, SUDS: 7/10. PHQ-9 score 14, session 12 of 16. Sertraline "
        "100 mg; BP 120/80; pulse 72. Session 90 minutes. Slept 5-6 hours. Walked 10000 "
        "steps. CPT 90837. Weight 130 lbs, 95% adherence, $12500 owed. Time 10:30."
    )
    assert [s.term for s in suspects(text) if s.term[0].isdigit()] == []
