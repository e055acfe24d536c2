"""Names people type: one form for the same name, whatever the keyboard produced.

'Nürnberg' typed with a composed ü, a decomposed u + combining diaeresis, a
trailing no-break space or a zero-width space pasted from a web page is the
same city. NFKC also folds compatibility forms (full-width letters, ligatures).
"""

import re
import unicodedata

# Control and format characters (zero-width spaces and joiners, soft hyphens,
# bidi marks, byte-order marks) are invisible: a name never needs them.
INVISIBLE_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Cn"}


def normalise_name(value):
    """The stored form of a name: NFKC, no invisible characters, single spaces, trimmed."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    text = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch.isspace() or unicodedata.category(ch) not in INVISIBLE_CATEGORIES
    )
    return re.sub(r" +", " ", text).strip()


def name_key(value):
    """What two names must share to be the same name: the normalised form, case-folded
    ('ß' and 'SS', 'İstanbul' and 'i̇stanbul' compare the way Unicode says)."""
    return unicodedata.normalize("NFKC", normalise_name(value).casefold())
