"""The appraiser's review of the eligibility engine's verdict on a dossier (issue 8, DOMAIN §9: "it warns,
the appraiser decides").

On intake and appraisal the appraiser records either agreement with the engine or an override: the verdict
they hold instead, with a required reason. Each review keeps what the engine said at that moment (verdict,
rule set, reasons) and points at the line it wrote in the dossier's history. Rows are never changed: a later
review supersedes the earlier one (the dossier's current review is its latest row).
"""
from datetime import datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.base import UTCDateTime, enum_column, utcnow
from app.models.dossiers import Dossier, DossierEvent
from app.models.eligibility import Verdict
from app.models.users import User


class EligibilityReview(Model):
    __tablename__ = "eligibility_review"
    __table_args__ = (
        # An override says why; an agreement holds the engine's own verdict.
        CheckConstraint("agrees OR reason <> ''", name="override_has_reason"),
        CheckConstraint("NOT agrees OR verdict = engine_verdict", name="agreement_keeps_verdict"),
        # The current review of many dossiers at once (agenda, inbox): the latest id per dossier.
        Index("ix_eligibility_review_dossier", "dossier_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="RESTRICT"))
    # What the engine said when the appraiser reviewed it.
    engine_verdict: Mapped[Verdict] = mapped_column(enum_column(Verdict, "review_engine_verdict"))
    rule_set: Mapped[str] = mapped_column(String(300), default="")
    engine_reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    agrees: Mapped[bool] = mapped_column(Boolean)
    # The verdict the appraiser holds: the engine's when agreeing.
    verdict: Mapped[Verdict] = mapped_column(enum_column(Verdict, "review_verdict"))
    reason: Mapped[str] = mapped_column(Text, default="")
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The line this review wrote in the dossier's history.
    event_id: Mapped[int | None] = mapped_column(ForeignKey("dossier_event.id", ondelete="RESTRICT"))

    dossier: Mapped[Dossier] = relationship()
    reviewed_by: Mapped[User | None] = relationship(lazy="joined")
    event: Mapped[DossierEvent | None] = relationship()
