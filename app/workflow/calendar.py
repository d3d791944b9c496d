"""Working days in Vietnam: weekends and public holidays (incl. lunar Tết) excluded, plus admin overrides.

Public holidays come from the ``holidays`` package (it computes the lunar dates); an administrator's
``WorkingDayOverride`` rows win over it, for the yearly swapped days the government announces.
"""
from collections.abc import Mapping
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType

import holidays

from app import cache


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("VN", years=year).keys())


@lru_cache(maxsize=64)
def _worked_weekend_days(year: int) -> frozenset[date]:
    """Saturdays the government made working days in exchange for a bridge day off (e.g. 22/08/2026)."""
    calendar = holidays.country_holidays("VN", years=year)
    return frozenset(day for day in getattr(calendar, "weekend_workdays", ()) if day.year == year)


class WorkingCalendar:
    """A calendar with the overrides loaded once; cheap to ask many questions of."""

    def __init__(self, overrides: dict[date, bool] | None = None):
        # Read-only: one calendar serves every request of its process (``load``).
        self.overrides: Mapping[date, bool] = MappingProxyType(dict(overrides or {}))
        self._running: dict[int, list[int]] = {}  # year -> running counts of working days (below)

    @classmethod
    def load(cls) -> "WorkingCalendar":
        # One calendar per process, with the running counts it has built, until an administrator edits an
        # override (app/cache.py): the inbox asks it for every row, and building a year's counts anew on
        # each request cost more than the rest of the rows' working days (issue 14). Nothing changes it
        # but those counts, which only depend on the overrides it was built with.
        return cache.cached(cache.CALENDAR, lambda: cls(cache.read_working_day_overrides()))

    def is_working_day(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        if day in _worked_weekend_days(day.year):
            return True
        return day.weekday() < 5 and day not in _public_holidays(day.year)

    def add_working_days(self, start: date, days: int) -> date:
        """The date ``days`` working days after ``start`` (start itself does not count)."""
        current, remaining = start, days
        while remaining > 0:
            current += timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end``; negative when ``end`` is earlier.

        Read from running counts per year (built once per calendar and year): the inbox asks this for
        every row, and a dossier long overdue spans hundreds of days (a day-by-day walk took 70 ms for
        a page of 25 at 20,000 dossiers; issue 14)."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        for year in range(start.year, end.year + 1):
            running = self._running_count(year)
            first = (start - date(year, 1, 1)).days if year == start.year else -1  # start itself not counted
            last = (end - date(year, 1, 1)).days if year == end.year else len(running) - 1
            count += running[last] - (running[first] if first >= 0 else 0)
        return count

    def _running_count(self, year: int) -> list[int]:
        """For each day of ``year``, the working days from 1 January up to and including it."""
        cache = self._running
        if year not in cache:
            counts, total, day = [], 0, date(year, 1, 1)
            while day.year == year:
                total += self.is_working_day(day)
                counts.append(total)
                day += timedelta(days=1)
            cache[year] = counts
        return cache[year]
