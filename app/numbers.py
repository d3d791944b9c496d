"""Whole numbers that arrive in requests: ids in URLs (the ``<id:…>`` converter), and ids, counts and
page numbers in query strings and forms.

Ids are bounded by their columns (32-bit INTEGER): a larger number names no row, and binding it fails
(PostgreSQL: "integer out of range"; SQLite cannot bind beyond 64 bits), which was a 500; here it is
no id at all, so the view answers 404 or leaves the value out. Only ASCII digits count: ``str.isdigit``
also says yes to "²", which ``int()`` then refuses, and ``int()`` takes other scripts' digits ("١٢")
and "1_000", which no page of ours sends.

Scores (decimals) are typed with a comma or a point ("9,5" or "9.5": ``decimal_number``) and shown in
the interface's locale, one format per language ("94,5" in Vietnamese, "94.5" in English:
``format_score``, the ``score`` template filter and the DOCX minutes).
"""
import math
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal

from babel.numbers import format_decimal
from flask import Flask
from flask_babel import get_locale
from werkzeug.routing import IntegerConverter, Map

MAX_ID = 2**31 - 1  # PostgreSQL's INTEGER, the type of every id column
_MAX_DIGITS = len(str(MAX_ID))


def whole_number(value: str | int | None, low: int = 0, high: int = MAX_ID) -> int:
    """``value`` (ASCII digits, a leading "-" only when ``low`` is negative, or an int) as a number from
    ``low`` to ``high``.

    Anything else raises ValueError, which werkzeug's ``request.args.get(name, type=…)`` and ``getlist``
    take for "not given" (``request.form.get("count", type=whole_number)``) and WTForms' ``coerce`` for
    "not a valid choice".
    """
    text = str(value) if isinstance(value, int) else (value or "").strip()
    digits = text[1:] if text.startswith("-") and low < 0 else text
    if not (digits.isascii() and digits.isdigit()) or len(digits.lstrip("0")) > _MAX_DIGITS:
        raise ValueError(f"not a whole number from {low} to {high}: {value!r}")
    number = int(text)
    if not low <= number <= high:
        raise ValueError(f"not a whole number from {low} to {high}: {value!r}")
    return number


def to_id(value: str | int | None) -> int:
    """An id (1 to ``MAX_ID``), or ValueError: ``request.form.get("source_id", type=to_id)``."""
    return whole_number(value, 1, MAX_ID)


def optional_id(value: str | int | None) -> int | None:
    """A select's value as an id, with "" (no choice) as None; anything else that is no id (a number no row
    can have, "²") raises ValueError, which WTForms reports as an invalid choice (``coerce=optional_id``)."""
    if value in (None, "", "None"):
        return None
    return to_id(value)


def id_list(values: Iterable[str]) -> list[int]:
    """The ids among ``values``, in order and each once; anything that is not an id is left out."""
    ids: dict[int, None] = {}
    for value in values:
        try:
            ids[to_id(value)] = None
        except ValueError:
            continue
    return list(ids)


def page_number(args: Mapping[str, str], name: str = "page") -> int:
    """The page asked for in the query string, clamped to 1 … ``MAX_ID``: 1 when absent, negative or not a
    number; a page past the last one is simply empty."""
    text = (args.get(name) or "").strip()
    if not (text.isascii() and text.isdigit()):
        return 1
    return max(1, min(int(text) if len(text) <= _MAX_DIGITS else MAX_ID, MAX_ID))


_DECIMAL = re.compile(r"-?(\d+([.,]\d*)?|[.,]\d+)", re.ASCII)
# No grouping separator: a score shown as "1.000" in Vietnamese would be typed back as one point.
SCORE_FORMAT = "0.##"


def decimal_number(value: str | None) -> Decimal:
    """A decimal number as a person types it, with a decimal comma or point ("9,5", "9.5"); ValueError
    for anything else. Only plain ASCII digits: Decimal() would also take "NaN", "1e1", "1_0" and "²"."""
    text = (value or "").strip()
    if not _DECIMAL.fullmatch(text):
        raise ValueError(f"not a decimal number: {value!r}")
    return Decimal(text.replace(",", "."))


def format_score(value: Decimal | int | float | None, locale: str | None = None) -> str:
    """A score in the locale's format (the request's unless ``locale`` is given): "94,5" in Vietnamese,
    "94.5" in English, at most two decimals and no trailing zeros ("20", not "20.0"); "" for None."""
    if value is None:
        return ""
    return format_decimal(Decimal(str(value)) if isinstance(value, float) else value, format=SCORE_FORMAT,
                          locale=locale or str(get_locale() or "vi"))


class IdConverter(IntegerConverter):
    """``<id:dossier_id>`` in a route: 1 to ``MAX_ID`` in ASCII digits. Anything else does not match the
    route, so the answer is 404 before the view runs (``<int:…>`` took any size, and "٣" for 3)."""

    regex = r"[0-9]+"

    def __init__(self, map: Map) -> None:
        super().__init__(map, min=1, max=MAX_ID)


def register(app: Flask) -> None:
    """Call before the blueprints are registered: their routes name the converter."""
    app.url_map.converters["id"] = IdConverter
    app.add_template_filter(format_score, "score")


# Ratios are stored to three decimals, so two thirds is 0.667: a share that rounds to the ratio reaches it
# (10 of 15 members is 66.7 %, which is the two-thirds quorum, although 10/15 < 0.667).
_STORED_PRECISION = Decimal("0.0005")


def smallest_reaching(base: int, ratio: Decimal) -> int:
    """The smallest whole number of members whose share of ``base`` reaches ``ratio`` (quorums, thresholds)."""
    return max(0, math.ceil(Decimal(base) * (Decimal(ratio) - _STORED_PRECISION)))
