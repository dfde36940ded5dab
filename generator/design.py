"""Every layout measure of the sheet and the booklet, in one place: the grid,
the designed variants, the type sizes. Drawn with its measures in
docs/grid.md.

Sizes are in PDF points (1/72 inch). A sheet is a grid of six columns
between fixed margins: the text column takes four, the side column two. The
top of the page is the hero: key art with the title block at its foot. A
programme chooses one of four densities by its length (spacious, feature,
standard, dense: the first its content fits), and one hero by its key art (landscape,
portrait, none). Within a density every measure is fixed, so the sheets of
a catalogue share their margins, columns, title position and baseline
rhythm; content never stretches the design.

When the full synopsis does not fit the dense variant, the short synopsis
is printed with a link to the full text; only when neither fits is the
sheet refused, saying by how much it overflows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MM = 72 / 25.4

# The grid ---------------------------------------------------------------------
MARGIN_PT = 36.0  # left and right; text also keeps 5 mm inside the trimmed edge at the top and bottom
COLUMNS = 6
GUTTER_PT = 14.0
MAIN_COLUMNS = 4  # the text column; the side column takes the rest
SAFE_PT = 5 * MM  # no text closer than this to the trimmed edge, on screen as in print
BASELINE_PT = 3.0  # hero heights and the footer are whole multiples of this


@dataclass(frozen=True)
class Density:
    """One designed density: how much of the page the hero takes, how the
    title sits in it, and the type of the text column."""

    name: str
    hero_share: float  # of the page height
    band_pt: float | None  # the title band under a landscape picture; None: the picture stands beside the title
    body_pt: float
    body_leading_pt: float
    logline_pt: float
    logline_leading_pt: float
    quote_pt: float


POSTER = Density("poster", 0.6, 150.0, 11.0, 16.0, 15.0, 20.0, 14.0)
SPACIOUS = Density("spacious", 0.53, 150.0, 11.0, 16.0, 15.0, 20.0, 14.0)
FEATURE = Density("feature", 0.45, 150.0, 10.0, 14.5, 13.5, 18.0, 12.5)
MEDIUM = Density("medium", 0.41, 144.0, 9.0, 13.0, 12.5, 16.5, 11.5)
STANDARD = Density("standard", 0.36, 138.0, 9.0, 13.0, 12.5, 16.5, 11.5)
COMPACT = Density("compact", 0.28, None, 9.0, 12.5, 12.0, 16.0, 11.0)
DENSE = Density("dense", 0.26, None, 8.5, 11.75, 11.0, 14.5, 10.0)
# tried in this order: the first the content fits
DENSITIES = (POSTER, SPACIOUS, FEATURE, MEDIUM, STANDARD, COMPACT, DENSE)


@dataclass(frozen=True)
class Grid:
    """The grid of one page size."""

    page_w: float
    page_h: float

    @property
    def content_w(self) -> float:
        return self.page_w - 2 * MARGIN_PT

    @property
    def column_w(self) -> float:
        return (self.content_w - (COLUMNS - 1) * GUTTER_PT) / COLUMNS

    def x(self, column: int) -> float:
        """The left edge of a column (0-based)."""
        return MARGIN_PT + column * (self.column_w + GUTTER_PT)

    def span(self, columns: int) -> float:
        """The width of `columns` adjacent columns and the gutters between them."""
        return columns * self.column_w + (columns - 1) * GUTTER_PT

    @property
    def main_w(self) -> float:
        return self.span(MAIN_COLUMNS)

    @property
    def side_x(self) -> float:
        return self.x(MAIN_COLUMNS)

    @property
    def side_w(self) -> float:
        return self.span(COLUMNS - MAIN_COLUMNS)

    def hero_h(self, density: Density) -> float:
        return _snap(self.page_h * density.hero_share)

    @property
    def footer_h(self) -> float:
        return FOOTER_H_PT

    def columns_top(self, density: Density) -> float:
        """Where the text and side columns start, from the top of the page."""
        return self.hero_h(density) + COLUMNS_GAP_PT

    @property
    def columns_bottom(self) -> float:
        """Where the columns must end, from the top of the page."""
        return self.page_h - self.footer_h - FOOTER_GAP_PT


def _snap(value: float) -> float:
    return math.floor(value / BASELINE_PT) * BASELINE_PT


# The hero -----------------------------------------------------------------------
COLUMNS_GAP_PT = 24.0  # from the foot of the hero to the top of the columns
TITLE_FOOT_PT = 24.0  # from the last baseline of the title block to the foot of the hero
TITLE_SIZES_PT = (34.0, 30.0, 26.0, 22.0, 19.0)  # the largest that keeps the title to two lines
POSTER_TITLE_SIZES_PT = (48.0, 42.0, 36.0, *TITLE_SIZES_PT[1:])  # on a page without key art
TITLE_LEADING = 1.04
KICKER_PT = 7.5
KICKER_TRACKING_PT = 1.2
KICKER_GAP_PT = 8.0
ORIGINAL_TITLE_PT = 13.0
ORIGINAL_GAP_PT = 5.0
META_PT = 9.5
META_GAP_PT = 9.0
SCRIM_ALPHA = 0.8  # the shade behind a title set over a calm part of the picture
SUBJECT_NUDGE_PT = 12.0  # the most a picture is moved up so that its subject clears the title over it
SCRIM_EXTRA_PT = 90.0  # how far above the title block the shade starts
SCRIM_EASE = 1.3  # the shade darkens as this power of the height, so that it has no visible edge
BAND_PAD_PT = 22.0  # a title band below the picture: space above the title block
SPLIT_MAX_SHARE = 0.5  # of the page width, for a picture beside the title
PORTRAIT_BELOW = 1.1  # key art narrower than this (width / height) is shown as a portrait poster
PATTERN_DOT_PT = 3.2  # the brand pattern of a page without key art
PATTERN_STEP_PT = 14.0
SUBJECT_KEPT = 0.7  # a band crop that keeps less of the picture's subject puts the picture beside the title
BADGE_PT = 7.5
BADGE_PAD_PT = 5.0
BADGE_TRACKING_PT = 0.8
BADGE_RADIUS_PT = 2.0
BADGE_TOP_PT = SAFE_PT + 4.0  # from the top of the page
BADGE_MAX_SHARE = 0.5  # of the content width: a longer status wraps
ORIGINAL_TITLE_LEADING = 1.15
TITLE_AREA_PAD_PT = 10.0  # around the title block, where the picture must be calm to carry it
PATTERN_LEFT_SHARE = 0.45  # of the page width: where the dots start
PATTERN_HEIGHT_SHARE = 0.62  # of the hero's height: how far down they reach
FACTS_SEPARATOR = "\u2002·\u2002"  # between genres, and between the year, running time and country

# The text column --------------------------------------------------------------------
LOGLINE_GAP_PT = 12.0
PARAGRAPH_GAP = 0.5  # space between synopsis paragraphs, in lines
QUOTE_GAP_PT = 16.0
QUOTE_LEADING = 1.32
QUOTE_SOURCE_PT = 7.5
QUOTE_RULE_PT = 2.0  # the accent rule beside a quote
QUOTE_INDENT_PT = 14.0
QUOTE_SOURCE_GAP_PT = 5.0
MORE_GAP_PT = 8.0  # before the "Full synopsis" link under a short synopsis

# The side column ------------------------------------------------------------------------
SECTION_LABEL_PT = 7.5
SECTION_LABEL_TRACKING_PT = 0.9
SECTION_GAP_PT = 16.0
SECTION_LABEL_GAP_PT = 7.0
SECTION_RULE_GAP_PT = 3.0  # from the label's descenders to its rule
SECTION_RULE_PT = 0.75
FACT_LABEL_PT = 7.5
FACT_LABEL_TRACKING_PT = 0.4
FACT_LABEL_W_PT = 64.0  # a label wider than this goes above its value
FACT_LABEL_PAD_PT = 6.0  # between a label and its value
FACT_STACKED_GAP_PT = 2.0  # under a label set above its value
FACT_PT = 8.25
FACT_LEADING_PT = 11.0
FACT_GAP_PT = 3.5
AWARD_BAR_PT = 2.0
AWARD_INDENT_PT = 8.0
AWARD_GAP_PT = FACT_GAP_PT + 1.0
LAUREL_H_PT = 40.0
LAUREL_GAP_PT = 8.0
RELATED_TITLE_PT = 9.0
RELATED_LOGLINE_PT = 7.5
RELATED_LEADING = 1.32
RELATED_TITLE_LEADING = 1.15
RELATED_LOGLINE_GAP_PT = 3.0
RELATED_GAP_PT = 9.0
RELATED_GRID_COLUMNS = 2  # when related titles go under the synopsis
THUMB_ASPECT = 16 / 9  # a related title's picture, in a grid with room for it
THUMB_GAP_PT = 7.0  # under the picture
PAGE_REF_PT = 9.0  # "p. 14" beside a related title in the booklet
PAGE_REF_ROOM = 888  # the widest page number room is kept for on every sheet, with its label ("p. 888")
PAGE_REF_PAD_PT = 6.0  # between a related title and its page
QR_PT = 60.0
QR_GAP_PT = 10.0
LINK_PT = 8.0
LINK_LEADING_PT = 10.5
LINK_TOP_PT = 2.0  # from the section label to the QR code and links
LINK_GAP_PT = 4.0  # between two links
LINK_DISPLAY_CHARS = 48  # a link printed longer than this is shortened (it fits in three lines)

# The footer ---------------------------------------------------------------------------------
FOOTER_H_PT = 88.0
FOOTER_GAP_PT = 14.0  # between the columns and the footer
FOOTER_TOP_PAD_PT = 13.0
FOOTER_PT = 8.0
FOOTER_LEADING_PT = 10.5
FOOTER_RULE_PT = 2.0
FOOTER_MIN_COLUMN_PT = 78.0  # narrower footer columns would break names and numbers
FOOTER_MAX_LINES = 5
FOOTER_COLUMN_SLACK_PT = 1.0  # beyond a column's longest line, so that rounding never wraps it
LOGO_MAX_W_PT = 120.0
LOGO_MAX_H_PT = 34.0
COVER_LOGO_MAX_W_PT = 140.0  # on the booklet's cover
COVER_LOGO_MAX_H_PT = 44.0
LETTER_LOGO_MAX_W_PT = 150.0  # on a buyer's cover letter
LETTER_LOGO_MAX_H_PT = 46.0
WORDMARK_PT = 13.0
WORDMARK_LEADING = 1.1
# A buyer's cover letter: the brand and date at the head, then one column
LETTER_WORDMARK_PT = 16.0  # the brand's name, when it has no logo
LETTER_DATE_PT = 9.0
LETTER_DATE_DROP_PT = 10.0  # the date's baseline below the head's top
LETTER_BODY_TOP_PT = 80.0  # from the head's top to the addressee; the same room is kept at the foot
LETTER_MEASURE = 0.78  # of the content width: a letter's comfortable line
LETTER_NAME_PT = 13.0
LETTER_COMPANY_PT = 10.0
LETTER_NAME_GAP_PT = 2.0
LETTER_ADDRESS_GAP_PT = 28.0  # below the addressee
LETTER_PT = 10.5
LETTER_LEADING = 1.45
LETTER_PARAGRAPH_GAP_PT = 9.0
LETTER_TITLES_GAP_PT = 20.0  # above the titles enclosed
LETTER_TITLE_PT = 10.5
LETTER_TITLE_META_PT = 8.5  # running time, year and logline of an enclosed title
LETTER_TITLE_GAP_PT = 10.0  # above each title
LETTER_TITLE_LINE_GAP_PT = 2.0
LETTER_TITLE_INDENT_PT = 12.0
LETTER_LOGLINE_LEADING = 1.35
LETTER_SIGNATURE_GAP_PT = 26.0
LETTER_SIGNATURE_PT = 11.0
LETTER_CONTACT_PT = 9.5
LETTER_CONTACT_LEADING = 1.4
STAMP_PT = 6.5  # "Prepared for ..." on a buyer's pack, in the footer's last line
STAMP_BASELINE_PT = SAFE_PT + 2.0
FOLIO_TAB_W_PT = 34.0  # the page number of a booklet page: a tab at the right of the footer rule
FOLIO_TAB_H_PT = 18.0
FOLIO_NUMBER_PT = 10.0

# Images --------------------------------------------------------------------------------------
SCREEN_DPI = 200

# Colours: neutral tones mixed from the brand's text colour, at a contrast of at
# least 4.5:1 on white (WCAG AA) for anything a reader must read.
MIN_CONTRAST = 4.5
FOOTER_TINT = 0.06  # share of the primary colour in the footer band
RULE_TINT = 0.82  # share of white in hairlines (never text)
PATTERN_MIX = 0.4  # share of the accent colour in the dots of a page without key art
TINT_STEP = 0.02  # the steps in which a tint is made lighter until it no longer reads
MUTED_MOST_WHITE = 0.9  # secondary text: never lighter than this share of white
SOFT_LEAST_WHITE = 0.5  # secondary text on a colour field: at least this share of white

# Type ----------------------------------------------------------------------------------------
HEADING_LEADING = 1.2  # line height as a multiple of the size, unless a style says otherwise
BODY_LEADING = 1.3

# The booklet --------------------------------------------------------------------------------
PAGE_TOP_PT = 54.0
PAGE_TITLE_PT = 28.0
PAGE_TITLE_GAP_PT = 22.0
LISTING_FOOT_PT = 40.0  # the foot of listing pages: a hairline and the page number
LISTING_FOLIO_PT = 9.0
LISTING_FOLIO_TEXT_PT = 7.5
CONTENTS_TITLE_PT = 10.0
CONTENTS_META_PT = 8.0
CONTENTS_ROW_PAD_PT = 5.5
CONTENTS_ROW_PAD_TIGHT_PT = 3.0  # the contents' tight variant, when it saves a page
CONTENTS_NUMBER_W_PT = 34.0
CONTENTS_TIME_W_PT = 92.0
CONTENTS_SECTION_GAP_PT = 6.0  # above a section's label, but the first
CONTENTS_LABEL_PAD_PT = 2.0  # below a section's label
CONTENTS_ORIGINAL_GAP_PT = 2.0  # between a title and its original title
LISTING_RULE_PT = 0.4  # the hairline under each row of a listing
LISTING_FRAME_CLEAR_PT = 24.0  # between a listing page's last row and its foot
LISTING_FOOT_RULE_PT = 0.5
LISTING_FOLIO_RISE_PT = 6.0  # the foot's baseline above the safe area's edge
PAGE_TITLE_BAR_GAP_PT = 10.0  # from a page title's last line to the accent bar under it
PAGE_TITLE_BAR_W_PT = 36.0
PAGE_TITLE_BAR_PT = 3.0
COVER_TILE_GAP_PT = 3.0  # between the tiles of the cover's mosaic
COVER_CAPTION_INSET_PT = 2.0  # a caption's inset beyond the safe area: 5 mm inside the trim
COVER_CAPTION_SCRIM_PT = 34.0  # the shade under a tile's caption
COVER_CAPTION_SCRIM_ALPHA = 0.7
COVER_CAPTION_RISE_PT = 11.0  # the caption's baseline above the tile's foot
COVER_ACCENT_PT = 5.0  # the accent line under the pictures
COVER_BRAND_PT = 9.0  # the brand's name above the title
COVER_BRAND_GAP_PT = 14.0
COVER_SUBTITLE_GAP_PT = 10.0
CONTACT_ROW_GAP_PT = 28.0  # above each row of contact cards
CONTACT_BAR_W_PT = 28.0  # the accent bar at the top of a card
CONTACT_BAR_PT = 3.0
CONTACT_NAME_TOP_PT = 14.0  # from the bar's top to the name
CONTACT_LINE_GAP_PT = 5.0
AWARD_LINE_GAP_PT = 3.0  # between a title and its awards, and between awards, on the awards page
STRIP_WORDMARK_PT = 16.0  # the brand's name at the foot of the covers, when it has no logo
STRIP_WORDMARK_DROP_PT = 5.0  # its baseline below the strip's middle
STRIP_WEBSITE_PT = 10.0
STRIP_WEBSITE_DROP_PT = 3.0
HAIRLINE_PT = 0.5  # the notes page's lines and the back cover's rules
BACK_ADDRESS_GAP_PT = 32.0  # from the contact cards to the rule above the address
BACK_ADDRESS_PAD_PT = 16.0  # from that rule to the address
BACK_WEBSITE_GAP_PT = 4.0
BACK_CARDS_CLEAR_PT = 72.0  # at least this between the cards' foot and the strip, or the band shrinks
BACK_HEADING_PT = 30.0
BACK_SUBHEADING_PT = 13.0
BACK_HEADING_GAP_PT = 10.0
BACK_HEADING_FOOT_PT = 40.0  # from the heading's foot to the band's foot
BACK_CARDS_TOP_PT = 12.0  # from the band's foot to the first row of cards
INDEX_COLUMNS = 2
INDEX_PT = 8.5
INDEX_HEADING_PT = 12.0
INDEX_GROUP_GAP_PT = 10.0  # above a letter's (or a script's) heading, but the first
INDEX_GROUP_PAD_PT = 7.0  # below it, its rule included
INDEX_ROW_PAD_PT = 2.5
NOTES_LINE_GAP_PT = 24.0
COVER_IMAGE_SHARE = 0.6  # of the page height, for the cover's pictures
COVER_TITLE_PT = 44.0
COVER_SUBTITLE_PT = 14.0
COVER_CAPTION_PT = 7.5
COVER_STRIP_PT = 92.0  # white strip with logo and website at the foot of the cover
BACK_BAND_PT = 230.0
CONTACT_NAME_PT = 15.0
CONTACT_PT = 10.0
CHUNK_PAGES = 16  # booklet pages drawn per reportlab document before assembly
