"""Dates as Vietnamese administrative documents write them (Nghị định 30/2020, Phụ lục I).

Days below 10 and the months January and February take a leading zero ("ngày 05 tháng 01",
"tháng 02"); months 3–12 are written without one ("tháng 3"), so that "tháng 1" can never be
altered into "tháng 11" by hand.
"""
from datetime import date


def vn_long_date(day: date) -> str:
    """date(2027, 1, 5) → "ngày 05 tháng 01 năm 2027"; date(2027, 3, 15) → "ngày 15 tháng 3 năm 2027"."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def vn_place_date(place: str, day: date) -> str:
    """The place-date line: "Gia Lai, ngày 05 tháng 01 năm 2027"."""
    return f"{place.strip()}, {vn_long_date(day)}"
