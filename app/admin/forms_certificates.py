"""The certificate layout form: the paper, then for each field of the pre-printed form its box in mm.

Every value is bounded (a box starts on the page and ends on it, fonts from 6 to 72 pt, up to 8 lines)
so that no saved layout can print off the paper or make an unreadable certificate; the database checks
the same bounds again (app/models/certificates.py).
"""
import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, Form, FormField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from app.admin.forms import to_nfc
from app.admin.forms_catalogue import RANGE_MESSAGE
from app.admin.forms_settings import WholeNumberField
from app.documents.certificate import LEADING, POINTS_PER_MM
from app.models.certificates import MAX_FONT_SIZE, MAX_LINES, MIN_FONT_SIZE, Align, FieldKey, Orientation, Paper

MAX_PAGE_MM = 600.0   # bigger than A3 landscape's 420 mm: bounds typing mistakes, not real forms
MIN_WIDTH_MM = 5.0
_NUMBER = re.compile(r"^\d{1,4}(?:[.,]\d{1,2})?$")


class MillimetreField(StringField):
    """A length in mm, typed "12.5" or "12,5" (the Vietnamese decimal comma); ``data`` is a float or None."""

    def process_formdata(self, valuelist):
        self.data = None
        self.raw_text = valuelist[0].strip() if valuelist else ""
        if not self.raw_text:
            return
        if not _NUMBER.match(self.raw_text):
            raise ValueError(_l("Enter a number of millimetres, for example 12,5."))
        self.data = float(self.raw_text.replace(",", "."))

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else f"{self.data:g}".replace(".", ",")


def _number_field(label, low: float, high: float):
    return MillimetreField(label, validators=[InputRequired(_l("Enter a number.")),
                                              NumberRange(min=low, max=high, message=RANGE_MESSAGE)])


class FieldBoxForm(Form):
    """One field of the form (no CSRF of its own: it is part of the layout form)."""

    printed = BooleanField(_l("Printed"))
    x_mm = _number_field(_l("From the left (mm)"), 0, MAX_PAGE_MM)
    y_mm = _number_field(_l("From the top (mm)"), 0, MAX_PAGE_MM)
    width_mm = _number_field(_l("Width (mm)"), MIN_WIDTH_MM, MAX_PAGE_MM)
    font_size = _number_field(_l("Font size (pt)"), MIN_FONT_SIZE, MAX_FONT_SIZE)
    lines = WholeNumberField(_l("Lines"), validators=[InputRequired(_l("Enter a number.")),
                                                       NumberRange(min=1, max=MAX_LINES, message=RANGE_MESSAGE)])
    align = SelectField(_l("Alignment"), choices=[(a.value, a.label) for a in Align])
    bold = BooleanField(_l("Bold"))


class CertificateLayoutForm(FlaskForm):
    name = StringField(_l("Name of the form"), filters=[to_nfc], validators=[
        DataRequired(_l("Enter a name, for example “Bằng khen của Chủ tịch UBND tỉnh (lô 2027)”.")), Length(max=200)])
    award_id = SelectField(_l("Award printed on it by default"), coerce=int, validate_choice=True)
    paper = SelectField(_l("Paper"), choices=[(p.value, p.label) for p in Paper])
    orientation = SelectField(_l("Orientation"), choices=[(o.value, o.label) for o in Orientation])
    note = TextAreaField(_l("Note"), filters=[to_nfc], validators=[Length(max=2000)])

    def field_forms(self) -> list[tuple[FieldKey, FormField]]:
        return [(key, self[f"field_{key.value}"]) for key in FieldKey]

    @property
    def page_mm(self) -> tuple[float, float]:
        paper = Paper(self.paper.data) if self.paper.data in {p.value for p in Paper} else Paper.A4
        width, height = paper.size_mm
        return (height, width) if self.orientation.data == Orientation.LANDSCAPE.value else (width, height)

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        page_width, page_height = self.page_mm
        for _key, sub in self.field_forms():
            box = sub.form
            if not box.printed.data or box.errors:
                continue
            right = box.x_mm.data + box.width_mm.data
            if right > page_width:
                box.width_mm.errors.append(_l("The box ends %(right)s mm from the left, past the page's %(page)s mm: "
                                              "move it left or narrow it.", right=f"{right:g}", page=f"{page_width:g}"))
                ok = False
            bottom = box.y_mm.data + box.lines.data * box.font_size.data * LEADING / POINTS_PER_MM
            if bottom > page_height:
                box.y_mm.errors.append(_l("The box ends %(bottom)s mm from the top, past the page's %(page)s mm: "
                                          "move it up, or use fewer lines or a smaller font.",
                                          bottom=f"{bottom:.0f}", page=f"{page_height:g}"))
                ok = False
        if not any(sub.form.printed.data for _key, sub in self.field_forms()):
            self.form_errors.append(_l("Print at least one field."))
            ok = False
        return ok


for _key in FieldKey:
    setattr(CertificateLayoutForm, f"field_{_key.value}", FormField(FieldBoxForm, label=_key.label))
