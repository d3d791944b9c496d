"""CASE.json: a hypothetical nominee, its history and the proposal, read into ``facts.Case``.

    {"nominee": {"kind": "individual", "name": "Nguyễn Văn An", "birth_year": 1980},
     "history": [
       {"year": 2023, "award": "cstd_co_so", "decision": "QĐ số 12/QĐ-SKHCN"},
       {"year": 2024, "rating": "htxs"},
       {"year": 2024, "award": "bang_khen_tinh", "campaign_kind": "thematic"},
       {"initiative": "SK-01", "year": 2024, "scope": "unit", "used_for": {"award": "cstd_co_so", "year": 2024}},
       {"discipline": "under_review", "since": "2025-03-01", "until": "2025-09-30"},
       {"cluster_rank": 1, "year": 2025, "locked": true, "cluster": "Khối các sở"},
       {"members": {"year": 2025, "total": 40, "completed": 40, "ldtt": 29, "cstd_co_so": 1}},
       {"proposal": {"award": "bang_khen_tinh", "year": 2025}}
     ],
     "proposal": {"award": "bang_khen_tinh", "year": 2025, "date": "2025-12-15"}}

Each history entry is one kind, named by its key: award, rating, initiative, discipline, cluster_rank,
members, proposal (another pending proposal of the same nominee). ``rating`` is htxs, htt, ht or kht;
``scope`` unit, province or national; ``campaign_kind`` yearly (the default), mid_term, final, thematic or
ad_hoc; ``discipline`` under_review or disciplined; dates are ISO (YYYY-MM-DD). The proposal's ``date``
chooses the rule set (default: 31 December of its year). Unknown keys are refused, so a typo is never
silently ignored; award codes must be the catalogue's.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date
from enum import Enum
from typing import Any, TypeVar

from app.eligibility.facts import (
    AwardFact,
    Case,
    ClusterRankFact,
    DisciplineFact,
    History,
    InitiativeFact,
    MembersFact,
    Nominee,
    ProposalFact,
    RatingFact,
    Use,
)
from app.models import CampaignKind, DisciplineStatus, NomineeKind, Rating, Scope

YEAR_MIN, YEAR_MAX = 1945, 2200
ENTRY_KINDS = ("award", "rating", "initiative", "discipline", "cluster_rank", "members", "proposal")
E = TypeVar("E", bound=Enum)


class CaseError(ValueError):
    """The file does not describe a case; the message says where and what is wrong."""


class _Object:
    """One JSON object being read, with its place in the file for messages."""

    def __init__(self, value: object, where: str, allowed: Iterable[str]):
        if not isinstance(value, dict):
            raise CaseError(f"{where}: expected an object {{...}}, got {_shown(value)}")
        extra = sorted(set(value) - set(allowed))
        if extra:
            raise CaseError(f"{where}: unknown key {', '.join(map(repr, extra))} "
                            f"(allowed: {', '.join(allowed)})")
        self.value: dict[str, Any] = value
        self.where = where

    def fail(self, key: str, message: str) -> CaseError:
        return CaseError(f"{self.where}.{key}: {message}")

    def required(self, key: str) -> Any:
        if key not in self.value:
            raise self.fail(key, "missing")
        return self.value[key]

    def year(self, key: str = "year") -> int:
        value = self.required(key)
        if isinstance(value, bool) or not isinstance(value, int) or not YEAR_MIN <= value <= YEAR_MAX:
            raise self.fail(key, f"expected a year from {YEAR_MIN} to {YEAR_MAX}, got {_shown(value)}")
        return value

    def integer(self, key: str, low: int) -> int:
        value = self.required(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise self.fail(key, f"expected a whole number of at least {low}, got {_shown(value)}")
        return value

    def text(self, key: str, default: str | None = None) -> str:
        if key not in self.value and default is not None:
            return default
        value = self.required(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"expected a non-empty string, got {_shown(value)}")
        return value.strip()

    def choice(self, key: str, enum_cls: type[E], default: E | None = None) -> E:
        if key not in self.value and default is not None:
            return default
        value = self.required(key)
        allowed = [m.value for m in enum_cls]
        if value not in allowed:
            raise self.fail(key, f"expected one of {', '.join(allowed)}, got {_shown(value)}")
        return enum_cls(value)

    def day(self, key: str, optional: bool = False) -> date | None:
        if optional and self.value.get(key) is None:
            return None
        value = self.required(key)
        try:
            parsed = date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            parsed = None
        if parsed is None or not YEAR_MIN <= parsed.year <= YEAR_MAX:
            raise self.fail(key, f"expected a date as YYYY-MM-DD, got {_shown(value)}")
        return parsed

    def boolean(self, key: str, default: bool) -> bool:
        value = self.value.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, f"expected true or false, got {_shown(value)}")
        return value


def _shown(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


class _Reader:
    def __init__(self, award_codes: Iterable[str] | None):
        self.codes = None if award_codes is None else frozenset(award_codes)

    def award(self, obj: _Object, key: str = "award") -> str:
        code = obj.text(key)
        if self.codes is not None and code not in self.codes:
            raise obj.fail(key, f"{code!r} is not an award code of the catalogue "
                                f"(known: {', '.join(sorted(self.codes))})")
        return code

    def nominee(self, value: object) -> Nominee:
        obj = _Object(value, "nominee", ("kind", "name", "birth_year"))
        birth_year = obj.year("birth_year") if obj.value.get("birth_year") is not None else None
        return Nominee(kind=obj.choice("kind", NomineeKind), name=obj.text("name", default=""), birth_year=birth_year)

    def proposal(self, value: object, where: str, with_date: bool) -> ProposalFact:
        allowed = ("award", "year", "campaign_kind") + (("date",) if with_date else ())
        obj = _Object(value, where, allowed)
        return ProposalFact(award=self.award(obj), year=obj.year(),
                            campaign_kind=obj.choice("campaign_kind", CampaignKind, CampaignKind.YEARLY),
                            day=obj.day("date", optional=True) if with_date else None)

    def entry(self, value: object, where: str) -> tuple[str, object]:
        if not isinstance(value, dict):
            raise CaseError(f"{where}: expected an object {{...}}, got {_shown(value)}")
        kinds = [k for k in ENTRY_KINDS if k in value]
        if len(kinds) != 1:
            raise CaseError(f"{where}: an entry has exactly one of the keys {', '.join(ENTRY_KINDS)}"
                            + (f" (found {', '.join(kinds)})" if kinds else ""))
        kind = kinds[0]
        where = f"{where} ({kind})"
        readers: dict[str, Callable[[Any, str], object]] = {
            "award": self._award_fact, "rating": self._rating, "initiative": self._initiative,
            "discipline": self._discipline, "cluster_rank": self._cluster_rank, "members": self._members,
            "proposal": lambda v, w: self.proposal(v["proposal"], f"{w}.proposal", with_date=False),
        }
        if kind == "proposal":
            _Object(value, where, ("proposal",))
        return kind, readers[kind](value, where)

    def _award_fact(self, value: Any, where: str) -> AwardFact:
        obj = _Object(value, where, ("award", "year", "campaign_kind", "decision"))
        return AwardFact(award=self.award(obj), year=obj.year(),
                         campaign_kind=obj.choice("campaign_kind", CampaignKind, CampaignKind.YEARLY),
                         decision=obj.text("decision", default=""))

    def _rating(self, value: Any, where: str) -> RatingFact:
        obj = _Object(value, where, ("rating", "year"))
        return RatingFact(year=obj.year(), rating=obj.choice("rating", Rating))

    def _initiative(self, value: Any, where: str) -> InitiativeFact:
        obj = _Object(value, where, ("initiative", "year", "scope", "used_for", "document"))
        used = None
        if obj.value.get("used_for") is not None:
            use = _Object(obj.value["used_for"], f"{where}.used_for", ("award", "year"))
            used = Use(award=self.award(use), year=use.year())
        return InitiativeFact(code=obj.text("initiative"), year=obj.year(), scope=obj.choice("scope", Scope),
                              used_for=used, document=obj.text("document", default=""))

    def _discipline(self, value: Any, where: str) -> DisciplineFact:
        obj = _Object(value, where, ("discipline", "since", "until"))
        since, until = obj.day("since"), obj.day("until", optional=True)
        assert since is not None
        if until is not None and until < since:
            raise obj.fail("until", "is before since")
        return DisciplineFact(status=obj.choice("discipline", DisciplineStatus), since=since, until=until)

    def _cluster_rank(self, value: Any, where: str) -> ClusterRankFact:
        obj = _Object(value, where, ("cluster_rank", "year", "locked", "cluster"))
        return ClusterRankFact(year=obj.year(), rank=obj.integer("cluster_rank", 1),
                               locked=obj.boolean("locked", False), cluster=obj.text("cluster", default=""))

    def _members(self, value: Any, where: str) -> MembersFact:
        _Object(value, where, ("members",))
        obj = _Object(value["members"], f"{where}.members", ("year", "total", "completed", "ldtt", "cstd_co_so"))
        total = obj.integer("total", 1)
        counts = {key: obj.integer(key, 0) for key in ("completed", "ldtt", "cstd_co_so")}
        for key, count in counts.items():
            if count > total:
                raise obj.fail(key, f"{count} is more than total ({total})")
        return MembersFact(year=obj.year(), total=total, **counts)


def parse_case(data: object, award_codes: Iterable[str] | None = None) -> Case:
    """The case a decoded CASE.json describes; ``CaseError`` naming the first problem. Award codes are
    checked against ``award_codes`` when given (the catalogue)."""
    reader = _Reader(award_codes)
    top = _Object(data, "case", ("nominee", "history", "proposal"))
    nominee = reader.nominee(top.required("nominee"))
    proposal = reader.proposal(top.required("proposal"), "proposal", with_date=True)
    entries = top.value.get("history", [])
    if not isinstance(entries, list):
        raise CaseError(f"history: expected a list [...], got {_shown(entries)}")
    found: dict[str, list] = {kind: [] for kind in ENTRY_KINDS}
    for index, value in enumerate(entries):
        kind, fact = reader.entry(value, f"history[{index}]")
        found[kind].append(fact)
    history = History(
        awards=tuple(found["award"]), ratings=tuple(found["rating"]), initiatives=tuple(found["initiative"]),
        disciplines=tuple(found["discipline"]), cluster_ranks=tuple(found["cluster_rank"]),
        members=tuple(found["members"]), pending=tuple(found["proposal"]),
    )
    ratings_by_year: dict[int, Rating] = {}
    for rating in history.ratings:
        if ratings_by_year.setdefault(rating.year, rating.rating) is not rating.rating:
            raise CaseError(f"history: two different ratings for {rating.year}")
    return Case(nominee=nominee, proposal=proposal, history=history)


def load_case(text: str, award_codes: Iterable[str] | None = None) -> Case:
    """Decode CASE.json text and read the case; ``CaseError`` for bad JSON too."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise CaseError(f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}") from None
    return parse_case(data, award_codes)
