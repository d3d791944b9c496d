"""The forms of saved filters: save the current filter under a name, rename one."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField

from app.models.saved_filters import NAME_MAX


class SaveFilterForm(FlaskForm):
    name = StringField(_l("Filter name"))
    # The list's query string as the page shows it; read again by the list's parser before it is kept.
    query = HiddenField()


class RenameFilterForm(FlaskForm):
    name = StringField(_l("New name"))


__all__ = ["NAME_MAX", "RenameFilterForm", "SaveFilterForm"]
