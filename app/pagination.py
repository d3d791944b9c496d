"""Pages of a long list without an exact count of the whole list on every request (issue 14).

``db.paginate`` counts every matching row (``count(*)`` over the user's whole scope) and sorts them all
to cut out a page: at 200,000 dossiers that is most of a page's time, and it grows with the table.
``CappedPagination`` instead

- picks the page's ids with ``ORDER BY … LIMIT per_page + 1`` (an index that matches the order answers it
  by reading a page of entries), the extra id telling whether a next page exists, then loads only the
  page's rows;
- counts at most ``cap + 1`` matching rows (a ``LIMIT`` subquery): a list longer than the cap says "more
  than 1000" and keeps its next-page link.

It is a flask_sqlalchemy ``Pagination``, so the ``pagination`` macro and templates read it as before.
"""
from collections.abc import Callable
from math import ceil

from flask import current_app
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, select


def count_cap() -> int:
    return current_app.config["LIST_COUNT_CAP"]


def capped_count_query(ids: Select, cap: int) -> Select:
    """The number of rows of ``ids`` (a SELECT of one column), counted up to ``cap + 1`` at most."""
    return select(func.count()).select_from(ids.order_by(None).limit(cap + 1).subquery())


def count_label(count: int, cap: int | None = None) -> str:
    """A capped count as shown on a tab: "1000+" once it passed the cap."""
    cap = count_cap() if cap is None else cap
    return f"{cap}+" if count > cap else str(count)


class CappedPagination(Pagination):
    """One page of ``ids`` (SELECT of the id column in list order, scoped and filtered), its rows loaded
    by ``rows`` (SELECT of the entities in the same order, options for what the page shows; or of columns,
    each row made an item by ``item``) for the ids picked, with ``total`` exact up to ``cap`` (``capped``
    beyond)."""

    def __init__(self, *, ids: Select, rows: Select, id_column, session, page: int, per_page: int,
                 cap: int | None = None, item: Callable | None = None) -> None:
        self.cap = count_cap() if cap is None else cap
        self._item = item  # makes an item of a row of ``rows`` (its columns); None: ``rows`` selects entities
        self._more = False
        self._counted: int | None = None
        super().__init__(page=page, per_page=per_page, max_per_page=None, error_out=False, count=True,
                         ids=ids, rows=rows, id_column=id_column, session=session)

    def _query_items(self) -> list:
        args = self._query_args
        # Not correlated to the rows query's table: a list of ids of its own (one statement in all).
        page_ids = args["ids"].limit(self.per_page + 1).offset(self._query_offset).correlate(None)
        # The capped count rides along as a column of the page's own statement (one round trip, not two):
        # counted even when this page shows it is the last one, a capped count costs a page of index entries.
        count = capped_count_query(args["ids"], self.cap).scalar_subquery().label("capped_total")
        result = args["session"].execute(args["rows"].add_columns(count).where(args["id_column"].in_(page_ids)))
        rows = result.all() if self._item else result.unique().all()  # unique(): entities with joined loads
        self._counted = rows[0][-1] if rows else None
        items = [self._item(row[:-1]) for row in rows] if self._item else [row[0] for row in rows]
        self._more = len(items) > self.per_page
        return items[: self.per_page]

    def _query_count(self) -> int:
        if self._counted is not None:
            return self._counted
        # A page past the end (no row to carry the count): counted on its own.
        return self._query_args["session"].scalar(capped_count_query(self._query_args["ids"], self.cap)) or 0

    @property
    def capped(self) -> bool:
        """More rows match than were counted: the total shown is "more than ``cap``"."""
        return (self.total or 0) > self.cap

    @property
    def pages(self) -> int:
        if not self.capped:
            return super().pages
        # Past the cap the pages are not counted: those up to the cap, and the next one while there is one.
        return max(ceil(self.cap / self.per_page), self.page + (1 if self._more else 0))
