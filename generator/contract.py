"""The programme file's fields (contract v2, `programme-format.md`), in the
contract's order: one `Field` each, with its kind, hint, example and the
column names spreadsheets use for it."""

from __future__ import annotations

from .kinds import Credits, Cuts, Field, Ids, Image, Integer, Paragraphs, Quotes, Text, Texts, Url
from .model import Credit, Cut, Quote, parse_id

TITLE_CHARS = 120
LOGLINE_CHARS = 300
SYNOPSIS_CHARS = 20_000

QUOTE = (
    Field("text", Text(400), "the quote", "Breathtaking and alarming in equal measure.", required=True),
    Field("source", Text(120), "who said it", "Documentary Quarterly"),
)
CUT = (
    Field("episodes", Integer(1), "episodes of this cut", 2, default=1),
    Field("duration", Integer(1, 1000, "minutes"), "minutes of one episode", 52, required=True),
)

PROGRAMME = (
    Field(
        "title", Text(TITLE_CHARS), "the programme's title, any script", "The Last Glaciers", required=True,
        headers=("Title", "English title", "International title", "Programme", "Program", "Programme title",
                 "Program title", "Film", "Film title", "Name"),
    ),
    Field(
        "logline", Text(LOGLINE_CHARS), "one or two sentences; listed wherever another page names the programme",
        "Four Alpine glaciers, four seasons, one question.", required=True,
        headers=("Logline", "Log line", "Tagline", "One-liner", "Pitch", "Hook"),
    ),
    Field(
        "synopsis", Paragraphs(SYNOPSIS_CHARS), "the full description; a blank line between paragraphs",
        "Every summer the Alps lose another few metres of ice.", required=True,
        headers=("Synopsis", "Long synopsis", "Full synopsis", "Description", "Long description", "Summary"),
    ),
    Field(
        "year", Integer(1900, 2100), "year of production", 2025, required=True,
        headers=("Year", "Production year", "Year of production", "Prod. year", "Release year", "Completed"),
    ),
    Field(
        "duration", Integer(1, 1000, "minutes"), "running time of one episode, in minutes", 52, required=True,
        headers=("Running time", "Duration", "Length", "Runtime", "Run time", "RT", "TRT", "Minutes", "Mins"),
    ),
    Field(
        "episodes", Integer(1), "a series of this many episodes; default 1", 4, default=1,
        headers=("Episodes", "Number of episodes", "No. of episodes", "Nb of episodes", "Eps", "# episodes"),
    ),
    Field(
        "production", Text(200), "production company", "Lanterna Docs & Alpenfilm",
        headers=("Production company", "Production companies", "Production", "Produced by", "Prod. company"),
    ),
    Field(
        "directors", Texts(names=True), "director, or a list of directors", ["Claire Vasseur", "Jonas Huber"],
        headers=("Director", "Directors", "Directed by", "Director(s)"),
    ),
    Field(
        "versions", Texts(40), "language versions available", ["ENG", "FRA"],
        headers=("Versions", "Languages", "Language versions", "Language", "Available languages", "Audio"),
    ),
    Field(
        "country", Text(120), "country of production", "France",
        headers=("Country", "Countries", "Country of production", "Country of origin", "Origin"),
    ),
    Field(
        "genres", Texts(60), "genres; the first is the catalogue's section", ["Nature & Science"],
        headers=("Genres", "Genre", "Genre(s)", "Category", "Categories", "Section"),
    ),
    Field(
        "key_art", Image(), "the main picture, a JPEG or PNG in the assets folder", "images/the-last-glaciers.jpg",
        headers=("Key art", "Image", "Picture", "Poster", "Key visual", "Visual", "Still", "Photo", "Artwork"),
    ),
    Field(
        "related", Ids(parse_id), "ids of other programmes of the catalogue, listed on the sheet",
        ["keepers-of-the-olive-trees"],
        headers=("Related titles", "Related", "Related programmes", "Related programs", "See also"),
    ),
    Field(
        "original_title", Text(TITLE_CHARS), "the title in the original language", "Les derniers glaciers",
        headers=("Original title", "Title (original)", "Original name", "Native title", "Local title"),
    ),
    Field(
        "formats", Texts(40), "picture and sound formats", ["4K HDR", "5.1"],
        headers=("Formats", "Format", "Technical", "Tech specs"),
    ),
    Field(
        "status", Text(60), "such as New, In production, Delivery spring 2027", "New",
        headers=("Status", "Availability"),
    ),
    Field(
        "awards", Texts(200, commas=False), "festival selections and prizes",
        ["Official Selection, Alpine Film Festival 2025"],
        headers=("Awards", "Festivals", "Festivals & awards", "Awards & festivals", "Selections", "Prizes", "Laurels"),
    ),
    Field(
        "quotes", Quotes("a quote {text, source}", QUOTE, Quote, scalar="text"), "press quotes {text, source}",
        [{"text": "Breathtaking and alarming in equal measure.", "source": "Documentary Quarterly"}],
        headers=("Quotes", "Press quotes", "Press", "Reviews"),
    ),
    Field(
        "screener", Url(), "link to watch, printed with a QR code", "https://screeners.example.com/the-last-glaciers",
        headers=("Screener", "Screener link", "Screening link", "Viewing link", "Vimeo"),
    ),
    Field(
        "credits", Credits(Credit), "further credits, role: name or [names]", {"Producer": "Anne-Sophie Roux"},
        headers=("Credits", "Other credits", "Crew"),
    ),
    Field(
        "cuts", Cuts("a cut {episodes, duration}", CUT, Cut), "alternative cuts {episodes, duration}",
        [{"episodes": 2, "duration": 52}],
        headers=("Cuts", "Other cuts", "Alternative cuts", "Other versions", "Also available as"),
    ),
    Field(
        "rights", Text(300), "rights available", "Worldwide excluding France",
        headers=("Rights", "Rights available", "Available rights", "Territories"),
    ),
)  # fmt: skip

# Columns named after a role go to `credits`.
CREDIT_ROLES = (
    "Producer", "Producers", "Executive producer", "Co-producer", "Writer", "Writers", "Narrator", "Music",
    "Composer", "Editor", "Cinematographer", "Director of photography", "Camera", "Sound", "Presenter", "Host",
)  # fmt: skip
