"""Where each variable field of a certificate goes on a pre-printed form, and the history of the document texts.

A ``CertificateLayout`` is one pre-printed form (Bằng khen, Giấy khen, Cờ thi đua): its paper and
orientation and, per field (name, unit, achievement, decision, place-date line, signer), a box in
millimetres from the page's top-left corner that an administrator moves until the test print falls on
the form's dotted lines. Printers and forms differ between batches, so these are data, never code.

``SettingChange`` keeps who changed a documents.* text (app/document_texts.py), when, and from what.
"""
import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, CheckConstraint, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.awards import Award
from app.models.base import UTCDateTime, enum_column, utcnow
from app.models.users import User


class Paper(enum.Enum):
    A3 = "a3"
    A4 = "a4"
    A5 = "a5"

    @property
    def size_mm(self) -> tuple[float, float]:
        """Portrait width × height (ISO 216)."""
        return {Paper.A3: (297.0, 420.0), Paper.A4: (210.0, 297.0), Paper.A5: (148.0, 210.0)}[self]

    @property
    def label(self) -> str:
        return self.name


class Orientation(enum.Enum):
    PORTRAIT = "portrait"
    LANDSCAPE = "landscape"

    @property
    def label(self):
        return {Orientation.PORTRAIT: _l("Portrait"), Orientation.LANDSCAPE: _l("Landscape")}[self]


class FieldKey(enum.Enum):
    """The variable fields of a certificate, in the order they stand on most forms."""

    NAME = "name"
    POSITION_UNIT = "position_unit"
    ACHIEVEMENT = "achievement"
    DECISION = "decision"
    PLACE_DATE = "place_date"
    SIGNER_TITLE = "signer_title"
    SIGNER_NAME = "signer_name"

    @property
    def label(self):
        return {
            FieldKey.NAME: _l("Honouree's name"),
            FieldKey.POSITION_UNIT: _l("Position and unit"),
            FieldKey.ACHIEVEMENT: _l("Achievement"),
            FieldKey.DECISION: _l("Decision number and date"),
            FieldKey.PLACE_DATE: _l("Place and date line"),
            FieldKey.SIGNER_TITLE: _l("Signer's title"),
            FieldKey.SIGNER_NAME: _l("Signer's name"),
        }[self]


class Align(enum.Enum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"

    @property
    def label(self):
        return {Align.LEFT: _l("Left"), Align.CENTER: _l("Centre"), Align.RIGHT: _l("Right")}[self]


# Bounds an administrator's values must respect (the form says so; the database checks them again).
MIN_FONT_SIZE, MAX_FONT_SIZE = 6.0, 72.0
MAX_LINES = 8


class CertificateLayout(Model):
    __tablename__ = "certificate_layout"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    # The award whose decisions print on this form by default (one may print on any layout).
    award_id: Mapped[int | None] = mapped_column(ForeignKey("award.id", ondelete="SET NULL"), index=True)
    paper: Mapped[Paper] = mapped_column(enum_column(Paper, "certificate_paper"), default=Paper.A4)
    orientation: Mapped[Orientation] = mapped_column(enum_column(Orientation, "certificate_orientation"),
                                                     default=Orientation.LANDSCAPE)
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    award: Mapped[Award | None] = relationship()
    updated_by: Mapped[User | None] = relationship()
    fields: Mapped[list["CertificateField"]] = relationship(
        back_populates="layout", cascade="all, delete-orphan", order_by="CertificateField.id")

    @property
    def size_mm(self) -> tuple[float, float]:
        """Width × height of the page as it lies in the printer."""
        width, height = self.paper.size_mm
        return (height, width) if self.orientation is Orientation.LANDSCAPE else (width, height)

    def field(self, key: FieldKey) -> "CertificateField | None":
        return next((f for f in self.fields if f.key is key), None)


class CertificateField(Model):
    __tablename__ = "certificate_field"
    __table_args__ = (
        UniqueConstraint("layout_id", "key", name="uq_certificate_field_layout_key"),
        CheckConstraint("x_mm >= 0 AND y_mm >= 0 AND width_mm > 0", name="position_positive"),
        CheckConstraint(f"font_size >= {MIN_FONT_SIZE} AND font_size <= {MAX_FONT_SIZE}", name="font_size_range"),
        CheckConstraint(f"lines >= 1 AND lines <= {MAX_LINES}", name="lines_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    layout_id: Mapped[int] = mapped_column(ForeignKey("certificate_layout.id", ondelete="CASCADE"))
    key: Mapped[FieldKey] = mapped_column(enum_column(FieldKey, "certificate_field_key"))
    printed: Mapped[bool] = mapped_column(Boolean, default=True)
    # The box's top-left corner, from the page's top-left corner, and its width (mm).
    x_mm: Mapped[float] = mapped_column(Float)
    y_mm: Mapped[float] = mapped_column(Float)
    width_mm: Mapped[float] = mapped_column(Float)
    font_size: Mapped[float] = mapped_column(Float)  # points
    lines: Mapped[int] = mapped_column(Integer, default=1)  # lines the box holds; longer text is set smaller
    align: Mapped[Align] = mapped_column(enum_column(Align, "certificate_align"), default=Align.CENTER)
    bold: Mapped[bool] = mapped_column(Boolean, default=False)

    layout: Mapped[CertificateLayout] = relationship(back_populates="fields")


class SettingChange(Model):
    """One change of a documents.* text: old and new value, by whom, when (never updated or deleted)."""

    __tablename__ = "setting_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), index=True)
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    changed_by: Mapped[User | None] = relationship()
