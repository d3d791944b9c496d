"""Council sessions and their agenda: per-dossier votes of the Provincial Emulation and Commendation Council."""
from datetime import date, datetime, time

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.base import UTCDateTime, utcnow
from app.models.dossiers import Dossier
from app.models.org import Unit


class CouncilSession(Model):
    __tablename__ = "council_session"
    __table_args__ = (
        CheckConstraint("members_total > 0", name="members_total_positive"),
        CheckConstraint("members_present >= 0 AND members_present <= members_total", name="present_within_total"),
        CheckConstraint("minutes_number IS NULL OR minutes_number > 0", name="minutes_number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    held_on: Mapped[date] = mapped_column(Date)
    members_total: Mapped[int] = mapped_column(Integer)
    members_present: Mapped[int] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")
    # What the minutes (biên bản) print, filled in by the secretary (app/council/minutes.py). The number is
    # the minutes' own (blank: written by hand); names are people's, one a line in the attendance lists.
    minutes_number: Mapped[int | None] = mapped_column(Integer)
    starts_at: Mapped[time | None] = mapped_column(Time)
    place: Mapped[str] = mapped_column(String(255), default="")
    chair_name: Mapped[str] = mapped_column(String(255), default="")
    chair_title: Mapped[str] = mapped_column(String(255), default="")
    secretary_name: Mapped[str] = mapped_column(String(255), default="")
    present_names: Mapped[str] = mapped_column(Text, default="")  # "Name, position" one a line
    absent_names: Mapped[str] = mapped_column(Text, default="")  # "Name, position (reason)" one a line
    conclusion: Mapped[str] = mapped_column(Text, default="")
    # Whose council: none for the provincial council; a unit (department or commune) for its own Hội đồng
    # TĐKT cơ sở, which votes on the unit-level awards its head decides (DOMAIN.md §10b).
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    unit: Mapped["Unit | None"] = relationship()
    items: Mapped[list["CouncilAgendaItem"]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="CouncilAgendaItem.id"
    )


class CouncilAgendaItem(Model):
    """A dossier on a session's agenda; the vote counts are filled in when the secretary records them."""

    __tablename__ = "council_agenda_item"
    __table_args__ = (
        UniqueConstraint("session_id", "dossier_id", name="uq_council_agenda_item_session_dossier"),
        CheckConstraint(
            "(votes_for IS NULL AND votes_against IS NULL AND votes_abstain IS NULL AND approved IS NULL)"
            " OR (votes_for >= 0 AND votes_against >= 0 AND votes_abstain >= 0 AND approved IS NOT NULL)",
            name="votes_complete",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("council_session.id", ondelete="CASCADE"), index=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    votes_for: Mapped[int | None] = mapped_column(Integer)
    votes_against: Mapped[int | None] = mapped_column(Integer)
    votes_abstain: Mapped[int | None] = mapped_column(Integer)
    approved: Mapped[bool | None] = mapped_column()
    recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    session: Mapped[CouncilSession] = relationship(back_populates="items")
    dossier: Mapped[Dossier] = relationship()
