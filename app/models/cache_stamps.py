"""Stamps of read-mostly data that app servers cache in memory (app/cache.py).

One row per cached family (e.g. "catalogue": campaigns and awards). Every change to the family's tables
gives its row a new random stamp in the same transaction; a process whose cached copy carries another
stamp reads the data again. A random stamp rather than a counter: a table emptied and filled again (a
restore, the test suite) cannot come back to a stamp some process still holds.
"""
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model


class CacheStamp(Model):
    __tablename__ = "cache_stamp"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    stamp: Mapped[str] = mapped_column(String(32))
