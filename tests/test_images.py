"""Key art and logos in every form productions send them: each kind checks,
builds, and reaches the page with the right pixels (upright, in colour,
transparency over the brand's colour); files that truly cannot be read get
a clear error."""

from __future__ import annotations

import io
import os
import struct
import zlib
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageFile
from pypdf import PdfReader

from conftest import MINIMAL, Catalogue
from generator import art, images, render
from generator.images import inspect_image, prepare_cover

RED, BLUE = (255, 0, 0), (0, 0, 255)
PRIMARY = (0x1F, 0x3A, 0x4D)  # the sample brand's primary colour
W, H = 400, 300


def halves(mode: str = "RGB", left: object = RED, right: object = BLUE) -> Image.Image:
    """A picture whose left half is `left` and right half `right`."""
    image = Image.new(mode, (W, H), left)  # type: ignore[arg-type]
    image.paste(Image.new(mode, (W // 2, H), right), (W // 2, 0))  # type: ignore[arg-type]
    return image


def saved(image: Image.Image, kind: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind, **options)
    return buffer.getvalue()


def png(depth: int, colour_type: int, row: bytes, level: int = 6) -> bytes:
    """A PNG written by hand (16-bit kinds Pillow does not write), W x H,
    every row the same: `row` holds its pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", W, H, depth, colour_type, 0, 0, 0)
    raw = (b"\x00" + row) * H
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, level)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


def exif_rotated() -> bytes:
    """Stored turned a quarter to the left, with EXIF orientation 6 saying
    to turn it back to the right for display (as phones and cameras do)."""
    stored = halves().transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6
    return saved(stored, "JPEG", exif=exif.tobytes(), quality=95)


def transparent_right() -> Image.Image:
    return halves("RGBA", RED + (255,), (0, 0, 0, 0))


def palette_transparent() -> bytes:
    image = halves("P", 1, 2)
    image.putpalette([0, 0, 0, 255, 0, 0, 0, 0, 255] + [0] * 759)
    return saved(image, "PNG", transparency=2)


def cmyk_without_adobe_marker() -> bytes:
    """CMYK as writers other than Adobe's store it: inks not inverted, no
    APP14 marker (the encoder here inverts, so it is given inverted inks)."""
    inks = ImageChops.invert(halves("CMYK", (0, 255, 255, 0), (255, 255, 0, 0)))
    data = saved(inks, "JPEG", quality=95)
    start = data.index(b"\xff\xee")
    return data[:start] + data[start + 2 + int.from_bytes(data[start + 2 : start + 4], "big") :]


def mpo() -> bytes:
    return saved(halves(), "MPO", save_all=True, append_images=[Image.new("RGB", (W, H), (0, 255, 0))], quality=95)


# kind -> (file name, bytes, expected colour at the left, at the right)
KINDS: dict[str, tuple[str, Callable[[], bytes], tuple[int, int, int], tuple[int, int, int]]] = {
    "jpeg-rgb": ("art.jpg", lambda: saved(halves(), "JPEG", quality=95), RED, BLUE),
    "jpeg-progressive": ("art.jpg", lambda: saved(halves(), "JPEG", quality=95, progressive=True), RED, BLUE),
    "jpeg-greyscale": ("art.jpg", lambda: saved(halves("L", 40, 210), "JPEG", quality=95), (40,) * 3, (210,) * 3),
    "jpeg-cmyk-adobe": (
        "art.jpeg",
        lambda: saved(halves("CMYK", (0, 255, 255, 0), (255, 255, 0, 0)), "JPEG", quality=95),
        RED,
        BLUE,
    ),
    "jpeg-cmyk-plain": ("art.jpg", cmyk_without_adobe_marker, RED, BLUE),
    "jpeg-exif-rotated": ("art.jpg", exif_rotated, RED, BLUE),
    "jpeg-mpo": ("art.jpg", mpo, RED, BLUE),
    "png-rgb": ("art.png", lambda: saved(halves(), "PNG"), RED, BLUE),
    "png-rgba": ("art.png", lambda: saved(transparent_right(), "PNG"), RED, PRIMARY),
    "png-la": ("art.png", lambda: saved(halves("LA", (60, 255), (0, 0)), "PNG"), (60,) * 3, PRIMARY),
    "png-palette-transparent": ("art.png", palette_transparent, RED, PRIMARY),
    "png-16-bit-grey": (
        "art.png",
        lambda: png(16, 0, b"\x20\x00" * (W // 2) + b"\xe0\x00" * (W // 2)),
        (32,) * 3,
        (224,) * 3,
    ),  # fmt: skip
    "png-16-bit-rgb": (
        "art.png",
        lambda: png(16, 2, b"\xff\xff\x00\x00\x00\x00" * (W // 2) + b"\x00\x00\x00\x00\xff\xff" * (W // 2)),
        RED,
        BLUE,
    ),  # fmt: skip
    "png-16-bit-rgba": (
        "art.png",
        lambda: png(16, 6, b"\xff\xff\x00\x00\x00\x00\xff\xff" * (W // 2) + b"\x00" * 8 * (W // 2)),
        RED,
        PRIMARY,
    ),  # fmt: skip
    "webp": ("art.webp", lambda: saved(halves(), "WEBP", lossless=True), RED, BLUE),
    "webp-transparent": ("art.webp", lambda: saved(transparent_right(), "WEBP", lossless=True), RED, PRIMARY),
    "tiff": ("art.tif", lambda: saved(halves(), "TIFF", compression="tiff_lzw"), RED, BLUE),
}


def key_art_pixels(pdf: Path) -> Image.Image:
    """The largest image on the sheet (the key art), as drawn."""
    images = PdfReader(pdf).pages[0].images
    largest = max(images, key=lambda image: image.image.width * image.image.height)  # type: ignore[union-attr]
    assert largest.image is not None
    return largest.image.convert("RGB")


def near(colour: tuple[int, ...], expected: tuple[int, ...], tolerance: int = 24) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected))


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_of_key_art_reaches_the_page(catalogue: Catalogue, kind: str) -> None:
    name, make, left, right = KINDS[kind]
    (catalogue.assets / "images" / name).write_bytes(make())
    catalogue.write("film.yaml", MINIMAL + f"key_art: images/{name}\n")
    assert catalogue.errors() == []
    result = catalogue.run("build", "film")  # its sheet (naming it leaves out the booklet)
    assert result.status == 0, result.err
    art = key_art_pixels(catalogue.out / "sheets" / "film.pdf")
    middle = art.height // 2
    assert near(art.getpixel((art.width // 8, middle)), left), art.getpixel((art.width // 8, middle))
    assert near(art.getpixel((art.width * 7 // 8, middle)), right), art.getpixel((art.width * 7 // 8, middle))


def test_a_transparent_logo_keeps_its_transparency(catalogue: Catalogue) -> None:
    (catalogue.assets / "images" / "logo.png").write_bytes(saved(transparent_right(), "PNG"))
    catalogue.write("film.yaml", MINIMAL)
    assert catalogue.run("build").status == 0
    logos = [image for image in PdfReader(catalogue.out / "sheets" / "film.pdf").pages[0].images]
    assert len(logos) == 1 and logos[0].image is not None
    assert logos[0].image.mode == "RGBA"
    assert logos[0].image.getpixel((logos[0].image.width - 2, 2))[3] == 0  # type: ignore[index]


def decodes(monkeypatch: pytest.MonkeyPatch, image_format: str) -> list[tuple[int, int]]:
    """The sizes of the images of `image_format` that Pillow decodes from
    now on in this process (a load that finds pixels already there decodes
    nothing and is not counted)."""
    decoded: list[tuple[int, int]] = []
    load = ImageFile.ImageFile.load

    def counted(image: ImageFile.ImageFile) -> object:
        if image.tile and image.format == image_format:
            decoded.append(image.size)
        return load(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", counted)
    return decoded


def test_a_transparent_logo_is_read_and_compressed_once_for_every_sheet(
    catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The logo's prepared copy is decoded once in a build, not once a sheet,
    and every sheet embeds the same image and soft mask."""
    logo = transparent_right().resize((W * 4, H * 4))
    (catalogue.assets / "images" / "logo.png").write_bytes(saved(logo, "PNG"))
    for name in ("one", "two", "three"):
        catalogue.write(f"{name}.yaml", MINIMAL)
    decoded = decodes(monkeypatch, "PNG")
    render._embedded_png.cache_clear()  # a process that has embedded nothing yet
    assert catalogue.run("build", "-j", "1").status == 0
    prepared = [size for size in decoded if size != logo.size]
    assert len(prepared) == 1, decoded
    streams = set()
    for name in ("one", "two", "three"):
        [image] = PdfReader(catalogue.out / "sheets" / f"{name}.pdf").pages[0].images
        assert image.image is not None and image.image.mode == "RGBA" and image.image.size == prepared[0]
        assert image.image.getpixel((image.image.width - 2, 2))[3] == 0  # type: ignore[index]
        streams.add(image.data)
    assert len(streams) == 1


def test_a_logo_embedded_by_one_process_is_kept_for_the_next(
    catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A later process embeds the logo from what an earlier one kept in the
    build cache, without decoding it, the same bytes; a kept one that is
    damaged is ignored, and the logo decoded and kept again."""
    logo = transparent_right().resize((W * 4, H * 4))
    (catalogue.assets / "images" / "logo.png").write_bytes(saved(logo, "PNG"))
    catalogue.write("film.yaml", MINIMAL)
    decoded = decodes(monkeypatch, "PNG")
    render._embedded_png.cache_clear()  # a process that has embedded nothing yet
    assert catalogue.run("build").status == 0
    sheet = (catalogue.out / "sheets" / "film.pdf").read_bytes()
    [record] = (catalogue.out / ".cache" / "images").glob("*.xobject")
    written = record.read_bytes()
    for damage in (None, written[:40], written[:-5] + b"xxxxx", b""):
        if damage is not None:
            record.write_bytes(damage)
        decoded.clear()
        render._embedded_png.cache_clear()  # a new process
        assert catalogue.run("build", "--force").status == 0
        assert len([size for size in decoded if size != logo.size]) == (0 if damage is None else 1)
        assert (catalogue.out / "sheets" / "film.pdf").read_bytes() == sheet
        assert record.read_bytes() == written


def test_unreadable_and_looping_images_are_reported_and_the_rest_is_built(catalogue: Catalogue) -> None:
    images = catalogue.assets / "images"
    (images / "loop.jpg").symlink_to(images / "loop.jpg")
    locked = images / "locked.jpg"
    locked.write_bytes(saved(halves(), "JPEG"))
    locked.chmod(0)
    catalogue.write("loop.yaml", MINIMAL + "key_art: images/loop.jpg\n")
    catalogue.write("locked.yaml", MINIMAL + "key_art: images/locked.jpg\n")
    catalogue.write("good.yaml", MINIMAL)
    try:
        expected = ["sheets/loop.yaml:9: key_art: 'images/loop.jpg' is a symbolic link that loops; point it at a file"]
        if os.geteuid() != 0:  # root reads any file
            expected.insert(
                0, "sheets/locked.yaml:9: key_art: the image cannot be read (Permission denied); check the file and "
                "its permissions",
            )  # fmt: skip
        assert catalogue.errors() == expected
        result = catalogue.run("build")
        assert result.status == 1
        assert (catalogue.out / "sheets" / "good.pdf").is_file()
    finally:
        locked.chmod(0o644)


def test_a_damaged_prepared_image_is_made_again(catalogue: Catalogue) -> None:
    (catalogue.assets / "images" / "art.jpg").write_bytes(saved(halves(), "JPEG", quality=95))
    catalogue.write("film.yaml", MINIMAL + "key_art: images/art.jpg\n")
    assert catalogue.run("build").status == 0
    sheet = catalogue.out / "sheets" / "film.pdf"
    first = sheet.read_bytes()
    prepared = list((catalogue.out / ".cache" / "images").glob("*-cover-*.jpg"))
    assert prepared
    for path in prepared:
        path.write_bytes(path.read_bytes()[:500])  # as a full disk or a killed build leaves it
    sheet.unlink()
    assert catalogue.run("build").status == 0
    assert sheet.read_bytes() == first


def test_key_art_replaced_by_a_file_of_the_same_size_and_time_is_noticed(catalogue: Catalogue) -> None:
    art = catalogue.assets / "images" / "art.png"
    red_blue, blue_red = b"\xff\x00\x00" * (W // 2) + b"\x00\x00\xff" * (W // 2), b"\x00\x00\xff" * W
    art.write_bytes(png(8, 2, red_blue, level=0))
    catalogue.write("film.yaml", MINIMAL + "key_art: images/art.png\n")
    assert catalogue.run("build").status == 0
    stat = art.stat()
    replacement = png(8, 2, blue_red, level=0)  # not compressed: the same size whatever the pixels
    assert len(replacement) == stat.st_size
    art.unlink()
    art.write_bytes(replacement)
    os.utime(art, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert catalogue.run("build").status == 0
    drawn = key_art_pixels(catalogue.out / "sheets" / "film.pdf")
    assert near(drawn.getpixel((drawn.width // 8, drawn.height // 2)), BLUE)


@pytest.mark.parametrize("exif", ["none", "before the pixels", "after the pixels"])
def test_a_png_is_checked_without_decoding_unless_metadata_follows_its_pixels(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exif: str
) -> None:
    """A PNG's EXIF orientation (here: turn a quarter right) is read from
    its chunks; its pixels are decoded only when chunks that may hold EXIF
    come after them, where Pillow reads them only by decoding."""
    data = saved(halves(), "PNG")
    if exif != "none":
        turned = Image.Exif()
        turned[0x0112] = 6
        data = saved(halves(), "PNG", exif=turned.tobytes())  # Pillow writes it before the pixels
    if exif == "after the pixels":
        start = data.index(b"eXIf") - 4
        end = start + 12 + int.from_bytes(data[start : start + 4], "big")
        data = data[:start] + data[end:-12] + data[start:end] + data[-12:]  # moved between the pixels and the end
    source = tmp_path / "art.png"
    source.write_bytes(data)
    decoded = decodes(monkeypatch, "PNG")
    info = inspect_image(source)
    assert (info.width_px, info.height_px) == ((W, H) if exif == "none" else (H, W))
    assert decoded == ([(W, H)] if exif == "after the pixels" else [])


def test_key_art_is_checked_from_its_header_and_decoded_once_per_scale(
    catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checking a picture reads its header; a picture whose subject analysis,
    sheet and place on the booklet's cover all need it whole is decoded once."""
    (catalogue.assets / "images" / "art.jpg").write_bytes(saved(halves(), "JPEG", quality=95))
    catalogue.write("film.yaml", MINIMAL + "key_art: images/art.jpg\n")
    monkeypatch.setattr(images, "_DECODED", OrderedDict())  # a process that has decoded nothing yet
    monkeypatch.setattr(art, "_ANALYSED", {})
    decoded = decodes(monkeypatch, "JPEG")
    assert catalogue.run("build").status == 0
    assert decoded == [(W, H)]
    assert len(PdfReader(catalogue.out / "catalogue.pdf").pages) == 8  # the booklet made, its cover with the picture


def test_each_picture_is_analysed_once_per_build_and_never_again_in_a_rebuild(
    catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two programmes, each the other's related title: each picture is
    decoded once, for its subject analysis and its frames alike, whether its
    own sheet or the other's thumbnail asks first; a forced rebuild in a new
    process decodes nothing: the analyses are kept in the build's cache, as
    the prepared frames are."""
    big = halves().resize((W * 8, H * 8))
    for name, other in (("north", "south"), ("south", "north")):
        (catalogue.assets / "images" / f"{name}.jpg").write_bytes(saved(big, "JPEG", quality=90))
        catalogue.write(f"{name}.yaml", MINIMAL + f"key_art: images/{name}.jpg\nrelated: [{other}]\n")
    (catalogue.assets / "images" / "south.jpg").write_bytes(saved(big.rotate(180), "JPEG", quality=90))
    decoded = decodes(monkeypatch, "JPEG")
    for run in ("build", "build --force"):
        monkeypatch.setattr(images, "_DECODED", OrderedDict())  # a process that has decoded nothing yet
        monkeypatch.setattr(art, "_ANALYSED", {})
        decoded.clear()
        assert catalogue.run(*run.split(), "-j", "1").status == 0
        if run == "build":
            assert decoded == [big.size, big.size]  # too narrow to be decoded at a half (SOURCE_WIDTH_PX)
    assert decoded == []


def test_a_large_jpeg_is_decoded_once_at_a_half_for_its_analysis_and_its_frames(
    catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 4 K still is decoded once, by the decoder at a half (still wider
    than the page at 200 dpi): the subject analysis (an eighth), the sheet's
    hero and the booklet's cover are cut from that copy, not decoded again."""
    big = halves().resize((W * 10, H * 10))
    (catalogue.assets / "images" / "art.jpg").write_bytes(saved(big, "JPEG", quality=90))
    catalogue.write("film.yaml", MINIMAL + "key_art: images/art.jpg\n")
    monkeypatch.setattr(images, "_DECODED", OrderedDict())  # a process that has decoded nothing yet
    monkeypatch.setattr(art, "_ANALYSED", {})
    decoded = decodes(monkeypatch, "JPEG")
    assert catalogue.run("build", "-j", "1").status == 0
    assert decoded == [(W * 5, H * 5)]
    [hero] = [
        image
        for image in PdfReader(catalogue.out / "sheets" / "film.pdf").pages[0].images
        if image.name.endswith(".jpg")
    ]
    assert hero.image is not None and hero.image.width >= 1600  # the page's width at 200 dpi: nothing lost


BIG = (W * 10, H * 10)  # a hero (the page's width, at most 0.6 of its height) takes half of it or less


def test_a_png_is_decoded_once_for_its_subject_analysis_and_its_frame(
    catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PNG is decoded whole whatever the scale: one decode serves its
    subject analysis and its frame at a half alike."""
    (catalogue.assets / "images" / "art.png").write_bytes(saved(halves().resize(BIG), "PNG"))
    catalogue.write("film.yaml", MINIMAL + "key_art: images/art.png\n")
    monkeypatch.setattr(images, "_DECODED", OrderedDict())  # a process that has decoded nothing yet
    monkeypatch.setattr(art, "_ANALYSED", {})
    decoded = decodes(monkeypatch, "PNG")
    assert catalogue.run("build", "-j", "1").status == 0
    assert decoded.count(BIG) == 1
    [hero] = [
        image
        for image in PdfReader(catalogue.out / "sheets" / "film.pdf").pages[0].images
        if image.name.endswith(".jpg")
    ]
    assert hero.image is not None and hero.image.width < BIG[0] // 2


@pytest.mark.parametrize("synopsis", ["short", "long"])
def test_a_related_title_s_picture_is_decoded_only_where_its_thumbnail_is_kept(
    catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch, synopsis: str
) -> None:
    """Building one sheet, a related title's picture is decoded only when
    the sheet keeps its thumbnail (beside a short synopsis, not a long
    one): weighing a thumbnail in an arrangement needs only its size."""
    words = " ".join(["A sentence of the synopsis that runs on."] * (1 if synopsis == "short" else 40))
    for name, other in (("north", "south"), ("south", "north")):
        (catalogue.assets / "images" / f"{name}.png").write_bytes(
            saved(halves().rotate(180 * (name == "south")), "PNG")
        )
        text = MINIMAL.replace("A first paragraph of the synopsis.", words)
        catalogue.write(f"{name}.yaml", text + f"key_art: images/{name}.png\nrelated: [{other}]\n")
    monkeypatch.setattr(images, "_DECODED", OrderedDict())  # a process that has decoded nothing yet
    monkeypatch.setattr(art, "_ANALYSED", {})
    decoded = decodes(monkeypatch, "PNG")
    assert catalogue.run("build", "north", "-j", "1").status == 0
    pictures = PdfReader(catalogue.out / "sheets" / "north.pdf").pages[0].images
    thumbnails = sum(image.name.endswith(".jpg") for image in pictures) - 1  # all but the hero
    assert thumbnails == (1 if synopsis == "short" else 0)
    assert decoded.count((W, H)) == 1 + thumbnails  # north's picture, and south's for its thumbnail


@pytest.mark.parametrize("kind", ["png-16-bit-grey", "png-16-bit-rgba", "png-palette-transparent", "jpeg-cmyk-plain"])
def test_pictures_reduced_before_conversion_keep_their_tones(tmp_path: Path, kind: str) -> None:
    """A picture much larger than its frame is reduced first, to save memory;
    its tones must come out as they do at full size."""
    name, make, left, right = KINDS[kind]
    source = tmp_path / name
    source.write_bytes(make())
    info = inspect_image(source)
    prepared = prepare_cover(info, 80, 60, 72, tmp_path / "cache", "#1F3A4D")  # a quarter of the width or less
    with Image.open(prepared) as image:
        assert image.width <= W // 4
        rgb = image.convert("RGB")
        assert near(rgb.getpixel((rgb.width // 8, rgb.height // 2)), left)
        assert near(rgb.getpixel((rgb.width * 7 // 8, rgb.height // 2)), right)


def test_a_cache_record_of_an_inspected_image_is_used_only_while_it_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build seeds the inspected images from its cache's records: a
    record is used for its file as it was inspected, and a damaged one or
    one of a changed file is inspected again; records never asked for go
    back to the cache as they came."""
    monkeypatch.setattr(images, "_KNOWN", {})
    monkeypatch.setattr(images, "_RECORDS", {})
    art = tmp_path / "art.jpg"
    art.write_bytes(saved(halves(), "JPEG"))
    now = os.stat(art)
    stat = (now.st_size, now.st_mtime_ns, now.st_ino, now.st_ctime_ns)
    kept = "k" * 64  # a digest no decoding gives: the record was used
    other = str(tmp_path / "other.jpg")
    images.remember({str(art): [*stat, 64, 32, "JPEG", kept, False], other: [1, 2, 3, 4, 5, 6, "PNG", "d", False]})
    assert inspect_image(art).digest == kept
    assert images.recall()[other] == (1, 2, 3, 4, 5, 6, "PNG", "d", False)

    for damaged in ([*stat, "wide", 32, "JPEG", kept, False], [*stat, 64, 32, "BMP", kept, False], [*stat, 64]):
        monkeypatch.setattr(images, "_KNOWN", {})
        monkeypatch.setattr(images, "_RECORDS", {})
        images.remember({str(art): damaged})
        assert inspect_image(art).digest != kept, damaged

    monkeypatch.setattr(images, "_KNOWN", {})
    images.remember({str(art): [stat[0] + 1, *stat[1:], 64, 32, "JPEG", kept, False]})  # of the file before a change
    found = inspect_image(art)
    assert found.digest != kept
    assert images.recall()[str(art)] == (*stat, found.width_px, found.height_px, "JPEG", found.digest, False)
