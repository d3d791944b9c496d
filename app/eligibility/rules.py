"""The rule kinds, each implemented once: how its parameters are checked and how it judges a case.

A rule row (``EligibilityRule``) is data: a kind and its parameters as JSON. Each kind here has

- a parameter reader (``read``) that turns the JSON into typed parameters or raises ``ParamsError`` with a
  message for the administrator (the same reader runs when a rule is saved and when it is evaluated);
- a check (``check``) that judges the case's facts and returns a ``Finding``: a verdict and one reason in
  plain Vietnamese naming the years and documents.

Adding a rule kind: a member of ``RuleKind`` (app/models/eligibility.py, with a migration rebuilding the
CHECK of ``eligibility_rule.kind``), a parameters dataclass, its reader and its check below, and one entry
in ``KINDS``; its tests in tests/test_eligibility_rules.py.

Years: a rule looks back from the proposal's year P. A year "is known" when the history has the nominee's
rating for it, a merit award in it, or (for a collective) its member figures; a needed year that is not
known makes the verdict ``needs_evidence``, a known year that falls short makes it ``not_eligible``.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, TypeVar

from flask_babel import lazy_gettext as _l

from app.eligibility import wording as vi
from app.eligibility.facts import AwardFact, Case
from app.models import CampaignKind, DisciplineStatus, NomineeKind, Rating, RuleKind, Scope, Verdict

MAX_YEARS = 30
MEMBER_FIELDS = ("completed", "ldtt", "cstd_co_so")


class ParamsError(ValueError):
    """Parameters that do not fit their rule kind; ``message`` is shown beside the parameters field."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Finding:
    verdict: Verdict
    reason: str


class Context:
    """The case with the lookups every check needs, and the catalogue's award names."""

    def __init__(self, case: Case, names: Mapping[str, str]):
        self.case = case
        self.names = names
        self.year = case.proposal.year
        history = case.history
        self._ratings = {r.year: r.rating for r in history.ratings}
        self._member_years = {m.year for m in history.members}

    def name(self, code: str) -> str:
        return self.names.get(code, code)

    def names_of(self, codes: Iterable[str]) -> str:
        return vi.one_of(self.name(c) for c in codes)

    def rating(self, year: int) -> Rating | None:
        return self._ratings.get(year)

    def awards(self, codes: Iterable[str], kinds: frozenset[CampaignKind] | None = None) -> list[AwardFact]:
        wanted = set(codes)
        return [a for a in self.case.history.awards
                if a.award in wanted and (kinds is None or a.campaign_kind in kinds)]

    def counted(self, kinds: frozenset[CampaignKind] | None) -> frozenset[CampaignKind]:
        """A rule's own campaign kinds, or by default those that count toward streaks for this case."""
        return kinds if kinds is not None else self.case.merit_kinds

    def year_known(self, year: int) -> bool:
        if year in self._ratings or year in self._member_years:
            return True
        return any(a.year == year and a.campaign_kind in self.case.merit_kinds for a in self.case.history.awards)


# --- reading parameters -------------------------------------------------------------------------------

E = TypeVar("E", bound=Enum)


