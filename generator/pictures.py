"""Placed pictures -> prepared image files, made before a page is drawn.

Drawing then only embeds files; preparing is where a picture is decoded,
cropped, flattened and resized (`images.py`), once per frame size for a
whole build, with the copies kept in the output's cache.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .art import analyse_art, choose_crop
from .boxes import Page, Picture
from .images import AroundSubject, prepare_contain, prepare_cover


@dataclass(frozen=True)
class ImageStore:
    """Where prepared images are kept, and at which resolution."""

    folder: Path
    dpi: int


def hex_colour(colour: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(channel * 255):02X}" for channel in colour)


def prepare_picture(picture: Picture, store: ImageStore) -> Path:
    """The prepared file of one placed picture; a crop around its subject
    is chosen here, for the frame as drawn."""
    if picture.fit == "cover":
        crop = picture.crop
        if isinstance(crop, AroundSubject):
            crop = choose_crop(analyse_art(picture.image), picture.width_pt / picture.height_pt, crop.focus).region
        return prepare_cover(
            picture.image, picture.width_pt, picture.height_pt, store.dpi, store.folder,
            hex_colour(picture.background), crop,
        )  # fmt: skip
    return prepare_contain(picture.image, store.dpi, store.folder)


def prepare_pictures(pages: Iterable[Page], store: ImageStore) -> dict[Picture, Path]:
    """The prepared file of every picture on `pages`."""
    return {box: prepare_picture(box, store) for page in pages for box in page.boxes if isinstance(box, Picture)}
