"""Translations: the request's catalogue found once, and WTForms' built-in messages in the app's catalogue.

Flask-Babel finds the catalogue anew for every string it translates (the domain, the locale and the
catalogue cache, each through Flask's context proxies: about 12 µs), and a page translates hundreds: its
menu, labels, lazy enum labels, the rows' texts. ``AppBabel`` keeps the catalogue on the request's Babel
state next to the locale it was found for, so a string costs a dictionary look-up (issue 14). It is found
again whenever the locale object changes (``force_locale`` for a recipient's language sets a new one and
puts the old one back), so what is translated never outlives the locale it was translated for.

WTForms ships no Vietnamese catalogue, so Flask-WTF would show its messages in English on a Vietnamese
page. Forms therefore read them from the app's own catalogue (app/translations), where the msgids listed in
``_wtforms_messages`` are kept and translated like every other string.
"""
from collections.abc import Callable
from functools import cached_property

from babel import support
from flask import Flask, g
from flask_babel import Babel, Domain, get_translations
from flask_wtf import FlaskForm


def _request_catalogue(find: Callable[[], support.NullTranslations]) -> support.NullTranslations:
    """The catalogue ``find`` returns, kept for the rest of the request while its locale stays the same."""
    try:
        state = vars(g._get_current_object()).get("_flask_babel")
    except RuntimeError:  # no application context: Flask-Babel answers with no translation
        return find()
    if state is not None:
        kept = vars(state).get("khenthuong_catalogue")
        if kept is not None and kept[0] is vars(state).get("babel_locale"):
            return kept[1]
    catalogue = find()
    state = vars(g._get_current_object()).get("_flask_babel")
    locale = getattr(state, "babel_locale", None)
    if locale is not None:  # found for a locale: kept until another locale object takes its place
        state.khenthuong_catalogue = (locale, catalogue)
    return catalogue


class _RequestDomain(Domain):
    """The app's message domain: gettext, lazy strings and forms find the catalogue once per request."""

    def get_translations(self):
        return _request_catalogue(super().get_translations)


class AppBabel(Babel):
    """Flask-Babel with the app's message domain (``_RequestDomain``)."""

    @cached_property
    def domain_instance(self):
        return _RequestDomain(domain=self.domain)


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
    # The templates' _() as Flask-Babel installs it, with the request's catalogue kept (above).
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]  # added by jinja2.ext.i18n
        gettext=lambda s: _request_catalogue(get_translations).ugettext(s),
        ngettext=lambda s, p, n: _request_catalogue(get_translations).ungettext(s, p, n),
        pgettext=lambda c, s: _request_catalogue(get_translations).upgettext(c, s),
        npgettext=lambda c, s, p, n: _request_catalogue(get_translations).unpgettext(c, s, p, n),
        newstyle=True)


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
