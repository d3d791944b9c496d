"""Render the transition table as a Mermaid state diagram (``flask workflow diagram [--award CODE]``).

Without an award: every row. With one: the route of that award's authority level (DOMAIN.md §10b) — the rows
whose ``levels`` include it, the routed targets its settings lead to (through the cluster or not, with a
public notice or not), and only the states reachable from a draft.
"""
from types import SimpleNamespace

from app.models import Award, AwardLevel
from app.models.states import FINAL_STATES, State
from app.workflow.transitions import TRANSITIONS, Transition

# Drawing "withdraw"/"hold" from every state would bury the main path; they get one note each.
_FROM_ANYWHERE = {"withdraw", "hold", "release"}
# The rows whose guard admits only central awards, or only the others (guard_central, guard_provincial).
_CENTRAL_ONLY = {"forward_central", "record_central"}
_NOT_CENTRAL = {"issue_decision"}
# Left out of a unit-level award's route: the province revokes only what it decided (before the routes existed).
_NOT_UNIT = {"revoke_award"}


def _on_route(transition: Transition, award: Award | None) -> bool:
    if award is None:
        return True
    if award.level not in transition.levels or (award.level is AwardLevel.UNIT and transition.name in _NOT_UNIT):
        return False
    if transition.name in _CENTRAL_ONLY:
        return award.is_central
    return not (transition.name in _NOT_CENTRAL and award.is_central)


def _targets(transition: Transition, award: Award | None) -> tuple[State, ...]:
    """Where the row leads for this award: a routed row asks its own routing function (both vote outcomes)."""
    if award is None or not callable(transition.target):
        return transition.possible_targets
    dossier = SimpleNamespace(award=award, via_cluster=award.via_cluster, held_from_state=None)
    route = transition.target
    reached = {route(SimpleNamespace(dossier=dossier, payload={"approved": approved}))  # type: ignore[arg-type]
               for approved in (True, False)}
    return tuple(state for state in transition.possible_targets if state in reached)


def _edges(award: Award | None) -> list[tuple[State, State, Transition]]:
    edges: list[tuple[State, State, Transition]] = []
    for transition in TRANSITIONS:
        if transition.name in _FROM_ANYWHERE or not _on_route(transition, award):
            continue
        for source in sorted(transition.sources, key=lambda s: list(State).index(s)):
            edges.extend((source, target, transition) for target in _targets(transition, award))
    if award is None:
        return edges
    reachable, grown = {State.DRAFT}, True
    while grown:  # only what a draft of this award can reach
        before = len(reachable)
        reachable |= {target for source, target, _t in edges if source in reachable}
        grown = len(reachable) > before
    return [edge for edge in edges if edge[0] in reachable]


def mermaid(award: Award | None = None) -> str:
    lines = ["stateDiagram-v2"]
    if award is not None:
        lines.append(f"    %% {award.code}: {award.name} ({award.level.value})")
    lines.append("    [*] --> draft")
    seen: set[tuple[str, str, str]] = set()
    states: set[State] = {State.DRAFT}
    for source, target, transition in _edges(award):
        edge = (source.value, target.value, transition.name)
        if edge not in seen:
            seen.add(edge)
            states |= {source, target}
            roles = "/".join(sorted(role.value for role in transition.roles))
            lines.append(f"    {source.value} --> {target.value}: {transition.name} ({roles})")
    lines.append("    note right of withdrawn: withdraw (officer/unit_head) from any non-final state but draft")
    states.add(State.WITHDRAWN)
    if award is None or award.level is not AwardLevel.UNIT:  # the appraiser never sees a unit's own award
        lines.append("    note right of on_hold: hold / release (appraiser) from any non-final state, back to where it "
                     "was")
    shown = FINAL_STATES if award is None else FINAL_STATES & states
    for state in sorted(shown, key=lambda s: list(State).index(s)):
        lines.append(f"    {state.value} --> [*]")
    return "\n".join(lines) + "\n"
