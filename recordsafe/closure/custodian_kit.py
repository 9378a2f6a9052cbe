"""The custodian kit: the custodian code, where the vault and backups are, what to do, and
the practitioner's written instructions (the professional will).

Built like the Emergency Kit (`recordsafe.vault.emergency_kit`): in memory, written once
with `atomic_write`, no client content. The code is never stored; a kit can be printed
again only with a new code (`custodian.new_code`).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    Spacer,
    Table,
)

from recordsafe.closure import custodian as custodians
from recordsafe.closure.custodian import Custodian
from recordsafe.disclosure.practice_info import practice_info
from recordsafe.outputs import pdf_fonts, pdf_layout
from recordsafe.vault import VaultSession
from recordsafe.vault.atomic import atomic_write
from recordsafe.vault.codes import looks_like_code

TITLE = "RecordSafe Custodian Kit"
MUTED = pdf_fonts.MUTED


@dataclass(frozen=True)
class KitFacts:
    vault_name: str
    vault_folder: Path
    backup_folder: Path | None
    handoff_backup: Path | None
    practitioner: str = ""
    practice_name: str = ""
    practice_contact: str = ""
    # The custodian an alternate stands in for ("" when none is designated).
    primary_name: str = ""
    primary_contact: str = ""


def kit_facts(session: VaultSession) -> KitFacts:
    """What the kit says about this vault: where it is, its backups, whose practice."""
    info = practice_info(session)
    primary = next((c for c in custodians.active_custodians(session) if c.role == "primary"), None)
    return KitFacts(
        vault_name=session.name,
        vault_folder=session.folder,
        backup_folder=custodians.handoff_folder(session),
        handoff_backup=custodians.last_handoff_backup(session),
        practitioner=info.practitioner,
        practice_name=info.name,
        practice_contact=info.contact,
        primary_name=primary.name if primary else "",
        primary_contact=primary.contact if primary else "",
    )


def _styles(fonts: dict[str, str]) -> dict[str, ParagraphStyle]:
    house = pdf_fonts.house_styles(fonts, subtitle_after=4, heading_before=12)
    base, mono = house["body"], fonts[pdf_fonts.MONO]
    return {
        **house,
        "small": ParagraphStyle("small", base, fontSize=9, leading=12, textColor=MUTED),
        "code": ParagraphStyle(
            "code", base, fontName=mono, fontSize=20, leading=26, alignment=TA_CENTER
        ),
        "instructions": ParagraphStyle("instructions", base, spaceAfter=6),
    }


def _markup(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


Value = str | tuple[Path, str]  # text, or a path and the words after it


def _table(style: dict[str, ParagraphStyle], rows: list[tuple[str, Value]]) -> Table:
    def value(v: Value) -> Flowable:
        if isinstance(v, tuple):
            return pdf_layout.PathParagraph(str(v[0]), style["body"], after=v[1])
        return Paragraph(_markup(v), style["body"])

    return pdf_layout.facts_table(
        [(Paragraph(k, style["label"]), value(v)) for k, v in rows],
        label_width=1.5 * inch,
        gap=3,
    )


def _code_box(style: dict[str, ParagraphStyle], code: str) -> Table:
    return pdf_layout.code_box(Paragraph(escape(code), style["code"]), top=10, bottom=12)


def _numbered(style: dict[str, ParagraphStyle], steps: list[str]) -> ListFlowable:
    return ListFlowable(
        [ListItem(Paragraph(s, style["body"]), leftIndent=18) for s in steps],
        bulletType="1",
        bulletFormat="%s.",
        bulletFontName=style["body"].fontName,
        bulletFontSize=10.5,
        leftIndent=18,
    )


def _where_rows(facts: KitFacts) -> list[tuple[str, Value]]:
    rows: list[tuple[str, Value]] = [
        ("Vault", facts.vault_name),
        ("Vault folder", (facts.vault_folder, "")),
    ]
    if facts.handoff_backup is not None:
        rows.append(
            ("Verified backup", (facts.handoff_backup, " (opens with your custodian code above)"))
        )
    if facts.backup_folder is not None:
        rows.append(
            (
                "Backup folder",
                (
                    facts.backup_folder,
                    " (its newest backup file is the latest; if your code does not open "
                    "it, use the verified backup)",
                ),
            )
        )
    else:
        rows.append(
            ("Backups", "No backup folder is set yet: ask the practitioner where they are.")
        )
    return rows


def render_custodian_kit(
    custodian: Custodian, code: str, facts: KitFacts, *, made: dt.date | None = None
) -> bytes:
    """The kit as PDF bytes, in memory only."""
    if not looks_like_code(code):
        raise ValueError("the custodian kit needs a custodian code, not another secret")
    made = made or dt.date.today()
    style = _styles(pdf_fonts.fonts())
    buffer = io.BytesIO()
    doc = pdf_layout.new_document(
        buffer,
        title=TITLE,
        subject="Custodian code for a RecordSafe vault",
        top=0.7 * inch,
        bottom=0.7 * inch,
    )
    who: list[tuple[str, Value]] = [
        (custodian.role_label, custodian.name),  # "Custodian: Dr Rosa Vega", said once
        ("Profession", custodian.profession or "—"),
        ("Licence", custodian.licence or "—"),
        ("Contact", custodian.contact),
        ("Made on", pdf_layout.long_date(made)),
    ]
    # The practice's details head the kit as they head every letter.
    practice = "\n".join(
        t for t in (facts.practice_name, facts.practitioner, facts.practice_contact) if t
    )
    if practice:
        who.insert(0, ("For the practice", practice))
    if custodian.role == "alternate" and facts.primary_name:
        # The alternate must know whom they stand in for, and when.
        contact = f" ({facts.primary_contact})" if facts.primary_contact else ""
        who.insert(
            -1,
            (
                "You act",
                f"only if {facts.primary_name}, the records custodian{contact}, cannot or "
                "will not act. Ask them first.",
            ),
        )
    steps = [
        "Install RecordSafe on a computer you control (its README names what to install "
        "first), or use the practitioner's.",
        "If the vault folder above is not at hand, start RecordSafe. In the welcome window "
        "(if an unlock window shows instead, click <b>Cancel</b>), click <b>Restore from a "
        "backup…</b>, choose the newest backup file in the backup folder named above (else "
        "the verified backup), set <b>Open with</b> to "
        "<b>Custodian code</b>, type the code above and click <b>Check and restore</b>, "
        "then <b>Open it</b>: the custodian unlock opens.",
        "Type the code above in the custodian unlock: dashes and spaces do not matter. (For "
        "a vault folder at hand: <b>Open a vault…</b> in the welcome window, then click "
        "<b>“Records custodian? Unlock with a custodian code…”</b>.)",
        "RecordSafe opens in <b>custodian mode</b> (a banner says so) and offers to set your "
        "own passphrase. Do it, then lock this page away.",
        "Choose <b>Practice ▸ Closure &amp; custodian ▸ Closure plan…</b>: the reason, the "
        "date, and a notice to every active client (encrypted PDF or printed). Record how "
        "and when each notice was sent.",
        "Answer each client's request for their records within 30 days, through the release "
        "window; transfer records to a new provider only with the client's signed consent.",
        "Keep the records until the retention date RecordSafe shows; destroy each record when "
        "due, in <b>Retention &amp; destruction</b>. RecordSafe keeps the destruction log.",
    ]
    story: list[Any] = [
        Paragraph(TITLE, style["title"]),
        Paragraph(
            "How to look after this practice's client records if the practitioner cannot.",
            style["subtitle"],
        ),
        _table(style, who),
        Paragraph("Your custodian code", style["heading"]),
        _code_box(style, code),
        Spacer(1, 3),
        Paragraph(
            "Letters and digits only: there is no I, L, O or U, so 0 is zero and 1 is one. "
            "This code opens the vault in custodian mode only: clinical notes stay read-only, "
            "and everything you do is recorded in the vault's audit log.",
            style["small"],
        ),
        Paragraph("Where the records are", style["heading"]),
        _table(style, _where_rows(facts)),
        Paragraph("What to do, step by step", style["heading"]),
        _numbered(style, steps),
        KeepTogether(
            [
                Paragraph("The practitioner's instructions", style["heading"]),
                *(
                    [
                        Paragraph(_markup(p.strip()), style["instructions"])
                        for p in custodian.instructions.split("\n\n")
                        if p.strip()
                    ]
                    or [Paragraph("None written yet.", style["small"])]
                ),
            ]
        ),
        Paragraph("Keep this kit safe", style["heading"]),
        Paragraph(
            "Keep it in a locked, private place; anyone with this code and the vault or a "
            "backup can read the records. The practitioner can revoke this code at any time; "
            "a new kit then replaces this one. Destroy this page when told it is replaced.",
            style["body"],
        ),
    ]
    doc.build(story)
    return buffer.getvalue()


def write_custodian_kit(
    target: Path, custodian: Custodian, code: str, facts: KitFacts, *, made: dt.date | None = None
) -> None:
    """Render the kit and write it to `target` atomically (StorageError on a disk problem)."""
    pdf = render_custodian_kit(custodian, code, facts, made=made)
    atomic_write(target, pdf, what="save the custodian kit")
