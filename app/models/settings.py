"""Province-wide settings an administrator switches (key → value), read through typed accessors.

A setting that is not stored has its default: a new database behaves as documented without a seed.
"""
from datetime import datetime

from sqlalchemy import String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model, db
from app.models.base import UTCDateTime, utcnow

# Whether people's personal ID numbers (CCCD) may be stored at all (personal-data rules): default off.
PERSONAL_ID_ENABLED = "registry.personal_id_enabled"
# The code of the unit that assesses the digital-transformation index (Sở KH&CN): its people may import it.
DX_ASSESSOR_UNIT_CODE = "movements.dx_assessor_unit_code"


class Setting(Model):
    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @staticmethod
    def get_bool(key: str, default: bool = False) -> bool:
        value = db.session.scalar(select(Setting.value).where(Setting.key == key))
        return default if value is None else value == "1"

    @staticmethod
    def get_text(key: str, default: str = "") -> str:
        value = db.session.scalar(select(Setting.value).where(Setting.key == key))
        return default if value is None or not value.strip() else value

    @staticmethod
    def set_bool(key: str, value: bool) -> None:
        """Store the setting in the caller's transaction (flushes; the view commits)."""
        row = db.session.get(Setting, key)
        if row is None:
            row = Setting(key=key)
            db.session.add(row)
        row.value = "1" if value else "0"
        db.session.flush()
