"""The citizen's comment form: every field bounded, the text cleaned and checked by app.form_input (bound
to every StringField/TextAreaField), and a honeypot field no person sees."""
import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.models.public_comments import CONTACT_MAX, NAME_MAX, TEXT_MAX

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE = re.compile(r"\+?[0-9][0-9 .\-]{6,18}[0-9]")


def e_mail_or_phone(form, field) -> None:
    value = field.data or ""
    if value and not (_EMAIL.fullmatch(value) or _PHONE.fullmatch(value)):
        raise ValidationError(_l("Enter an e-mail address or a phone number, or leave the field empty."))


class PublicCommentForm(FlaskForm):
    name = StringField(_l("Your name (optional)"), validators=[Optional(), Length(max=NAME_MAX)])
    contact = StringField(_l("E-mail or phone (optional)"),
                          validators=[Optional(), Length(max=CONTACT_MAX), e_mail_or_phone])
    text = TextAreaField(_l("Your comment"), validators=[
        DataRequired(_l("Write your comment.")),
        Length(max=TEXT_MAX, message=_l("A comment may be at most %(max)d characters.")),
    ])
    # The honeypot: hidden from people by the page's CSS, filled in by bots that fill in every field.
    website = StringField(_l("Leave this field empty"))
