"""The eligibility engine: a case's facts judged against an award's rules in force on the proposal's date.

Pure code over values: ``evaluate`` takes the case (``app/eligibility/facts.py``), the rules (``RuleSpec``,
built from ``EligibilityRule`` rows by ``app/eligibility/store.py`` or written by a test) and the catalogue
(award names and the kinds of nominee each award is for), and returns a ``Result``; it reads and writes
no database.

Choosing the rules: those of the proposed award valid on the proposal's date (``ProposalFact.on``) and for
the nominee's kind. Their rule set ("Nghị định 152/2025/NĐ-CP") is the ``rule`` of the result.

Combining: rules without an alternative label must all pass; rules sharing a label are one way to qualify,
and the best way counts. Worst first: hold, not_eligible, needs_evidence, eligible. An award with no rule
in force on the date cannot be judged: ``needs_evidence``, saying so.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.eligibility import rules as kinds
from app.eligibility import wording as vi
from app.eligibility.facts import Case
from app.models import NomineeKind, RuleKind, Verdict


@dataclass(frozen=True)
class RuleSpec:
    """One rule as the engine sees it (an ``EligibilityRule`` row, or a test's own)."""

    award: str
    kind: RuleKind
    params: Mapping[str, Any] = field(default_factory=dict)
    valid_from: date = date(1945, 1, 1)
    valid_to: date | None = None
    rule_set: str = ""
    nominee_kind: NomineeKind | None = None
    alternative: str = ""
    legal_basis: str = ""
    sort_order: int = 0
    id: int | None = None

    def applies(self, award: str, on: date, nominee: NomineeKind) -> bool:
        return (self.award == award and self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)
                and self.nominee_kind in (None, nominee))


@dataclass(frozen=True)
class Catalogue:
    """What the engine needs of the award catalogue: names (for reasons) and who each award is for."""

    names: Mapping[str, str] = field(default_factory=dict)
    nominee_kinds: Mapping[str, frozenset[NomineeKind]] = field(default_factory=dict)

    def name(self, code: str) -> str:
        return self.names.get(code, code)


@dataclass(frozen=True)
class Outcome:
    rule: RuleSpec | None  # None: the catalogue's own check (the award is not for this kind of nominee)
    verdict: Verdict
    reason: str


@dataclass(frozen=True)
class Result:
    verdict: Verdict
    rule_set: str
    outcomes: tuple[Outcome, ...]

    @property
    def reasons(self) -> list[str]:
        return [o.reason for o in self.outcomes]

    def as_json(self) -> dict[str, Any]:
        return {"verdict": self.verdict.value, "rule": self.rule_set, "reasons": self.reasons}


def worst(verdicts: Iterable[Verdict]) -> Verdict:
    return max(verdicts, key=lambda v: v.severity, default=Verdict.ELIGIBLE)


def rules_for(case: Case, rules: Iterable[RuleSpec]) -> list[RuleSpec]:
    proposal = case.proposal
    chosen = [r for r in rules if r.applies(proposal.award, proposal.on, case.nominee.kind)]
    return sorted(chosen, key=lambda r: (r.sort_order, r.id or 0))


def rule_set_label(award: str, chosen: Sequence[RuleSpec]) -> str:
    sets = list(dict.fromkeys(r.rule_set for r in chosen if r.rule_set))
    return f"{award} · {' + '.join(sets)}" if sets else award


def _judge(rule: RuleSpec, ctx: kinds.Context, known: frozenset[str] | None) -> Outcome:
    try:
        params = kinds.read_params(rule.kind, dict(rule.params), known)
    except kinds.ParamsError as error:
        # A row changed behind the admin screen's back: say so rather than guess.
        return Outcome(rule, Verdict.NEEDS_EVIDENCE,
                       f"Không kiểm tra được tiêu chuẩn “{rule.kind.value}”: tham số sai ({error}).")
    finding = kinds.check(rule.kind, ctx, params)
    prefix = f"Trường hợp {rule.alternative}: " if rule.alternative else ""
    return Outcome(rule, finding.verdict, prefix + finding.reason)


def evaluate(case: Case, rules: Iterable[RuleSpec], catalogue: Catalogue | None = None) -> Result:
    catalogue = catalogue or Catalogue()
    proposal, nominee = case.proposal, case.nominee
    chosen = rules_for(case, rules)
    label = rule_set_label(proposal.award, chosen)
    outcomes: list[Outcome] = []
    allowed = catalogue.nominee_kinds.get(proposal.award)
    if allowed is not None and nominee.kind not in allowed:
        outcomes.append(Outcome(None, Verdict.NOT_ELIGIBLE, f"{catalogue.name(proposal.award)} không tặng cho "
                                                            f"{vi.NOMINEE[nominee.kind]}."))
    if not chosen:
        outcomes.append(Outcome(None, Verdict.NEEDS_EVIDENCE,
                                f"Chưa có tiêu chuẩn nào của {catalogue.name(proposal.award)} áp dụng ngày "
                                f"{vi.day(proposal.on)} cho {vi.NOMINEE[nominee.kind]}: cần thẩm định thủ công."))
        return Result(worst(o.verdict for o in outcomes), label, tuple(outcomes))
    ctx = kinds.Context(case, catalogue.names)
    known = frozenset(catalogue.names) if catalogue.names else None
    judged = [_judge(rule, ctx, known) for rule in chosen]
    outcomes += judged
    common = [o.verdict for o in outcomes if o.rule is None or not o.rule.alternative]
    ways: dict[str, list[Verdict]] = {}
    for outcome in judged:
        if outcome.rule is not None and outcome.rule.alternative:
            ways.setdefault(outcome.rule.alternative, []).append(outcome.verdict)
    if ways:
        best_way = min((worst(v) for v in ways.values()), key=lambda v: v.severity)
        common.append(best_way)
    return Result(worst(common), label, tuple(outcomes))
