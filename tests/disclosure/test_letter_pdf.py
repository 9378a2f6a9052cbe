"""Letter and release PDFs (issue 15): the closing and signature never go over to a page
of their own; the release footer reads as a sentence."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pikepdf

from recordsafe.disclosure.letter_pdf import render_letter_pdf
from recordsafe.disclosure.practice_info import PracticeInfo
from recordsafe.disclosure.release_pdf import CoverInfo, footer_text

PRACTICE = PracticeInfo("Quay Street Therapy", "Jo Smith, LCSW", "1 Quay St, Springfield")


def last_page_text(path: Path) -> str:
    with pikepdf.open(path) as pdf:
        count = len(pdf.pages)
    if count < 2:
        return ""
    return subprocess.run(
        ["pdftotext", "-f", str(count), "-l", str(count), str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def test_the_closing_stays_with_the_last_paragraph(tmp_path: Path) -> None:
    checked = 0
    for paragraphs in range(8, 40):
        body = "\n\n".join(
            f"Paragraph {n}: this letter tells you what happened and what you can do."
            for n in range(1, paragraphs + 1)
        )
        pdf = render_letter_pdf(
            title="Notice",
            body=body,
            addressee_name="Ada Wren",
            addressee_address="12 Elm Street\nSpringfield",
            written_on=date(2026, 11, 26),
            practice=PRACTICE,
        )
        path = tmp_path / "letter.pdf"
        path.write_bytes(pdf)
        last = last_page_text(path)
        if not last:
            continue
        assert "With kind regards" in last
        assert f"Paragraph {paragraphs}:" in last, paragraphs
        checked += 1
    assert checked  # some lengths did run onto a second page


def test_the_release_footer_reads_at_the_clients_request() -> None:
    cover = CoverInfo(
        recipient="Mr Smith",
        recipient_address="",
        purpose="at the client's request",
        practice_name="Quay Street Therapy",
        practitioner="Jo Smith",
        released_on=date(2026, 11, 26),
        client_label="Mr Smith",
    )
    text = footer_text(cover, 1, 2)
    assert text.startswith("Released to Mr Smith at the client's request on 26 November 2026")
    treatment = footer_text(replace(cover, purpose="treatment"), 1, 2)
    assert treatment.startswith("Released to Mr Smith for treatment on")
