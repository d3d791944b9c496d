"""Render the transition table as a Mermaid state diagram (``flask workflow diagram``)."""
from app.models.states import FINAL_STATES, State
from app.workflow.transitions import TRANSITIONS

# Drawing "withdraw"/"hold" from every state would bury the main path; they get one note each.
_FROM_ANYWHERE = {"withdraw", "hold", "release"}


def mermaid() -> str:
    lines = ["stateDiagram-v2", "    [*] --> draft"]
    seen: set[tuple[str, str, str]] = set()
    for transition in TRANSITIONS:
        if transition.name in _FROM_ANYWHERE:
            continue
        roles = "/".join(sorted(role.value for role in transition.roles))
        for source in sorted(transition.sources, key=lambda s: list(State).index(s)):
            for target in transition.possible_targets:
                edge = (source.value, target.value, transition.name)
                if edge not in seen:
                    seen.add(edge)
                    lines.append(f"    {source.value} --> {target.value}: {transition.name} ({roles})")
    lines.append("    note right of withdrawn: withdraw (officer/unit_head) from any non-final state but draft")
    lines.append("    note right of on_hold: hold / release (appraiser) from any non-final state, back to where it was")
    for state in sorted(FINAL_STATES, key=lambda s: list(State).index(s)):
        lines.append(f"    {state.value} --> [*]")
    return "\n".join(lines) + "\n"