class _Reader:
    """Reads one rule's JSON parameters; every getter names the parameter in its error."""

    def __init__(self, raw: object, known_awards: frozenset[str] | None):
        if not isinstance(raw, dict):
            raise ParamsError(_l("The parameters must be a JSON object, for example {\"count\": 2}."))
        self.raw: dict[str, Any] = raw
        self.known = known_awards
        self.seen: set[str] = set()

    def _get(self, name: str) -> Any:
        self.seen.add(name)
        return self.raw.get(name)

    def optional(self, name: str) -> Any:
        return self._get(name)

    def has(self, name: str) -> bool:
        return name in self.raw

    def integer(self, name: str, low: int, high: int, default: int | None = None) -> int:
        value = self._get(name)
        if value is None and default is not None:
            return default
        return self.integer_value(name, value, low, high)

    def integer_value(self, name: str, value: object, low: int, high: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ParamsError(_l("%(name)s: enter a whole number from %(low)s to %(high)s.",
                                 name=name, low=low, high=high))
        return value

    def share(self, name: str, value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise ParamsError(_l("%(name)s: a share is a number from 0 to 1 (0.7 for 70%%).", name=name))
        return float(value)

    def codes(self, name: str) -> tuple[str, ...]:
        value = self._get(name)
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
            raise ParamsError(_l("%(name)s: give a list of award codes, for example [\"cstd_co_so\"].", name=name))
        if self.known is not None:
            unknown = [v for v in value if v not in self.known]
            if unknown:
                raise ParamsError(_l("%(name)s: %(codes)s is not an award code of the catalogue.",
                                     name=name, codes=", ".join(unknown)))
        return tuple(dict.fromkeys(value))

    def members(self, name: str, enum_cls: type[E], default: Iterable[E] | None = None) -> tuple[E, ...]:
        value = self._get(name)
        if value is None and default is not None:
            return tuple(default)
        allowed = [m.value for m in enum_cls]
        if not isinstance(value, list) or not value or not all(v in allowed for v in value):
            raise ParamsError(_l("%(name)s: give a list of values among %(values)s.",
                                 name=name, values=", ".join(allowed)))
        return tuple(enum_cls(v) for v in dict.fromkeys(value))

    def member(self, name: str, enum_cls: type[E], default: E) -> E:
        value = self._get(name)
        if value is None:
            return default
        allowed = [m.value for m in enum_cls]
        if value not in allowed:
            raise ParamsError(_l("%(name)s: choose one of %(values)s.", name=name, values=", ".join(allowed)))
        return enum_cls(value)

    def campaign_kinds(self) -> frozenset[CampaignKind] | None:
        """The rule's own kinds, or None: the kinds that count toward streaks (Case.merit_kinds)."""
        if not self.has("campaign_kinds"):
            return None
        return frozenset(self.members("campaign_kinds", CampaignKind))

    def titles_or_ratings(self) -> tuple[tuple[str, ...], tuple[Rating, ...]]:
        if self.has("titles") == self.has("ratings"):
            raise ParamsError(_l("Give either titles (award codes) or ratings (htxs, htt, ht, kht), not both."))
        if self.has("titles"):
            return self.codes("titles"), ()
        return (), self.members("ratings", Rating)

    def done(self) -> None:
        extra = sorted(set(self.raw) - self.seen)
        if extra:
            raise ParamsError(_l("Unknown parameter %(names)s; this kind of rule reads %(known)s.",
                                 names=", ".join(extra), known=", ".join(sorted(self.seen)) or "—"))


# --- the kinds ------------------------------------------------------------------------------------------

def _what(ctx: Context, titles: tuple[str, ...], ratings: tuple[Rating, ...]) -> str:
    return ctx.names_of(titles) if titles else vi.ratings(ratings)


def _decisions(facts: Iterable[AwardFact]) -> str:
    found = [f"{f.year}: {f.decision}" for f in sorted(facts, key=lambda f: f.year) if f.decision]
    return f" ({'; '.join(found)})" if found else ""


def _year_check(ctx: Context, year: int, titles: tuple[str, ...], ratings: tuple[Rating, ...],
                kinds: frozenset[CampaignKind]) -> tuple[str, str | None]:
    """('ok' | 'short' | 'unknown', the problem in words) for one needed year."""
    if titles:
        if any(a.year == year for a in ctx.awards(titles, kinds)):
            return "ok", None
        excluded = [a for a in ctx.awards(titles) if a.year == year]
        if excluded:
            a = excluded[0]
            return "short", (f"Thiếu năm {year}: {ctx.name(a.award)} năm {year} là khen "
                             f"{vi.CAMPAIGN[a.campaign_kind]}, không tính")
        rating = ctx.rating(year)
        if rating is not None:
            return "short", f"Thiếu năm {year}: chỉ {vi.RATING[rating]}"
        if ctx.year_known(year):
            return "short", f"Thiếu năm {year}: không có {ctx.names_of(titles)}"
        return "unknown", f"chưa có dữ liệu năm {year} (quyết định công nhận {ctx.names_of(titles)})"
    rating = ctx.rating(year)
    if rating is None:
        return "unknown", f"chưa có dữ liệu năm {year} ({vi.DOC_RATING})"
    if rating in ratings:
        return "ok", None
    return "short", f"Thiếu năm {year}: chỉ {vi.RATING[rating]}"


def _judged(requirement: str, statuses: list[tuple[str, str | None]], ok_text: str) -> Finding:
    short = [text for status, text in statuses if status == "short" and text]
    unknown = [text for status, text in statuses if status == "unknown" and text]
    if not short and not unknown:
        return Finding(Verdict.ELIGIBLE, f"{requirement}: {ok_text}.")
    verdict = Verdict.NOT_ELIGIBLE if short else Verdict.NEEDS_EVIDENCE
    return Finding(verdict, f"{requirement}: {'; '.join(short + unknown)}.")


@dataclass(frozen=True)
class Consecutive:
    count: int
    titles: tuple[str, ...] = ()
    ratings: tuple[Rating, ...] = ()
    cycle: int = 1  # years between two titles of the streak (3 for Chiến sĩ thi đua cấp tỉnh)
    last_year_offset: int = 0  # the streak ends at the proposal's year minus this
    campaign_kinds: frozenset[CampaignKind] | None = None  # None: the kinds that count (Case.merit_kinds)


def _read_consecutive(r: _Reader) -> Consecutive:
    titles, ratings = r.titles_or_ratings()
    return Consecutive(count=r.integer("count", 1, MAX_YEARS), titles=titles, ratings=ratings,
                       cycle=r.integer("cycle", 1, 10, default=1),
                       last_year_offset=r.integer("last_year_offset", 0, 10, default=0),
                       campaign_kinds=r.campaign_kinds())


def _check_consecutive(ctx: Context, p: Consecutive) -> Finding:
    last = ctx.year - p.last_year_offset
    needed = [last - i * p.cycle for i in range(p.count)][::-1]
    what = _what(ctx, p.titles, p.ratings)
    if p.cycle == 1:
        requirement = f"{p.count} năm liên tục {what} ({vi.year_span(needed[0], needed[-1])})"
    else:
        requirement = f"{p.count} lần liên tục {what}, mỗi lần cách {p.cycle} năm ({vi.years(needed)})"
    statuses = [_year_check(ctx, y, p.titles, p.ratings, ctx.counted(p.campaign_kinds)) for y in needed]
    proof = _decisions(a for a in ctx.awards(p.titles, ctx.counted(p.campaign_kinds)) if a.year in needed)
    return _judged(requirement, statuses, "đạt" + proof)


@dataclass(frozen=True)
class WindowCount:
    after: tuple[str, ...]  # the previous award the window follows
    window: int  # the window: this many years after it, ending at the proposal's year
    count: int  # at least this many years with one of the titles (or ratings) inside the window
    titles: tuple[str, ...] = ()
    ratings: tuple[Rating, ...] = ()
    campaign_kinds: frozenset[CampaignKind] | None = None  # None: the kinds that count (Case.merit_kinds)


def _read_window(r: _Reader) -> WindowCount:
    after = r.codes("after")
    window = r.integer("window", 1, MAX_YEARS)
    count = r.integer("count", 1, MAX_YEARS)
    if count > window:
        raise ParamsError(_l("count: at most the window (%(window)s years).", window=window))
    titles, ratings = r.titles_or_ratings()
    return WindowCount(after=after, window=window, count=count, titles=titles, ratings=ratings,
                       campaign_kinds=r.campaign_kinds())


def _check_window(ctx: Context, p: WindowCount) -> Finding:
    base_name = ctx.names_of(p.after)
    bases = [a for a in ctx.awards(p.after, ctx.counted(p.campaign_kinds)) if a.year < ctx.year]
    what = _what(ctx, p.titles, p.ratings)
    if not bases:
        excluded = [a for a in ctx.awards(p.after) if a.year < ctx.year]
        note = "".join(f"; {ctx.name(a.award)} năm {a.year} là khen {vi.CAMPAIGN[a.campaign_kind]}, không tính"
                       for a in sorted(excluded, key=lambda a: a.year))
        return Finding(Verdict.NOT_ELIGIBLE, f"Cần có {base_name} trước năm {ctx.year}, rồi ít nhất {p.count} lần "
                                             f"{what} trong {p.window} năm tiếp theo: chưa có {base_name}{note}.")
    base = max(bases, key=lambda a: a.year)
    first = ctx.year - p.window + 1
    requirement = (f"Sau {ctx.name(base.award)} năm {base.year}{_decisions([base])}: ít nhất {p.count} lần {what} "
                   f"trong {p.window} năm {vi.year_span(first, ctx.year)}")
    if ctx.year - base.year < p.window:
        return Finding(Verdict.NOT_ELIGIBLE,
                       f"Sau {ctx.name(base.award)} năm {base.year}: mới {ctx.year - base.year} năm đến năm "
                       f"{ctx.year}, cần đủ {p.window} năm (xét từ năm {base.year + p.window}).")
    kinds = ctx.counted(p.campaign_kinds)
    statuses = {y: _year_check(ctx, y, p.titles, p.ratings, kinds) for y in range(first, ctx.year + 1)}
    hits = [y for y, (status, _) in statuses.items() if status == "ok"]
    unknown = [y for y, (status, _) in statuses.items() if status == "unknown"]
    if len(hits) >= p.count:
        return Finding(Verdict.ELIGIBLE, f"{requirement}: đạt {len(hits)} lần ({vi.years(hits)}).")
    have = f"{len(hits)} lần ({vi.years(hits)})" if hits else "chưa lần nào"
    if len(hits) + len(unknown) >= p.count:
        doc = vi.DOC_RATING if p.ratings else f"quyết định công nhận {what}"
        return Finding(Verdict.NEEDS_EVIDENCE,
                       f"{requirement}: mới có {have}; chưa có dữ liệu năm {vi.years(unknown)} ({doc}).")
    return Finding(Verdict.NOT_ELIGIBLE, f"{requirement}: chỉ có {have}.")


@dataclass(frozen=True)
class Initiatives:
    count: int
    scope: Scope = Scope.UNIT  # the narrowest scope of effect that counts
    years: int = 1  # initiatives recognised in this many years up to the proposal's year


def _read_initiatives(r: _Reader) -> Initiatives:
    return Initiatives(count=r.integer("count", 1, 20), scope=r.member("scope", Scope, Scope.UNIT),
                       years=r.integer("years", 1, MAX_YEARS, default=1))


def _check_initiatives(ctx: Context, p: Initiatives) -> Finding:
    first = ctx.year - p.years + 1
    proposal = ctx.case.proposal
    requirement = (f"Ít nhất {p.count} sáng kiến có phạm vi ảnh hưởng {vi.SCOPE[p.scope]} trở lên "
                   f"trong {'năm ' if p.years == 1 else ''}{vi.year_span(first, ctx.year)}, "
                   f"mỗi sáng kiến chỉ dùng cho một danh hiệu")
    counted, notes = [], []
    for item in sorted(ctx.case.history.initiatives, key=lambda i: (i.year, i.code)):
        if not first <= item.year <= ctx.year:
            continue
        used = item.used_for
        if used is not None and (used.award, used.year) != (proposal.award, proposal.year):
            notes.append(f"{item.code} đã dùng cho {ctx.name(used.award)} năm {used.year}")
        elif item.scope.rank < p.scope.rank:
            notes.append(f"{item.code} chỉ có phạm vi {vi.SCOPE[item.scope]}")
        else:
            counted.append(item.code + (f" ({item.document})" if item.document else ""))
    note = f"; không tính {'; '.join(notes)}" if notes else ""
    if len(counted) >= p.count:
        return Finding(Verdict.ELIGIBLE, f"{requirement}: đạt ({', '.join(counted)}){note}.")
    have = f" ({', '.join(counted)})" if counted else ""
    return Finding(Verdict.NOT_ELIGIBLE, f"{requirement}: có {len(counted)}/{p.count}{have}{note}; "
                                         f"cần {vi.DOC_INITIATIVE}.")


@dataclass(frozen=True)
class MemberShare:
    min_share: Mapping[str, float] = field(default_factory=dict)  # at least this share of members
    over_share: Mapping[str, float] = field(default_factory=dict)  # more than this share
    min_count: Mapping[str, int] = field(default_factory=dict)  # at least this many members


def _read_member_share(r: _Reader) -> MemberShare:
    parts: dict[str, dict] = {}
    for name in ("min_share", "over_share", "min_count"):
        value = r.optional(name)
        if value is None:
            continue
        if not isinstance(value, dict) or not value or not set(value) <= set(MEMBER_FIELDS):
            raise ParamsError(_l("%(name)s: an object whose keys are among %(fields)s, for example "
                                 "{\"ldtt\": 0.7}.", name=name, fields=", ".join(MEMBER_FIELDS)))
        if name == "min_count":
            parts[name] = {k: r.integer_value(f"{name}.{k}", v, 0, 100000) for k, v in value.items()}
        else:
            parts[name] = {k: r.share(f"{name}.{k}", v) for k, v in value.items()}
    if not parts:
        raise ParamsError(_l("Give at least one of min_share, over_share, min_count."))
    return MemberShare(**parts)


def _check_member_share(ctx: Context, p: MemberShare) -> Finding:
    if ctx.case.nominee.kind is not NomineeKind.COLLECTIVE:
        return Finding(Verdict.ELIGIBLE, "Tỷ lệ cá nhân trong tập thể: không áp dụng (đối tượng không phải tập thể).")
    requirement = f"Tỷ lệ cá nhân trong tập thể năm {ctx.year}"
    stats = next((m for m in ctx.case.history.members if m.year == ctx.year), None)
    if stats is None:
        return Finding(Verdict.NEEDS_EVIDENCE, f"{requirement}: chưa có số liệu năm {ctx.year} ({vi.DOC_MEMBERS}).")
    parts, short = [], []
    for name, need in p.min_share.items():
        value, ok = stats.value(name), stats.value(name) >= need * stats.total - 1e-9
        parts.append(f"{value}/{stats.total} {vi.MEMBER_FIELD[name]} ({vi.percent(value / stats.total)}, "
                     f"cần từ {vi.percent(need)})")
        short += [] if ok else [parts[-1]]
    for name, need in p.over_share.items():
        value, ok = stats.value(name), stats.value(name) > need * stats.total + 1e-9
        parts.append(f"{value}/{stats.total} {vi.MEMBER_FIELD[name]} ({vi.percent(value / stats.total)}, "
                     f"cần trên {vi.percent(need)})")
        short += [] if ok else [parts[-1]]
    for name, least in p.min_count.items():
        value = stats.value(name)
        parts.append(f"{value} cá nhân {vi.MEMBER_FIELD[name]} (cần ít nhất {least})")
        short += [] if value >= least else [parts[-1]]
    if short:
        return Finding(Verdict.NOT_ELIGIBLE, f"{requirement}: không đạt: {'; '.join(short)}.")
    return Finding(Verdict.ELIGIBLE, f"{requirement}: đạt: {'; '.join(parts)}.")


@dataclass(frozen=True)
class ClusterRank:
    max_rank: int = 1


def _read_cluster_rank(r: _Reader) -> ClusterRank:
    return ClusterRank(max_rank=r.integer("max_rank", 1, 20, default=1))


def _check_cluster_rank(ctx: Context, p: ClusterRank) -> Finding:
    place = "Dẫn đầu" if p.max_rank == 1 else f"Xếp hạng từ 1 đến {p.max_rank} trong"
    requirement = f"{place} cụm, khối thi đua năm {ctx.year} (bảng xếp hạng đã khóa)"
    ranks = [r for r in ctx.case.history.cluster_ranks if r.year == ctx.year]
    if not ranks:
        return Finding(Verdict.NEEDS_EVIDENCE, f"{requirement}: chưa có kết quả xếp hạng ({vi.DOC_CLUSTER}).")
    locked = [r for r in ranks if r.locked]
    if not locked:
        best = min(ranks, key=lambda r: r.rank)
        where = f" {best.cluster}" if best.cluster else ""
        return Finding(Verdict.NEEDS_EVIDENCE, f"{requirement}: bảng xếp hạng{where} chưa khóa "
                                               f"(đang xếp thứ {best.rank}).")
    best = min(locked, key=lambda r: r.rank)
    if best.rank > p.max_rank:
        return Finding(Verdict.NOT_ELIGIBLE, f"{requirement}: xếp thứ {best.rank}.")
    return Finding(Verdict.ELIGIBLE, f"{requirement}: xếp thứ {best.rank}, đạt.")


@dataclass(frozen=True)
class NoParams:
    pass


def _read_nothing(r: _Reader) -> NoParams:
    return NoParams()


def _check_no_duplicate(ctx: Context, p: NoParams) -> Finding:
    proposal = ctx.case.proposal
    name, kind = ctx.name(proposal.award), vi.CAMPAIGN[proposal.campaign_kind]
    requirement = f"Không trùng đối tượng, hình thức và đợt xét ({name} năm {proposal.year}, {kind})"
    for other in ctx.case.history.pending:
        if (other.award, other.year, other.campaign_kind) == (proposal.award, proposal.year, proposal.campaign_kind):
            return Finding(Verdict.NOT_ELIGIBLE, f"{requirement}: đã có hồ sơ khác đề nghị {name} năm {proposal.year} "
                                                 f"đang được xét.")
    for got in ctx.awards([proposal.award], frozenset([proposal.campaign_kind])):
        if got.year == proposal.year:
            return Finding(Verdict.NOT_ELIGIBLE,
                           f"{requirement}: đã được tặng {name} năm {got.year}{_decisions([got])}.")
    return Finding(Verdict.ELIGIBLE, f"{requirement}: không có hồ sơ hay quyết định trùng.")


@dataclass(frozen=True)
class OneForm:
    forms: tuple[str, ...]  # the forms of commendation one achievement may earn only one of


def _read_one_form(r: _Reader) -> OneForm:
    return OneForm(forms=r.codes("forms"))


def _check_one_form(ctx: Context, p: OneForm) -> Finding:
    proposal = ctx.case.proposal
    kind = vi.CAMPAIGN[proposal.campaign_kind]
    requirement = f"Một thành tích chỉ được đề nghị một hình thức khen thưởng (năm {proposal.year}, {kind})"
    if proposal.award not in p.forms:
        return Finding(Verdict.ELIGIBLE, f"{requirement}: không áp dụng cho {ctx.name(proposal.award)}.")
    others = set(p.forms) - {proposal.award}
    got = [a for a in ctx.awards(others, frozenset([proposal.campaign_kind])) if a.year == proposal.year]
    if got:
        return Finding(Verdict.NOT_ELIGIBLE, f"{requirement}: đã được tặng {ctx.name(got[0].award)} "
                                             f"năm {proposal.year}{_decisions(got[:1])}.")
    pending = [o for o in ctx.case.history.pending
               if o.award in others and o.year == proposal.year and o.campaign_kind is proposal.campaign_kind]
    if pending:
        return Finding(Verdict.NOT_ELIGIBLE, f"{requirement}: đang có hồ sơ đề nghị {ctx.name(pending[0].award)} "
                                             f"cho cùng thành tích.")
    return Finding(Verdict.ELIGIBLE, f"{requirement}: chưa được tặng hay đề nghị hình thức khác.")


@dataclass(frozen=True)
class NoDiscipline:
    statuses: tuple[DisciplineStatus, ...] = tuple(DisciplineStatus)


def _read_no_discipline(r: _Reader) -> NoDiscipline:
    return NoDiscipline(statuses=r.members("statuses", DisciplineStatus, default=tuple(DisciplineStatus)))


def _check_no_discipline(ctx: Context, p: NoDiscipline) -> Finding:
    on = ctx.case.proposal.on
    active = [d for d in ctx.case.history.disciplines if d.status in p.statuses and d.in_force_on(on)]
    if active:
        d = min(active, key=lambda d: d.since)
        until = f" đến {vi.day(d.until)}" if d.until else ""
        wait = ("đến khi có kết luận" if d.status is DisciplineStatus.UNDER_REVIEW
                else "trong thời gian chịu kỷ luật")
        return Finding(Verdict.HOLD, f"{vi.DISCIPLINE[d.status]} từ {vi.day(d.since)}{until}: tạm dừng xét khen "
                                     f"thưởng {wait}.")
    return Finding(Verdict.ELIGIBLE, f"Không bị kỷ luật hay xem xét kỷ luật vào ngày {vi.day(on)}.")


@dataclass(frozen=True)
class Registered:
    year_offset: int = 0  # 0: the proposal's year; 1: the year before it


def _read_registered(r: _Reader) -> Registered:
    return Registered(year_offset=r.integer("year_offset", 0, 5, default=0))


def _check_registered(ctx: Context, p: Registered) -> Finding:
    year = ctx.year - p.year_offset
    requirement = f"Đăng ký thi đua năm {year}"
    if ctx.case.nominee.kind is not NomineeKind.COLLECTIVE:
        return Finding(Verdict.ELIGIBLE, f"{requirement}: không áp dụng cho cá nhân, hộ gia đình.")
    history = ctx.case.history
    if year not in history.registration_years:
        return Finding(Verdict.ELIGIBLE, f"{requirement}: năm {year} không có phong trào nhận đăng ký thi đua.")
    done = [r for r in history.registrations if r.year == year]
    if not done:
        return Finding(Verdict.NOT_ELIGIBLE, f"{requirement}: đơn vị chưa đăng ký thi đua năm {year} "
                                             f"nên không được đề nghị tặng {ctx.name(ctx.case.proposal.award)}.")
    first = done[0]
    on = f" ngày {vi.day(first.day)}" if first.day else ""
    return Finding(Verdict.ELIGIBLE, f"{requirement}: đã đăng ký phong trào {first.movement}{on}.")


@dataclass(frozen=True)
class KindSpec:
    read: Callable[[_Reader], Any]
    check: Callable[[Context, Any], Finding]
    help: Any  # what the parameters mean, for the administrator
    example: dict[str, Any]


KINDS: dict[RuleKind, KindSpec] = {
    RuleKind.CONSECUTIVE: KindSpec(
        _read_consecutive, _check_consecutive,
        _l("count: how many years (or cycles) in a row; titles: award codes, or ratings: htxs, htt, ht, kht; "
           "cycle: years between two titles of the streak (default 1; 3 for a title considered every 3 years); "
           "last_year_offset: the streak ends this many years before the proposal's year (default 0); "
           "campaign_kinds: which campaigns' titles count (default yearly, mid_term, final)."),
        {"count": 2, "titles": ["cstd_co_so"]}),
    RuleKind.WINDOW_COUNT: KindSpec(
        _read_window, _check_window,
        _l("after: award codes of the previous award; window: the years after it that are looked at, ending at "
           "the proposal's year (it must be at least that old); count: how many of those years need one of the "
           "titles (award codes) or ratings; campaign_kinds: as for consecutive years."),
        {"after": ["bang_khen_tinh"], "window": 5, "count": 3, "titles": ["cstd_co_so"]}),
    RuleKind.INITIATIVES: KindSpec(
        _read_initiatives, _check_initiatives,
        _l("count: how many initiatives; scope: the narrowest scope of effect that counts (unit, province, "
           "national); years: recognised in this many years up to the proposal's year (default 1). An initiative "
           "already used for another title does not count."),
        {"count": 1, "scope": "province", "years": 3}),
    RuleKind.MEMBER_SHARE: KindSpec(
        _read_member_share, _check_member_share,
        _l("For a collective, in the proposal's year. min_share: at least this share of members (0 to 1); "
           "over_share: more than this share; min_count: at least this many members. Keys: completed (completed "
           "their tasks), ldtt (Lao động tiên tiến), cstd_co_so (Chiến sĩ thi đua cơ sở)."),
        {"min_share": {"completed": 1, "ldtt": 0.7}, "min_count": {"cstd_co_so": 1}}),
    RuleKind.CLUSTER_RANK: KindSpec(
        _read_cluster_rank, _check_cluster_rank,
        _l("max_rank: the lowest rank that qualifies in the proposal year's locked cluster ranking (1: leading)."),
        {"max_rank": 1}),
    RuleKind.NO_DUPLICATE: KindSpec(
        _read_nothing, _check_no_duplicate,
        _l("No parameters: the same nominee may not be proposed twice for the same award in the same campaign."),
        {}),
    RuleKind.ONE_FORM_PER_YEAR: KindSpec(
        _read_one_form, _check_one_form,
        _l("forms: award codes of the forms of commendation one achievement may earn only one of in a year "
           "(same campaign kind)."),
        {"forms": ["giay_khen", "bang_khen_tinh", "bang_khen_ttg"]}),
    RuleKind.NO_DISCIPLINE: KindSpec(
        _read_no_discipline, _check_no_discipline,
        _l("statuses: which disciplinary statuses in force on the proposal's date put it on hold "
           "(under_review, disciplined; default both)."),
        {"statuses": ["under_review", "disciplined"]}),
    RuleKind.REGISTERED: KindSpec(
        _read_registered, _check_registered,
        _l("For a collective: it registered (đăng ký thi đua) for a movement in the proposal's year, when a "
           "published movement took registrations that year. year_offset: look at that many years before the "
           "proposal's year instead (default 0)."),
        {"year_offset": 0}),
}


def read_params(kind: RuleKind, raw: object, known_awards: Iterable[str] | None = None) -> Any:
    """Typed parameters of a rule of ``kind``; ``ParamsError`` when they do not fit. Award codes are checked
    against ``known_awards`` when given (the catalogue)."""
    reader = _Reader(raw, None if known_awards is None else frozenset(known_awards))
    params = KINDS[kind].read(reader)
    reader.done()
    return params


def check(kind: RuleKind, ctx: Context, params: Any) -> Finding:
    return KINDS[kind].check(ctx, params)
