"""Vietnamese text helpers: NFC normalisation on save and diacritic-free search keys."""
import unicodedata


def nfc(value: str | None) -> str:
    """Trim and normalise to NFC, the form we store (keyboards send both NFC and NFD)."""
    return unicodedata.normalize("NFC", (value or "").strip())


def fold(value: str | None) -> str:
    """Search key: no diacritics, đ→d, case-folded, single spaces ("Đặng Thị Hồng" → "dang thi hong")."""
    decomposed = unicodedata.normalize("NFD", value or "")
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return " ".join(stripped.casefold().split())
