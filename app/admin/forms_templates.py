"""The upload form of a document template version (app/admin/views_templates.py)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField
from wtforms.validators import Length


class TemplateUploadForm(FlaskForm):
    file = FileField(_l("Word template (.docx)"), validators=[FileRequired(_l("Choose a file."))])
    note = StringField(_l("Note (what changed)"), validators=[Length(max=500)])
