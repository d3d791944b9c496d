"""WTForms' built-in messages ("This field is required.", "Not a valid date value." …) in the app's catalogue.

WTForms ships no Vietnamese catalogue, so Flask-WTF would show its messages in English on a Vietnamese
page. Forms therefore read them from the app's own catalogue (app/translations), where the msgids listed in
``_wtforms_messages`` are kept and translated like every other string.
"""
from flask import Flask
from flask_babel import get_translations
from flask_wtf import FlaskForm


class _AppCatalogue:
    """The object WTForms asks for messages: the catalogue of the current request's locale.

    WTForms formats the result itself (``message % {"min": ...}``), so nothing is interpolated here.
    """

    def gettext(self, string: str) -> str:
        return get_translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return get_translations().ungettext(singular, plural, n)


_CATALOGUE = _AppCatalogue()


def _get_translations(meta, form) -> _AppCatalogue:
    return _CATALOGUE


def register(app: Flask) -> None:
    # Flask-WTF's Meta would load WTForms' own catalogues, which have no Vietnamese.
    FlaskForm.Meta.get_translations = _get_translations


def _wtforms_messages() -> None:  # pragma: no cover - never called: `pybabel extract` reads these msgids
    from flask_babel import gettext as _
    from flask_babel import ngettext

    _("This field is required.")
    _("Invalid input.")
    ngettext("Field must be at least %(min)d character long.",
             "Field must be at least %(min)d characters long.", 0)
    ngettext("Field cannot be longer than %(max)d character.",
             "Field cannot be longer than %(max)d characters.", 0)
    ngettext("Field must be exactly %(max)d character long.",
             "Field must be exactly %(max)d characters long.", 0)
    _("Field must be between %(min)d and %(max)d characters long.")
    _("Number must be at least %(min)s.")
    _("Number must be at most %(max)s.")
    _("Number must be between %(min)s and %(max)s.")
    _("Invalid email address.")
    _("Invalid Choice: could not coerce.")
    _("Not a valid choice.")
    _("Invalid choice(s): one or more data inputs could not be coerced.")
    ngettext("'%(value)s' is not a valid choice for this field.",
             "'%(value)s' are not valid choices for this field.", 0)
    _("Not a valid datetime value.")
    _("Not a valid date value.")
    _("Not a valid time value.")
    _("Not a valid integer value.")
    _("Not a valid decimal value.")
    _("Not a valid float value.")
