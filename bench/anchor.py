"""The anchor column: the same programmes set with typst (`sheet.typ`).

`write_data` turns a synthetic catalogue into what the template prints (one
JSON file a programme, and the brand's), outside any timing. Run as a
program, this module is the process the benchmark times: one typst compiler,
loaded once with the sheet's fonts (generator/fonts), writing one PDF a
programme, as a script around typst would.

    python bench/anchor.py CATALOGUE OUT

typst is the `typst` package of the `bench` extra; the product never
imports it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:  # the timed process imports typst and no more
    from synthetic import Synthetic

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).with_name("sheet.typ")
FONTS = ROOT / "generator" / "fonts"
PAGE_SIZES = {"A4": (595.2756, 841.8898), "Letter": (612.0, 792.0)}
LABELS = {"details": "Details", "credits": "Credits", "awards": "Festivals & awards", "related": "Related programmes",
          "screener": "Screener", "watch": "Watch the screener"}  # fmt: skip


def write_data(synthetic: Synthetic) -> Path:
    """CATALOGUE/typst/: the template, brand.json and <id>.json for every
    programme."""
    folder = synthetic.folder / "typst"
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.json"):
        old.unlink()
    (folder / "sheet.typ").write_bytes(TEMPLATE.read_bytes())
    (folder / "brand.json").write_text(json.dumps(_brand(synthetic)), encoding="utf-8")
    for programme_id, fields in synthetic.programmes.items():
        data = _programme(fields, synthetic)
        (folder / f"{programme_id}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return folder


def _brand(synthetic: Synthetic) -> dict[str, Any]:
    brand = synthetic.brand
    colours = {name: _hex(value) for name, value in brand["colors"].items()}
    white = "#FFFFFF"
    logo = None
    if "logo" in brand:
        from PIL import Image

        with Image.open(synthetic.assets / brand["logo"]) as image:
            logo = {"path": f"/assets/{brand['logo']}", "width": image.width, "height": image.height}
    footer = [
        [line for line in (c["name"], c.get("role"), c.get("email"), c.get("phone")) if line]
        for c in brand.get("contacts", [])
    ]
    footer.append([brand["name"], *brand.get("address", "").splitlines(), brand.get("website", "")])
    return {
        "name": brand["name"],
        "page": PAGE_SIZES[brand.get("page_size", "A4")],
        "colours": {
            "primary": colours["primary"],
            "accent": colours["accent"],
            "text": colours["text"],
            "muted": _mix(colours["text"], white, 0.55),
            "pale": _mix(colours["primary"], white, 0.86),
            "footer": _mix(colours["primary"], white, 0.93),
        },
        "logo": logo,
        "footer": [[line for line in column if line] for column in footer],
        "labels": LABELS,
    }


def _programme(fields: dict[str, Any], synthetic: Synthetic) -> dict[str, Any]:
    directors = fields.get("directors", [])
    facts = [
        ("Year", str(fields["year"])),
        ("Running time", _running_time(fields)),
        ("Director" if len(directors) == 1 else "Directors", _join_names(directors)),
        ("Production", fields.get("production")),
        ("Country", fields.get("country")),
        ("Versions", ", ".join(fields.get("versions", []))),
        ("Formats", " · ".join(fields.get("formats", []))),
        ("Status", fields.get("status")),
        ("Rights", fields.get("rights")),
    ]
    screener = fields.get("screener")
    related = [synthetic.programmes[other] for other in fields.get("related", [])]
    meta = [str(fields["year"]), _running_time(fields), fields.get("country")]
    return {
        "title": fields["title"],
        "original_title": fields.get("original_title"),
        "genres": fields.get("genres", []),
        "meta": "  ·  ".join(part for part in meta if part),
        "status": fields.get("status"),
        "logline": " ".join(fields["logline"].split()),
        "synopsis": [" ".join(p.split()) for p in fields["synopsis"].split("\n\n") if p.strip()],
        "quotes": [{"text": q["text"], "source": q.get("source")} for q in fields.get("quotes", [])],
        "facts": [(label, value) for label, value in facts if value],
        "credits": [
            (role, names if isinstance(names, str) else ", ".join(names))
            for role, names in fields.get("credits", {}).items()
        ],
        "awards": fields.get("awards", []),
        "related": [{"title": r["title"], "logline": " ".join(r["logline"].split())} for r in related],
        "screener": {"url": screener, "host": urlsplit(screener).hostname, "qr": _qr(screener)} if screener else None,
        "key_art": f"/assets/{fields['key_art']}" if "key_art" in fields else None,
    }


def _running_time(fields: dict[str, Any]) -> str:
    episodes, duration = fields.get("episodes", 1), fields["duration"]
    cuts = fields.get("cuts", [])
    if not cuts:
        return f"{duration}'" if episodes == 1 else f"{episodes} × {duration}'"
    versions = [(episodes, duration), *((cut.get("episodes", 1), cut["duration"]) for cut in cuts)]
    return " or ".join(f"{count} × {minutes}'" for count, minutes in versions)


def _join_names(names: list[str]) -> str:
    return "".join(names) if len(names) <= 1 else f"{', '.join(names[:-1])} & {names[-1]}"


def _qr(url: str) -> list[list[tuple[int, int]]]:
    """The dark runs (first column, end column) of each row of the QR code:
    encoded here, outside the timing, since typst has no QR encoder of its
    own (a typst user would call a plugin)."""
    from reportlab.graphics.barcode import qrencoder

    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(url)
    code.make()
    count = code.getModuleCount()
    rows = []
    for row in range(count):
        runs, column = [], 0
        while column < count:
            if code.isDark(row, column):
                start = column
                while column < count and code.isDark(row, column):
                    column += 1
                runs.append((start, column))
            else:
                column += 1
        rows.append(runs)
    return rows


def _hex(colour: str | dict[str, Any]) -> str:
    return colour if isinstance(colour, str) else str(colour["rgb"])


def _mix(colour: str, other: str, share_of_other: float) -> str:
    one = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    two = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(a * (1 - share_of_other) + b * share_of_other):02X}" for a, b in zip(one, two))


def compile_sheets(catalogue: Path, out: Path) -> None:
    """Write OUT/<id>.pdf for every programme of CATALOGUE/typst/."""
    import typst

    out.mkdir(parents=True, exist_ok=True)
    template = catalogue / "typst" / "sheet.typ"
    compiler = typst.Compiler(template, root=catalogue, font_paths=[FONTS], ignore_system_fonts=True)
    for data in sorted((catalogue / "typst").glob("*.json")):
        if data.name != "brand.json":
            compiler.compile(output=out / f"{data.stem}.pdf", sys_inputs={"programme": f"/typst/{data.name}"})


if __name__ == "__main__":
    compile_sheets(Path(sys.argv[1]), Path(sys.argv[2]))
