"""Bonus money: coefficient × base salary rounded up to 10,000 VND, and how amounts are written.

Exact ``Decimal`` arithmetic throughout: a float coefficient (0.3 is not 0.3 in binary) is refused
rather than silently rounded the wrong way at the 10,000 boundary.
"""
from decimal import ROUND_CEILING, Decimal

ROUNDING_STEP = 10_000  # DOMAIN.md §4: "rounded up to the next 10,000 VND"


def bonus_amount(coefficient: Decimal | int, base_salary: int) -> int:
    """Coefficient × base salary, rounded up to the next 10,000 VND (an exact multiple stays)."""
    if isinstance(coefficient, float) or not isinstance(coefficient, (Decimal, int)):
        raise TypeError(f"coefficient must be a Decimal or an int, not {type(coefficient).__name__}")
    if isinstance(base_salary, bool) or not isinstance(base_salary, int):
        raise TypeError("base_salary must be an int (VND)")
    if coefficient < 0 or base_salary < 0:
        raise ValueError("coefficient and base salary cannot be negative")
    exact = Decimal(coefficient) * base_salary
    steps = (exact / ROUNDING_STEP).to_integral_value(rounding=ROUND_CEILING)
    return int(steps) * ROUNDING_STEP


def format_vnd(amount: int) -> str:
    """3510000 → "3.510.000" (Vietnamese thousands separator)."""
    return f"{int(amount):,}".replace(",", ".")


_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_BILLION = 1_000_000_000


def _three_digits(value: int, full: bool) -> list[str]:
    """Words for 0–999; ``full`` reads "không trăm … linh" when a higher group precedes."""
    hundreds, tens, units = value // 100, value // 10 % 10, value % 10
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if hundreds or full:
                words.append("linh")
            words.append(_DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units == 5:
            words.append("lăm")
        elif units:
            words.append(_DIGITS[units])
    else:
        words += [_DIGITS[tens], "mươi"]
        if units == 1:
            words.append("mốt")
        elif units == 5:
            words.append("lăm")
        elif units:
            words.append(_DIGITS[units])
    return words


def _below_billion(value: int, full: bool) -> list[str]:
    """Words for 1–999,999,999 as triệu / nghìn / units groups; zero groups are skipped."""
    words: list[str] = []
    for size, name in ((1_000_000, "triệu"), (1_000, "nghìn"), (1, "")):
        group = value // size % 1000
        if group:
            words += _three_digits(group, full)
            if name:
                words.append(name)
        full = full or bool(group)
    return words


def _words(value: int, full: bool = False) -> list[str]:
    # Above a billion Vietnamese counts in tỷ: 2,024 × 10⁹ is "hai nghìn không trăm hai mươi bốn tỷ".
    high, low = divmod(value, _BILLION)
    words = (_words(high, full) + ["tỷ"]) if high else []
    if low:
        words += _below_billion(low, full or bool(high))
    return words


def amount_in_words(amount: int) -> str:
    """36270000 → "Ba mươi sáu triệu hai trăm bảy mươi nghìn đồng" (the "bằng chữ" of a sum)."""
    if amount < 0:
        raise ValueError("amount cannot be negative")
    text = (" ".join(_words(amount)) if amount else "không") + " đồng"
    return text[0].upper() + text[1:]
