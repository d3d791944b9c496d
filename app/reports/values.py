"""Reading a report's figures as typed in the form: one clear message per field, nothing stored.

Numbers are typed the Vietnamese way or the English way ("12,5" or "12.5"); integers are plain digits
(a "1.000" would be a thousand to one reader and one to another, so it is refused rather than guessed).
A percentage is bounded by 0–100 unless the figure says otherwise; a trailing "%" is accepted.
"""
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import gettext as _

from app.models.reports import FigureType, ReportFigure
from app.numbers import decimal_number, format_score
from app.text import clean_text, control_characters

MAX_TEXT = 4000        # characters of one text figure
MAX_NARRATIVE = 20000  # characters of the report's free text
LIMIT = Decimal("1e14")  # the column holds 14 digits before the point
_INTEGER = re.compile(r"-?\d+", re.ASCII)


def field_name(figure: ReportFigure) -> str:
    return f"fig_{figure.id}"


@dataclass
class ParsedReport:
    numbers: dict[int, Decimal | None] = field(default_factory=dict)
    texts: dict[int, str | None] = field(default_factory=dict)
    narrative: str = ""
    errors: dict[str, str] = field(default_factory=dict)  # form field name → message


def bounds_of(figure: ReportFigure) -> tuple[Decimal | None, Decimal | None]:
    low, high = figure.min_value, figure.max_value
    if figure.value_type is FigureType.PERCENT:
        low = Decimal(0) if low is None else low
        high = Decimal(100) if high is None else high
    return low, high


def parse_number(figure: ReportFigure, raw: str) -> Decimal:
    """The typed value as a number within the figure's bounds; ValueError with the message to show."""
    text = raw.strip()
    if figure.value_type is FigureType.PERCENT:
        text = text.removesuffix("%").strip()
    if figure.value_type is FigureType.INTEGER:
        if not _INTEGER.fullmatch(text):
            raise ValueError(_("Enter a whole number (digits only)."))
        value = Decimal(text)
    else:
        try:
            value = decimal_number(text)
        except ValueError:
            raise ValueError(_("Enter a number, e.g. 12,5.")) from None
        if -value.as_tuple().exponent > 4:  # type: ignore[operator]
            raise ValueError(_("At most 4 decimals."))
    if abs(value) >= LIMIT:
        raise ValueError(_("The number is too large."))
    low, high = bounds_of(figure)
    if low is not None and value < low:
        raise ValueError(_("At least %(low)s.", low=format_score(low)))
    if high is not None and value > high:
        raise ValueError(_("At most %(high)s.", high=format_score(high)))
    return value


def parse_form(figures: Sequence[ReportFigure], form: Mapping[str, str], *, submitting: bool) -> ParsedReport:
    """Every figure's value and the free text; on submission every number must be given."""
    parsed = ParsedReport()
    for figure in figures:
        name = field_name(figure)
        raw = form.get(name) or ""
        if control_characters(raw):
            parsed.errors[name] = _("Remove the control characters (%(codes)s).",
                                    codes=", ".join(control_characters(raw)))
            continue
        if figure.value_type is FigureType.TEXT:
            text = clean_text(raw)
            if len(text) > MAX_TEXT:
                parsed.errors[name] = _("At most %(max)s characters.", max=MAX_TEXT)
            parsed.texts[figure.id] = text or None
            continue
        if not raw.strip():
            parsed.numbers[figure.id] = None
            if submitting:
                parsed.errors[name] = _("Required to submit the report.")
            continue
        try:
            parsed.numbers[figure.id] = parse_number(figure, raw)
        except ValueError as error:
            parsed.errors[name] = str(error)
    narrative = form.get("narrative") or ""
    if control_characters(narrative):
        parsed.errors["narrative"] = _("Remove the control characters (%(codes)s).",
                                       codes=", ".join(control_characters(narrative)))
    parsed.narrative = clean_text(narrative)
    if len(parsed.narrative) > MAX_NARRATIVE:
        parsed.errors["narrative"] = _("At most %(max)s characters.", max=MAX_NARRATIVE)
    return parsed
