"""The lists that offer saved filters: where each one lives and how its query string is read.

A saved query is never trusted: it goes through the list's own parser (the one its page uses) when it
is saved and again when it is applied, so a filter saved before a state was renamed, or edited in the
database, turns into a valid search or into no filter at all, never into an error.
"""
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from werkzeug.datastructures import MultiDict

from app.models import User
from app.nominations.listing import ListParams
from app.registry.search import SearchParams
from app.workflow.inbox import chosen_state


@dataclass(frozen=True)
class SavedList:
    endpoint: str
    clean: Callable[[User, MultiDict], dict]  # the query args the list keeps, checked by its parser


def _dossier_args(user: User, args: MultiDict) -> dict:
    return ListParams.from_args(args).as_args(page=None)


def _inbox_args(user: User, args: MultiDict) -> dict:
    chosen = chosen_state(user, args)
    return {"state": chosen} if chosen else {}


def _registry_args(user: User, args: MultiDict) -> dict:
    return SearchParams.from_args(args).as_args(page=None)


LISTS: dict[str, SavedList] = {
    "dossiers": SavedList("nominations.index", _dossier_args),
    "inbox": SavedList("workflow.inbox", _inbox_args),
    "registry": SavedList("registry.index", _registry_args),
}


def clean_query(user: User, list_key: str, query: str) -> dict:
    """The args of ``query`` (a query string, with or without its "?") that the list accepts."""
    try:
        pairs = parse_qsl(query.lstrip("?"), max_num_fields=50)
    except ValueError:
        pairs = []  # more fields than any list has: not a query its page wrote
    return LISTS[list_key].clean(user, MultiDict(pairs))


def normalised_query(user: User, list_key: str, query: str) -> str:
    """``query`` as the list would write it: its known args only, checked, in a stable order."""
    return urlencode(clean_query(user, list_key, query))
