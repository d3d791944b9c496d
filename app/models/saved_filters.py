"""A user's saved filters: a name for the query string of one list (the dossiers, the inbox, the registry
search). Only the query string is kept; the list's own parser reads it again each time it is applied."""
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.models.base import UTCDateTime, utcnow

# The lists that offer saved filters, by key (the key is stored; the page it opens lives in the views).
LIST_KEYS = ("dossiers", "inbox", "registry")
NAME_MAX = 80
QUERY_MAX = 2000  # a list's filters, percent-encoded (a Vietnamese letter takes up to 9 characters)
PER_LIST_MAX = 30


class SavedFilter(Model):
    __tablename__ = "saved_filter"
    __table_args__ = (
        # One name per user and list; the dropdown reads the user's filters of one list by this index.
        Index("uq_saved_filter_name", "user_id", "list_key", "name", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    # An enum of plain strings (VARCHAR with a CHECK listing LIST_KEYS, as every enum column here): a new
    # list needs a migration that rebuilds the CHECK (migrations/enum_check.py).
    list_key: Mapped[str] = mapped_column(Enum(*LIST_KEYS, name="list_key", native_enum=False, create_constraint=True,
                                               length=20))
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    query: Mapped[str] = mapped_column(String(QUERY_MAX), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
