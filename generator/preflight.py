"""Warnings about an output that will build but may disappoint: for print,
images under 300 dpi, text outside the safe area, fonts not embedded, and
colours that print from RGB although the brand gave CMYK; for e-mail, files
over their size budget, with the images that weigh most.

Each warning is a Problem naming the programme (or brand file) and the
object; warnings never stop a build.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .boxes import RGB, Page, Picture, TextRun
from .brand import Brand
from .design import INCH, MM
from .errors import Problem
from .fonts import extent
from .images import ImageInfo
from .profiles import Profile

MB = 1024 * 1024


def check_page(
    page: Page, source: Path, where: str | None, profile: Profile, cmyk: Iterable[RGB] | None
) -> list[Problem]:
    """Print checks of one laid-out page, at its trimmed size; `where` names
    the page in a booklet."""
    if not profile.for_print:
        return []
    warnings: list[Problem] = []
    safe = profile.safe_pt
    for box in page.boxes:
        if isinstance(box, TextRun):
            left, right = box.x_pt, box.x_pt + box.width_pt
            below, above = extent(box.font, box.size_pt)
            bottom, top = box.y_pt + below, box.y_pt + above
            inset = min(left, page.width_pt - right, bottom, page.height_pt - top)
            if inset < safe - 0.01:
                warnings.append(
                    Problem(source, None, where, f"the text '{box.text[:40]}' is {inset / MM:.1f} mm "
                            f"from the trimmed edge; print keeps text {safe / MM:.0f} mm inside")
                )  # fmt: skip
        elif isinstance(box, Picture):
            dpi = effective_dpi(box)
            if dpi < profile.dpi - 0.5:
                name = box.image.path.name
                warnings.append(
                    Problem(source, None, where, f"the image {name} is {dpi:.0f} dpi at its printed size "
                            f"({box.image.width_px} × {box.image.height_px} px); print wants {profile.dpi} dpi")
                )  # fmt: skip
    if cmyk is not None:
        known = set(cmyk)
        rgb_only = sorted({box.colour for box in page.boxes if isinstance(box, TextRun) and box.colour not in known})
        for colour in rgb_only:
            hex_colour = "#" + "".join(f"{round(c * 255):02X}" for c in colour)
            warnings.append(
                Problem(source, None, where, f"text in {hex_colour} prints from RGB: the brand gives no "
                        "CMYK value for it")
            )  # fmt: skip
    return warnings


def effective_dpi(picture: Picture) -> float:
    """The resolution an image is printed at in its frame (cropped to fill,
    or fitted whole)."""
    image: ImageInfo = picture.image
    inches_w, inches_h = picture.width_pt / INCH, picture.height_pt / INCH
    ratios = (image.width_px / inches_w, image.height_px / inches_h)
    return min(ratios) if picture.fit == "cover" else max(ratios)


def check_brand_colours(brand: Brand, profile: Profile) -> list[Problem]:
    """For print: brand colours without CMYK while others have one."""
    if not profile.for_print:
        return []
    colours = {"primary": brand.primary, "accent": brand.accent, "text": brand.text}
    if not any(colour.cmyk for colour in colours.values()):
        return []
    return [
        Problem(brand.path, None, "colors", f"{name} has no CMYK value, so it prints from RGB {colour.hex}")
        for name, colour in colours.items()
        if colour.cmyk is None
    ]


def check_fonts(pdf: bytes, source: Path) -> list[Problem]:
    """Every font of a drawn PDF is embedded."""
    warnings = []
    files = ("/FontFile", "/FontFile2", "/FontFile3")
    from pypdf import PdfReader  # here: a build that draws nothing need not load it

    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources: Any = page["/Resources"]
        fonts: Any = resources.get_object().get("/Font", {})
        for reference in fonts.values():
            font: Any = reference.get_object()
            descendants = font.get("/DescendantFonts")
            target: Any = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            if descriptor is None or not any(key in descriptor.get_object() for key in files):
                warnings.append(Problem(source, None, None, f"the font {font['/BaseFont']} is not embedded"))
    return warnings


def check_budget(
    size: int, budget_mb: float | None, source: Path, what: str, images: Callable[[], list[tuple[str, int]]]
) -> list[Problem]:
    """An e-mail size warning naming the heaviest images (weighed only when
    the file is over its budget)."""
    if budget_mb is None or size <= budget_mb * MB:
        return []
    heaviest = ", ".join(
        f"{name} ({weight / 1024:.0f} KB)" for name, weight in sorted(images(), key=lambda i: -i[1])[:3]
    )
    message = _over_budget(size, budget_mb, what)
    return [Problem(source, None, None, message + (f"; heaviest images: {heaviest}" if heaviest else ""))]


def kept_budget(warnings: list[Problem], size: int, budget_mb: float | None, what: str) -> list[Problem] | None:
    """The warnings kept with an output made under another budget (budgets
    are not part of content keys), its budget warning as `budget_mb` makes
    it; None when the output is over a budget it was not weighed against,
    so its heaviest images must be named by making it again."""
    others = [warning for warning in warnings if not warning.message.startswith(f"{what} weighs ")]
    if budget_mb is None or size <= budget_mb * MB:
        return others
    wanted = _over_budget(size, budget_mb, what)
    return warnings if any(warning.message.startswith(wanted) for warning in warnings) else None


def _over_budget(size: int, budget_mb: float, what: str) -> str:
    return f"{what} weighs {size / MB:.1f} MB, over the {budget_mb:g} MB e-mail budget"
