"""The README stays true: its workflow diagram is the one the transition table draws."""
from pathlib import Path

from app.workflow.diagram import mermaid


def test_readme_diagram_matches_the_transition_table():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert mermaid().strip() in readme, "run `flask workflow diagram` and paste it into the README"


def test_workflow_diagram_command_prints_every_action(app):
    result = app.test_cli_runner().invoke(args=["workflow", "diagram"])
    assert result.exit_code == 0
    for action in ("submit", "approve", "endorse", "accept", "forward", "record_vote", "issue_decision",
                   "forward_central", "record_central", "resubmit", "request_supplement", "close_notice"):
        assert f": {action} (" in result.output
