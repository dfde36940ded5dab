"""Every layout constant of the sales sheet, in one place.

Sizes are in PDF points (1/72 inch). The fitting sequence is the order in
which a sheet gives up space when its text is long:

0. a short text is first tried in a larger body size (GENEROUS_SIZES_PT),
   kept only if the key art still gets its full height;
1. the key art gets shorter, from KEY_ART_MAX_PT down to KEY_ART_MIN_PT;
2. the body leading tightens through BODY_LEADINGS;
3. the body size steps down through BODY_SIZES_PT to an 8 pt floor.

If the text still does not fit, the sheet is not built and the error says
by about how many words it overflows.
"""

from __future__ import annotations

MARGIN_PT = 36.0
GUTTER_PT = 20.0
SIDE_FRACTION = 0.32  # share of the content width taken by the side column

# Fitting sequence
KEY_ART_MAX_PT = 370.0
KEY_ART_MIN_PT = 170.0
KEY_ART_STEP_PT = 6.0  # heights come in steps, so the same picture is cropped a few ways, not one per sheet
GENEROUS_SIZES_PT = (10.0, 9.5)
BODY_SIZES_PT = (9.0, 8.75, 8.5, 8.25, 8.0)
BODY_LEADINGS = (1.4, 1.34, 1.28, 1.22)  # multiples of the body size
PARAGRAPH_GAP = 0.45  # space between synopsis paragraphs, in lines

# Hero: key art (or a colour panel) with the title set over it
HERO_PAD_PT = 22.0
PANEL_MIN_PT = 150.0
PANEL_MAX_PT = 300.0  # without key art, the colour panel grows into spare room up to this
SCRIM_EXTRA_PT = 110.0  # how far above the title block the shade starts
SCRIM_ALPHA = 0.78
TITLE_SIZES_PT = (30.0, 27.0, 24.0, 22.0)  # largest that keeps the title to two lines
TITLE_LEADING = 1.06
ORIGINAL_TITLE_PT = 13.0
META_PT = 9.5
KICKER_PT = 7.5
KICKER_TRACKING_PT = 1.1
BADGE_PT = 7.5
BADGE_PAD_PT = 5.0

# Main column: logline, then synopsis
COLUMNS_GAP_PT = 20.0  # between the hero and the columns
LOGLINE_PT = 12.5
LOGLINE_LEADING = 1.3
LOGLINE_GAP_PT = 12.0

# Main column after the synopsis
QUOTE_GAP_PT = 14.0
QUOTE_PT = 10.5
QUOTE_LEADING = 1.3
QUOTE_SOURCE_PT = 7.0
QUOTE_MARK_PT = 26.0

# Side column
SECTION_LABEL_PT = 7.0
SECTION_LABEL_TRACKING_PT = 0.9
SECTION_GAP_PT = 14.0
SECTION_LABEL_GAP_PT = 6.0
FACT_LABEL_PT = 6.5
FACT_LABEL_WIDTH = 0.36  # share of the side column
FACT_PT = 8.25
FACT_LEADING = 1.28
FACT_GAP_PT = 3.5
RELATED_TITLE_PT = 9.5
RELATED_LOGLINE_PT = 7.5
RELATED_LEADING = 1.3
RELATED_GAP_PT = 8.0
QR_PT = 64.0
RELATED_GRID_COLUMNS = 2  # when related titles go under the synopsis
RELATED_GRID_GAP_PT = 16.0
GRID_PENALTY_PT = 24.0  # prefer related titles in the side column unless this much shorter

# Footer band at the bottom of the page
FOOTER_MIN_GAP_PT = 16.0
FOOTER_PAD_PT = 14.0
FOOTER_PT = 7.25
FOOTER_LEADING = 1.36
FOOTER_COLUMN_GAP_PT = 22.0
LOGO_MAX_WIDTH_PT = 118.0
LOGO_MAX_HEIGHT_PT = 34.0
WORDMARK_PT = 13.0

# Images
SCREEN_DPI = 200

# Neutral tones mixed from the brand's text colour
MUTED_MIX = 0.55  # share of white in secondary text
FOOTER_TINT = 0.07  # share of the primary colour in the footer band

# Catalogue booklet
FOLIO_PT = 34.0  # the band at the foot of booklet pages
FOLIO_TEXT_PT = 6.5
FOLIO_NUMBER_PT = 9.0
PAGE_TOP_PT = 54.0
PAGE_TITLE_PT = 28.0
PAGE_TITLE_GAP_PT = 22.0
CONTENTS_TITLE_PT = 10.0
CONTENTS_META_PT = 8.0
CONTENTS_ROW_PAD_PT = 5.5
CONTENTS_NUMBER_WIDTH_PT = 34.0
CONTENTS_TIME_WIDTH_PT = 92.0
INDEX_COLUMNS = 2
INDEX_PT = 8.5
INDEX_LETTER_PT = 12.0
NOTES_LINE_GAP_PT = 24.0
COVER_IMAGE_SHARE = 0.58  # of the page height, for the cover's key art
COVER_TITLE_PT = 44.0
COVER_SUBTITLE_PT = 14.0
COVER_STRIP_PT = 92.0  # white strip with logo and website at the foot of the cover
BACK_BAND_PT = 190.0
CONTACT_NAME_PT = 17.0
CONTACT_PT = 11.0
CHUNK_PAGES = 16  # booklet pages drawn per reportlab document before assembly
