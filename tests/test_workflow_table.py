"""The transition table is consistent: reachable states, no way out of final states, no ambiguity."""
from collections import Counter, deque

import pytest

from app.models import Role
from app.models.states import FINAL_STATES, State
from app.workflow.forms import FORMS
from app.workflow.transitions import ACTION_NAMES, EVENT_LABELS, TRANSITIONS, find_transition

NON_FINAL = [s for s in State if s not in FINAL_STATES]


def _reachable_from_draft() -> set[State]:
    seen, queue = {State.DRAFT}, deque([State.DRAFT])
    while queue:
        state = queue.popleft()
        for transition in TRANSITIONS:
            if state in transition.sources:
                for target in transition.possible_targets:
                    if target not in seen:
                        seen.add(target)
                        queue.append(target)
    return seen


def test_every_state_is_reachable_from_draft():
    assert set(State) - _reachable_from_draft() == set()


@pytest.mark.parametrize("state", sorted(FINAL_STATES, key=lambda s: s.value), ids=lambda s: s.value)
def test_final_states_have_no_way_out(state):
    # An award stands until an issued cancellation decision revokes it (app/decisions/amendments.py).
    way_out = ["revoke_award"] if state is State.AWARDED else []
    assert [t.name for t in TRANSITIONS if state in t.sources] == way_out


def test_the_final_states_are_awarded_not_approved_withdrawn():
    assert FINAL_STATES == {State.AWARDED, State.NOT_APPROVED, State.WITHDRAWN}


def test_no_dead_end_every_non_final_state_moves_forward():
    """Besides withdrawing or holding, each non-final state has an action that carries the dossier on."""
    stuck = [s for s in NON_FINAL if not {t.name for t in TRANSITIONS if s in t.sources} - {"withdraw", "hold"}]
    assert stuck == []


def test_every_action_and_from_state_pair_is_unique():
    pairs = Counter((t.name, s) for t in TRANSITIONS for s in t.sources)
    assert [pair for pair, n in pairs.items() if n > 1] == []


def _row_id(transition) -> str:
    return f"{transition.name}:{'/'.join(sorted(s.value for s in transition.sources))}"


@pytest.mark.parametrize("transition", TRANSITIONS, ids=_row_id)
def test_every_row_is_well_formed(transition):
    assert transition.sources and all(isinstance(s, State) for s in transition.sources)
    assert transition.possible_targets, "a routed action must list its possible targets"
    assert all(isinstance(s, State) for s in transition.possible_targets)
    assert transition.roles and all(isinstance(r, Role) for r in transition.roles)
    assert Role.ADMIN not in transition.roles, "administrators manage data, they do not act on dossiers"
    assert str(transition.label)
    assert transition.name in EVENT_LABELS
    # The row found for each of its sources is this row.
    for source in transition.sources:
        assert find_transition(transition.name, source) is transition
    # A row asking for extra fields has a form carrying them.
    for name in transition.fields:
        assert hasattr(FORMS[transition.name], name)


@pytest.mark.parametrize("action", ["return", "withdraw", "hold", "request_supplement", "forward", "resubmit"])
def test_actions_that_need_a_written_reason(action):
    rows = [t for t in TRANSITIONS if t.name == action]
    assert rows and all(t.comment_required for t in rows)


def test_returns_go_back_to_the_officer_from_each_reviewing_stage():
    rows = {next(iter(t.sources)): t for t in TRANSITIONS if t.name == "return"}
    assert set(rows) == {State.UNIT_REVIEW, State.CLUSTER_REVIEW, State.APPRAISAL}
    assert {s: t.roles for s, t in rows.items()} == {
        State.UNIT_REVIEW: {Role.UNIT_HEAD}, State.CLUSTER_REVIEW: {Role.CLUSTER_LEAD},
        State.APPRAISAL: {Role.APPRAISER},
    }
    assert all(t.target is State.RETURNED for t in rows.values())
    # And the officer takes it from there.
    assert find_transition("resubmit", State.RETURNED).roles == {Role.OFFICER}


def test_withdraw_works_after_the_draft_hold_from_every_non_final_state_and_release_goes_back():
    withdraw = [t for t in TRANSITIONS if t.name == "withdraw"]
    hold = [t for t in TRANSITIONS if t.name == "hold"]
    release = [t for t in TRANSITIONS if t.name == "release"]
    assert len(withdraw) == len(hold) == len(release) == 1
    assert withdraw[0].sources == set(NON_FINAL) - {State.DRAFT}  # a draft is deleted instead
    assert withdraw[0].roles == {Role.OFFICER, Role.UNIT_HEAD}
    assert hold[0].sources == set(NON_FINAL) - {State.ON_HOLD}
    assert release[0].sources == {State.ON_HOLD}
    # A released dossier can return to any state it can be held from, and nowhere else.
    assert set(release[0].possible_targets) == hold[0].sources


def test_every_action_name_is_known():
    assert set(ACTION_NAMES) == {t.name for t in TRANSITIONS}
    assert len(ACTION_NAMES) == len(set(ACTION_NAMES))


def test_flask_workflow_diagram_prints_every_state_and_action(app):
    if "workflow" not in app.cli.commands or "diagram" not in getattr(app.cli.commands["workflow"], "commands", {}):
        pytest.skip("flask workflow diagram is not there yet")
    result = app.test_cli_runner().invoke(args=["workflow", "diagram"])
    assert result.exit_code == 0, result.output
    text = result.output
    assert text.startswith("stateDiagram-v2")
    for state in State:
        assert state.value in text
    for action in ACTION_NAMES:
        assert action in text
    for state in FINAL_STATES:
        assert f"{state.value} --> [*]" in text
