"""Working days: weekends, Vietnamese public holidays (lunar Tết included) and administrator overrides."""
from datetime import date, timedelta

import pytest

from app.workflow.calendar import WorkingCalendar

TET_2026 = [date(2026, 2, d) for d in range(16, 21)]  # Monday 16 to Friday 20 February


def test_tet_2026_is_not_a_working_day():
    assert [WorkingCalendar().is_working_day(day) for day in TET_2026] == [False] * 5


@pytest.mark.parametrize("day, working", [
    (date(2026, 2, 13), True),  # the Friday before Tết
    (date(2026, 2, 14), False),  # Saturday
    (date(2026, 2, 15), False),  # Sunday
    (date(2026, 2, 23), True),  # the Monday after Tết
    (date(2026, 4, 30), False),  # Reunification Day
    (date(2026, 5, 1), False),  # Labour Day
    (date(2026, 9, 2), False),  # National Day
    (date(2026, 1, 1), False),  # New Year's Day
    (date(2026, 3, 10), True),  # an ordinary Tuesday
])
def test_known_days(day, working):
    assert WorkingCalendar().is_working_day(day) is working


def test_one_working_day_after_the_friday_before_tet_is_the_monday_after():
    calendar = WorkingCalendar()
    assert calendar.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)
    assert calendar.working_days_between(date(2026, 2, 13), date(2026, 2, 23)) == 1
    # Ten working days from Tuesday 10 February: 11, 12, 13, then Tết and two weekends, 23–27, 2, 3 March.
    assert calendar.add_working_days(date(2026, 2, 10), 10) == date(2026, 3, 3)


def test_weekend_is_skipped():
    calendar = WorkingCalendar()
    assert calendar.add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)  # Friday → Monday
    assert calendar.add_working_days(date(2026, 3, 7), 1) == date(2026, 3, 9)  # from a Saturday
    assert calendar.add_working_days(date(2026, 3, 9), 5) == date(2026, 3, 16)


def test_zero_days_is_the_start_itself():
    assert WorkingCalendar().add_working_days(date(2026, 3, 7), 0) == date(2026, 3, 7)
    assert WorkingCalendar().working_days_between(date(2026, 3, 7), date(2026, 3, 7)) == 0


def test_override_makes_a_saturday_a_working_day(make):
    saturday = date(2026, 1, 10)
    make.make_working_day_override(saturday, True, "Làm bù")
    calendar = WorkingCalendar.load()
    assert calendar.is_working_day(saturday)
    assert calendar.add_working_days(date(2026, 1, 9), 1) == saturday
    assert calendar.working_days_between(date(2026, 1, 9), date(2026, 1, 12)) == 2
    # Without the override the same Saturday does not count.
    assert WorkingCalendar().add_working_days(date(2026, 1, 9), 1) == date(2026, 1, 12)


def test_override_makes_a_weekday_a_holiday(make):
    monday = date(2026, 1, 12)
    make.make_working_day_override(monday, False, "Nghỉ bù")
    calendar = WorkingCalendar.load()
    assert not calendar.is_working_day(monday)
    assert calendar.add_working_days(date(2026, 1, 9), 1) == date(2026, 1, 13)
    assert calendar.working_days_between(date(2026, 1, 9), date(2026, 1, 13)) == 1


def test_override_can_make_a_public_holiday_a_working_day(make):
    make.make_working_day_override(date(2026, 2, 20), True)
    calendar = WorkingCalendar.load()
    assert calendar.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 20)


STARTS = [date(2026, 1, 1) + timedelta(days=7 * k + k % 7) for k in range(12)] + [
    date(2026, 2, 12), date(2025, 12, 31), date(2026, 4, 24), date(2026, 8, 28)]


@pytest.mark.parametrize("days", [1, 2, 5, 10, 25])
def test_add_working_days_and_working_days_between_agree(days):
    calendar = WorkingCalendar({date(2026, 1, 10): True, date(2026, 3, 3): False})
    for start in STARTS:
        end = calendar.add_working_days(start, days)
        assert calendar.is_working_day(end), start
        assert calendar.working_days_between(start, end) == days, start
        assert calendar.working_days_between(end, start) == -days, start
        # The day before the end is one working day short.
        assert calendar.working_days_between(start, end - timedelta(days=1)) == days - 1, start


def test_a_saturday_worked_in_exchange_for_a_bridge_day_counts():
    """22/08/2026 is worked in exchange for the day off on 31/08/2026 (from the holidays package)."""
    from datetime import date

    from app.workflow.calendar import WorkingCalendar

    calendar = WorkingCalendar()
    assert calendar.is_working_day(date(2026, 8, 22))
    assert not calendar.is_working_day(date(2026, 8, 31))
    assert not calendar.is_working_day(date(2026, 8, 29))
