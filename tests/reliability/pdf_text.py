"""The text of a PDF, page by page: enough of a text extractor for reportlab's output.

The release PDFs use subset TrueType fonts, so their words are not plain bytes even
before encryption; this reads each text operator's string through its font's ToUnicode
map (simple `bfchar` entries, as reportlab writes them), so a test can prove the canaries
really are in an export that the byte scan then finds nothing in.
"""

from __future__ import annotations

import io
import re

import pikepdf

_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


def _cmap(font: pikepdf.Object) -> dict[int, str]:
    if "/ToUnicode" not in font:
        return {}
    data = font.ToUnicode.read_bytes()
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for code, text in _BFCHAR.findall(block):
            mapping[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    return mapping


def _decode(raw: bytes, cmap: dict[int, str]) -> str:
    if not cmap:
        return raw.decode("latin-1")
    # reportlab maps unused codes to U+0000; ASCII keeps its own codes in its subsets.
    return "".join(text if (text := cmap.get(b)) and text != "\x00" else chr(b) for b in raw)


def pdf_text(data: bytes, password: str = "") -> str:
    """Every shown string of every page, joined; raises pikepdf.PasswordError if locked."""
    out: list[str] = []
    with pikepdf.open(io.BytesIO(data), password=password) as pdf:
        for page in pdf.pages:
            fonts = page.Resources.get("/Font", pikepdf.Dictionary())
            maps: dict[str, dict[int, str]] = {}
            cmap: dict[int, str] = {}
            for instruction in pikepdf.parse_content_stream(page):
                if not isinstance(instruction, pikepdf.ContentStreamInstruction):
                    continue  # an inline image
                operands, op = instruction.operands, str(instruction.operator)
                if op == "Tf":
                    name = str(operands[0])
                    if name not in maps:
                        maps[name] = _cmap(fonts[name]) if name in fonts else {}
                    cmap = maps[name]
                elif op in ("Tj", "'", '"'):
                    out.append(_decode(bytes(operands[-1]), cmap))
                elif op == "TJ":
                    out.append(
                        "".join(
                            _decode(bytes(part), cmap)
                            for part in operands[0]
                            if isinstance(part, pikepdf.String)
                        )
                    )
    return "\n".join(out)
