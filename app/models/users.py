"""People who log in, each with one role and (for unit and cluster roles) a unit, and the failed-login
counters that slow down guessing at a username."""
import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import Model
from app.models.base import UTCDateTime, enum_column, utcnow
from app.models.org import Unit


class Role(enum.Enum):
    OFFICER = "officer"
    UNIT_HEAD = "unit_head"
    CLUSTER_LEAD = "cluster_lead"
    APPRAISER = "appraiser"
    SECRETARY = "secretary"
    ADMIN = "admin"

    @property
    def label(self):
        return {
            Role.OFFICER: _l("Unit emulation officer"),
            Role.UNIT_HEAD: _l("Unit head"),
            Role.CLUSTER_LEAD: _l("Cluster lead"),
            Role.APPRAISER: _l("Appraiser (Home Affairs)"),
            Role.SECRETARY: _l("Council secretary"),
            Role.ADMIN: _l("Administrator"),
        }[self]

    @property
    def is_unit_role(self) -> bool:
        """Roles whose view of dossiers is bounded by their own unit."""
        return self in (Role.OFFICER, Role.UNIT_HEAD, Role.CLUSTER_LEAD)

    @property
    def is_province_role(self) -> bool:
        """Roles that see every dossier once it has left its unit."""
        return self in (Role.APPRAISER, Role.SECRETARY, Role.ADMIN)


class User(UserMixin, Model):
    __tablename__ = "user_account"
    __table_args__ = (
        # Unit roles act for a unit; without one they could see nothing.
        CheckConstraint(
            "unit_id IS NOT NULL OR role NOT IN ('officer', 'unit_head', 'cluster_lead')",
            name="unit_role_has_unit",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(255))
    email: Mapped[str] = mapped_column(String(255), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_login_from: Mapped[str | None] = mapped_column(String(45))  # an IPv6 address at most
    # The login before the current one, shown to the user so that they notice a login that was not theirs.
    previous_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    previous_login_from: Mapped[str | None] = mapped_column(String(45))
    # Part of every session and remember-me cookie (``get_id``): raising it ends them all.
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    unit: Mapped[Unit | None] = relationship()

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    @property
    def hat(self):
        """The role the user acts in right now (``app.models.hats``): a role assignment or a delegation laid
        over this instance for the request, else their own (home) role."""
        from app.models.hats import hat_of

        return hat_of(self)

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and the remember-me cookie: the id and the session version."""
        return f"{self.id}:{self.session_version}"

    def end_sessions(self) -> None:
        """Every session and remember-me cookie issued so far stops working (``load_user`` checks the version)."""
        self.session_version = (self.session_version or 1) + 1

    def record_login(self, at: datetime, address: str | None) -> None:
        """A successful login: the one before becomes the previous login, shown to the user."""
        self.previous_login_at, self.previous_login_from = self.last_login_at, self.last_login_from
        self.last_login_at, self.last_login_from = at, address

    def set_password(self, password: str) -> None:
        """A new password also ends the sessions opened with the old one."""
        self.password_hash = generate_password_hash(password)
        if self.id is not None:
            self.end_sessions()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role.value}>"


class LoginThrottle(Model):
    """Failed logins in a row under one username, and until when that username refuses attempts.

    Keyed by the username as typed (normalised), not by user: an unknown username is slowed down exactly
    like a real one, so the answers do not tell which accounts exist. In the database, so that every app
    server sees the same count. A success deletes the row; rows whose failures are long past are pruned.
    """

    __tablename__ = "login_throttle"

    username: Mapped[str] = mapped_column(String(80), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
