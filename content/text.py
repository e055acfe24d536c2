"""Text rules shared by sorting and search: one normalisation for every database.

`fold` turns a name or text into a form without case or accents ("Łódź" ->
"lodz", "Zürich" -> "zurich", "Straße" -> "strasse"). It sorts names the way a
reader expects whatever the database's collation (Łódź after Lisbon and before
Warsaw, on SQLite as on PostgreSQL) and lets the SQLite search fallback match
words whatever their accents.
"""

import unicodedata

# Letters that Unicode does not decompose into a base letter plus an accent.
SPECIAL_LETTERS = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "þ": "th",
        "Þ": "th",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ß": "ss",
        "ı": "i",
        "ħ": "h",
        "Ħ": "h",
    }
)


def fold(text):
    """Lower case, accents removed, compatibility forms unified, spaces collapsed."""
    text = unicodedata.normalize("NFKD", (text or "").translate(SPECIAL_LETTERS))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(text.casefold().split())


def sort_key(name):
    """The stored key lists of cities and people are ordered by."""
    return fold(name)[:200]
