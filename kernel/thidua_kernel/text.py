"""Vietnamese text enters NFC-normalised; search keys fold diacritics."""
import unicodedata


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


def fold(text: str) -> str:
    """A search key: lower case, no diacritics, đ → d ("Lạng Sơn" → "lang son")."""
    decomposed = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
