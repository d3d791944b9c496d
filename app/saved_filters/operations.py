"""Saving, renaming and deleting a user's filters: each checks, changes and flushes; the view commits."""
from flask_babel import gettext as _
from sqlalchemy import func, select

from app.extensions import db
from app.models import SavedFilter, User
from app.models.saved_filters import NAME_MAX, PER_LIST_MAX, QUERY_MAX


class FilterRefused(ValueError):
    """The name (or the count) is refused; the message says why, for the person saving."""


def _checked_name(user: User, list_key: str, name: str, keep: SavedFilter | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise FilterRefused(_("Give the filter a name."))
    if len(name) > NAME_MAX:
        raise FilterRefused(_("The name is at most %(n)s characters.", n=NAME_MAX))
    clash = select(SavedFilter.id).where(SavedFilter.user_id == user.id, SavedFilter.list_key == list_key,
                                         SavedFilter.name == name)
    if keep is not None:
        clash = clash.where(SavedFilter.id != keep.id)
    if db.session.scalar(clash) is not None:
        raise FilterRefused(_("You already have a filter with this name on this list."))
    return name


def save(user: User, list_key: str, name: str, query: str) -> SavedFilter:
    """A new saved filter; ``query`` is already normalised by the list's parser."""
    name = _checked_name(user, list_key, name)
    count = db.session.scalar(select(func.count()).select_from(SavedFilter)
                              .where(SavedFilter.user_id == user.id, SavedFilter.list_key == list_key)) or 0
    if count >= PER_LIST_MAX:
        raise FilterRefused(_("You have %(n)s saved filters on this list, the most allowed: delete one first.",
                              n=PER_LIST_MAX))
    if len(query) > QUERY_MAX:
        raise FilterRefused(_("This filter is too long to be saved: shorten the search words."))
    saved = SavedFilter(user_id=user.id, list_key=list_key, name=name, query=query)
    db.session.add(saved)
    db.session.flush()
    return saved


def rename(user: User, saved: SavedFilter, name: str) -> None:
    saved.name = _checked_name(user, saved.list_key, name, keep=saved)
    db.session.flush()


def delete(saved: SavedFilter) -> None:
    db.session.delete(saved)
    db.session.flush()
