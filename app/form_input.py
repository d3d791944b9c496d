"""Every text and date field of every form is cleaned and checked the same way, without each form asking.

``register`` hooks WTForms' field binding (as ``app.i18n`` hooks its translations): each StringField
gets ``text.clean_line`` and each TextAreaField ``text.clean_text`` as its first filter, and a
validator that refuses control characters with a message beside the field (passwords and hidden
fields are left exactly as sent); each DateField refuses years outside DATE_MIN_YEAR..DATE_MAX_YEAR.

Each plain WTForms DateField is bound as a ``DayField``: a text input taking dd/mm/yyyy (d/m/yyyy too, and
ISO yyyy-mm-dd for scripts and older links), shown as dd/mm/yyyy. Not ``<input type="date">``: Chromium
lays that out in the browser's locale (11/27/2026 for English) whatever the page's language, and a
Vietnamese office reads and types day first. The English interface keeps dd/mm/yyyy as well: the dates are
those of Vietnamese documents (decisions, minutes), which print them day first.

``ActDate`` is the stricter check of the date of an act (a decision, a council session): within the
configured window around today, and in the future only when the form's ``confirm_future`` box is ticked.
"""
import re
from datetime import date, timedelta

from flask import Flask, current_app
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import DateField, HiddenField, PasswordField, StringField, TextAreaField
from wtforms.fields.core import UnboundField
from wtforms.validators import ValidationError
from wtforms.widgets import TextInput

from app.models.base import local_today
from app.text import clean_line, clean_text, control_characters


def _keep_non_text(clean):
    def text_filter(value):
        return clean(value) if isinstance(value, str) else value

    return text_filter


_CLEAN_LINE, _CLEAN_TEXT = _keep_non_text(clean_line), _keep_non_text(clean_text)


def refuse_control_characters(form, field) -> None:
    """Checks what was sent (``raw_data``), before any filter could hide it."""
    codes = [code for raw in (field.raw_data or []) if isinstance(raw, str) for code in control_characters(raw)]
    if codes:
        raise ValidationError(_l("Remove the invisible control characters (%(codes)s): they cannot be printed.",
                                 codes=", ".join(dict.fromkeys(codes))))


_DAY_FIRST = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})", re.ASCII)
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
DAY_PATTERN = r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}"  # the same shapes, for the browser's :invalid


def parse_day(text: str | None) -> date:
    """A date typed by a person: dd/mm/yyyy or d/m/yyyy, or ISO yyyy-mm-dd; ValueError with the message to show."""
    text = (text or "").strip()
    if match := _DAY_FIRST.fullmatch(text):
        day, month, year = map(int, match.groups())
    elif match := _ISO_DAY.fullmatch(text):
        year, month, day = map(int, match.groups())
    else:
        raise ValueError(_l("Enter the date as dd/mm/yyyy, for example 27/11/2026."))
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(_l("%(text)s is not a real date: check the day and the month.", text=text)) from None


def format_day(value: date | None) -> str:
    """dd/mm/yyyy in every language: the form a date is typed in and printed in Vietnamese documents."""
    return value.strftime("%d/%m/%Y") if value else ""


class DayInput(TextInput):
    """A text input for dd/mm/yyyy with a numeric keypad, the format as placeholder and a hint a screen
    reader reads with the field (the placeholder disappears once typing starts)."""

    def __call__(self, field, **kwargs):
        hint_id = f"{field.id}-format"
        kwargs.setdefault("inputmode", "numeric")
        kwargs.setdefault("placeholder", "dd/mm/yyyy")
        kwargs.setdefault("pattern", DAY_PATTERN)
        kwargs.setdefault("autocomplete", "off")
        kwargs.setdefault("maxlength", 10)
        kwargs.setdefault("title", _l("Day/month/year, for example 27/11/2026"))
        kwargs["aria-describedby"] = " ".join(filter(None, (kwargs.get("aria-describedby"), hint_id)))
        hint = Markup('<span class="visually-hidden" id="{}">{}</span>').format(
            hint_id, escape(_l("Date as day/month/year, for example 27/11/2026")))
        return super().__call__(field, **kwargs) + hint


