"""Vietnamese text helpers: cleaning what people type, NFC on save, and diacritic-free search keys.

Every text field of every form is cleaned on input (``app.form_input``): names and other one-line
values by ``clean_line``, free text by ``clean_text``. Invisible characters (zero-width spaces and
joiners, bidirectional controls, the soft hyphen) are removed: pasted from a web page or a chat they
make "Nguyễn Thị Hồng" and "Nguyễn Thị\u200b Hồng" two people, and a right-to-left override would
print a name backwards in a decision. Control characters are refused, not cleaned (``control_characters``).
"""
import re
import unicodedata

# Zero-width space, non-joiner, joiner, word joiner, BOM; LRM, RLM; the embedding, override and
# isolate controls; the soft hyphen. None of them belongs in a Vietnamese name or text.
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                      "\u2066\u2067\u2068\u2069\u00ad")
_REMOVE_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE))
# Horizontal white space of any script (tab, no-break space, ideographic space …), not line breaks.
_SPACES = re.compile(r"[^\S\n]+")
_ALLOWED_CONTROLS = frozenset("\t\n\r")


def nfc(value: str | None) -> str:
    """Trim and normalise to NFC, the form we store (keyboards send both NFC and NFD)."""
    return unicodedata.normalize("NFC", (value or "").strip())


def clean_line(value: str | None) -> str:
    """A one-line value as stored: NFC, no invisible characters, single spaces, trimmed."""
    text = unicodedata.normalize("NFC", value or "").translate(_REMOVE_INVISIBLE)
    return " ".join(_SPACES.sub(" ", text.replace("\r", " ").replace("\n", " ")).split(" ")).strip()


def clean_text(value: str | None) -> str:
    """Free text as stored: NFC, no invisible characters, single spaces within lines, no trailing spaces,
    Unix line breaks, no blank lines at either end (the paragraphs themselves are kept)."""
    text = unicodedata.normalize("NFC", value or "").translate(_REMOVE_INVISIBLE)
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


def control_characters(value: str | None) -> list[str]:
    """The control characters in ``value`` (other than tab and line breaks), as U+XXXX codes."""
    found = {ch for ch in value or "" if unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS}
    return [f"U+{ord(ch):04X}" for ch in sorted(found)]


def fold(value: str | None) -> str:
    """Search key: no diacritics, đ→d, case-folded, single spaces ("Đặng Thị Hồng" → "dang thi hong").

    Invisible characters are dropped here too, so a key never differs by what nobody can see.
    """
    decomposed = unicodedata.normalize("NFD", (value or "").translate(_REMOVE_INVISIBLE))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return " ".join(stripped.casefold().split())
