"""Every text and date field of every form is cleaned and checked the same way, without each form asking.

``register`` hooks WTForms' field binding (as ``app.i18n`` hooks its translations): each StringField
gets ``text.clean_line`` and each TextAreaField ``text.clean_text`` as its first filter, and a
validator that refuses control characters with a message beside the field (passwords and hidden
fields are left exactly as sent); each DateField refuses years outside DATE_MIN_YEAR..DATE_MAX_YEAR.

``ActDate`` is the stricter check of the date of an act (a decision, a council session): within the
configured window around today, and in the future only when the form's ``confirm_future`` box is ticked.
"""
from datetime import date, timedelta

from flask import Flask, current_app
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, PasswordField, StringField, TextAreaField
from wtforms.fields.core import UnboundField
from wtforms.validators import ValidationError

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


def _with_checks(unbound_field, *, filters_first=(), validators_first=(), validators_last=()) -> UnboundField:
    """The same field with more filters and validators; Field(label, validators, filters, ...) may have
    been given either by position."""
    args, kwargs = list(unbound_field.args), dict(unbound_field.kwargs)
    validators = args.pop(1) if len(args) > 1 else kwargs.pop("validators", None)
    filters = args.pop(1) if len(args) > 1 else kwargs.pop("filters", None)
    return UnboundField(unbound_field.field_class, *args,
                        validators=[*validators_first, *(validators or ()), *validators_last],
                        filters=[*filters_first, *(filters or ())], **kwargs)


def _bind_field(meta, form, unbound_field, options):
    field_class = unbound_field.field_class
    if issubclass(field_class, StringField) and not issubclass(field_class, PasswordField | HiddenField):
        clean = _CLEAN_TEXT if issubclass(field_class, TextAreaField) else _CLEAN_LINE
        unbound_field = _with_checks(unbound_field, filters_first=[clean], validators_first=[refuse_control_characters])
    elif issubclass(field_class, DateField):
        unbound_field = _with_checks(unbound_field, validators_last=[sane_date])
    return unbound_field.bind(form=form, **options)


def register(app: Flask) -> None:
    FlaskForm.Meta.bind_field = _bind_field
