"""Words and figures on printed documents, in the reader's language (the active one when rendering)."""

from django.utils.formats import get_format
from django.utils.translation import get_language

from arkaofis.fulfilment.labels.data import format_weight

# Languages whose dotted and dotless i are two letters: "i" capitalises to "İ" ("Teslimat" → "TESLİMAT").
_DOTTED_I_LANGUAGES = ("tr", "az")


def caption(text: str) -> str:
    """A caption in capitals, as the reader's language writes them: str.upper() knows no language and
    would print "TESLIMAT ADRESI" for "Teslimat adresi"."""
    if (get_language() or "").split("-")[0] in _DOTTED_I_LANGUAGES:
        text = text.replace("i", "İ")
    return text.upper()


def weight(weight_g: int) -> str:
    """Grams as kilograms with the reader's decimal separator: "1.250 kg", "1,250 kg" in Turkish."""
    return format_weight(weight_g).replace(".", str(get_format("DECIMAL_SEPARATOR")))