class DayField(DateField):
    """A date typed and shown as dd/mm/yyyy (see the module's docstring); ``data`` is a ``date`` as before."""

    widget = DayInput()

    def __init__(self, label=None, validators=None, format="%d/%m/%Y", **kwargs):
        super().__init__(label, validators, format, **kwargs)

    def _value(self) -> str:
        if self.raw_data:
            return " ".join(self.raw_data)
        return format_day(self.data) if isinstance(self.data, date) else ""

    def process_formdata(self, valuelist) -> None:
        if not valuelist:
            return
        self.data = None
        try:
            self.data = parse_day(" ".join(valuelist))
        except ValueError as error:
            raise ValueError(str(error.args[0])) from None


def sane_date(form, field) -> None:
    """No year a person means is outside the configured range (0225 or 9999 is a typo)."""
    low, high = current_app.config["DATE_MIN_YEAR"], current_app.config["DATE_MAX_YEAR"]
    if isinstance(field.data, date) and not low <= field.data.year <= high:
        raise ValidationError(_l("Enter a date between the years %(low)s and %(high)s.", low=low, high=high))


class ActDate:
    """The date of an act: not older than ACT_DATE_PAST_DAYS, not later than ACT_DATE_FUTURE_DAYS, and in
    the future only with the form's ``confirm_future`` box ticked (``allow_future=False``: never)."""

    def __init__(self, allow_future: bool = True):
        self.allow_future = allow_future

    def __call__(self, form, field) -> None:
        day = field.data
        if not isinstance(day, date):
            return
        today = local_today()
        earliest = today - timedelta(days=current_app.config["ACT_DATE_PAST_DAYS"])
        latest = today + timedelta(days=current_app.config["ACT_DATE_FUTURE_DAYS"] if self.allow_future else 0)
        if not earliest <= day <= latest:
            raise ValidationError(_l("Enter a date from %(earliest)s to %(latest)s.",
                                     earliest=format_date(earliest, "dd/MM/yyyy"),
                                     latest=format_date(latest, "dd/MM/yyyy")))
        confirmed = getattr(form, "confirm_future", None)
        if day > today and not (confirmed is not None and confirmed.data):
            raise ValidationError(_l("This date is in the future. Tick “The date is in the future on purpose” "
                                     "to keep it."))


def _with_checks(unbound_field, *, filters_first=(), validators_first=(), validators_last=(),
                 field_class=None) -> UnboundField:
    """The same field (or ``field_class`` in its place) with more filters and validators; Field(label,
    validators, filters, ...) may have been given either by position."""
    args, kwargs = list(unbound_field.args), dict(unbound_field.kwargs)
    validators = args.pop(1) if len(args) > 1 else kwargs.pop("validators", None)
    filters = args.pop(1) if len(args) > 1 else kwargs.pop("filters", None)
    return UnboundField(field_class or unbound_field.field_class, *args,
                        validators=[*validators_first, *(validators or ()), *validators_last],
                        filters=[*filters_first, *(filters or ())], **kwargs)


def _bind_field(meta, form, unbound_field, options):
    field_class = unbound_field.field_class
    if issubclass(field_class, StringField) and not issubclass(field_class, PasswordField | HiddenField):
        clean = _CLEAN_TEXT if issubclass(field_class, TextAreaField) else _CLEAN_LINE
        unbound_field = _with_checks(unbound_field, filters_first=[clean], validators_first=[refuse_control_characters])
    elif issubclass(field_class, DateField):
        # A plain DateField becomes a DayField; a subclass someone wrote on purpose is left as it is.
        day_field = DayField if field_class is DateField else None
        unbound_field = _with_checks(unbound_field, validators_last=[sane_date], field_class=day_field)
    return unbound_field.bind(form=form, **options)


def register(app: Flask) -> None:
    FlaskForm.Meta.bind_field = _bind_field
    app.jinja_env.globals["day_pattern"] = DAY_PATTERN  # for a date input written by hand (a GET filter)
