"""``flask eligibility check CASE.json``: one JSON object on stdout and exit 0; a malformed file, a message on
stderr and exit 2; and nothing written either way. ``flask eligibility seed`` adds the rules once."""
import json
import re

import pytest
from sqlalchemy import func, select

from app.demo import catalogue as demo_catalogue
from app.demo.tally import Tally
from app.eligibility.seed import seed_rules
from app.extensions import db
from app.models import EligibilityRule

# The example of issue 8, as written there.
ISSUE_CASE = {
    "nominee": {"kind": "individual", "name": "Nguyễn Văn An", "birth_year": 1980},
    "history": [
        {"year": 2023, "award": "cstd_co_so"},
        {"year": 2024, "rating": "htxs"},
        {"year": 2024, "award": "bang_khen_tinh", "campaign_kind": "thematic"},
        {"initiative": "SK-01", "year": 2024, "scope": "unit", "used_for": {"award": "cstd_co_so", "year": 2024}},
        {"discipline": "under_review", "since": "2025-03-01"},
        {"cluster_rank": 1, "year": 2025, "locked": True},
        {"members": {"year": 2025, "total": 40, "completed": 40, "ldtt": 29, "cstd_co_so": 1}},
        {"proposal": {"award": "bang_khen_tinh", "year": 2025}},
    ],
    "proposal": {"award": "bang_khen_tinh", "year": 2025},
}
GOOD_CASE = {
    "nominee": {"kind": "individual", "name": "Trần Thị Bình"},
    "history": [{"year": 2024, "award": "cstd_co_so", "decision": "QĐ số 15/QĐ-SKHCN ngày 10/01/2025"},
                {"year": 2025, "award": "cstd_co_so"}],
    "proposal": {"award": "bang_khen_tinh", "year": 2025, "date": "2025-12-20"},
}


@pytest.fixture
def catalogue():
    tally = Tally()
    awards = demo_catalogue.load_awards(tally, demo_catalogue.load_attachment_types(tally))
    seed_rules(awards)
    db.session.commit()
    return awards


@pytest.fixture
def run(app, tmp_path):
    def invoke(case, *, raw: str | None = None):
        path = tmp_path / "CASE.json"
        path.write_text(raw if raw is not None else json.dumps(case, ensure_ascii=False), encoding="utf-8")
        return app.test_cli_runner().invoke(args=["eligibility", "check", str(path)])

    return invoke


def test_a_good_case_prints_one_json_object(catalogue, run):
    result = run(GOOD_CASE)
    assert result.exit_code == 0, result.stderr
    printed = json.loads(result.stdout)
    assert list(printed) == ["verdict", "rule", "reasons"]
    assert printed["verdict"] == "eligible"
    assert printed["rule"] == "bang_khen_tinh · Nghị định 152/2025/NĐ-CP"
    assert "Trường hợp a: 2 năm liên tục Chiến sĩ thi đua cơ sở (2024–2025): đạt (2024: QĐ số 15/QĐ-SKHCN ngày " \
           "10/01/2025)." in printed["reasons"]
    assert result.stdout.count("\n") == 1 and result.stderr == ""
    assert "Chiến sĩ" in result.stdout  # Vietnamese as such, not \u escapes


def test_the_issue_example_is_on_hold(catalogue, run):
    result = run(ISSUE_CASE)
    assert result.exit_code == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed["verdict"] == "hold"
    reasons = "\n".join(printed["reasons"])
    assert "Đang bị xem xét kỷ luật từ 01/03/2025" in reasons
    assert "đã có hồ sơ khác đề nghị Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh năm 2025" in reasons
    assert "SK-01 đã dùng cho Chiến sĩ thi đua cơ sở năm 2024" in reasons


def test_the_proposal_date_chooses_the_decree(catalogue, run):
    case = dict(GOOD_CASE, proposal={"award": "bang_khen_tinh", "year": 2025, "date": "2025-06-30"})
    assert json.loads(run(case).stdout)["rule"] == "bang_khen_tinh · Nghị định 98/2023/NĐ-CP"


MALFORMED = [
    ("not JSON", None, '{"nominee": ', "not valid JSON"),
    ("not an object", [1, 2], None, "case: expected an object"),
    ("no proposal", {"nominee": {"kind": "individual"}}, None, "proposal: missing"),
    ("unknown nominee kind", dict(GOOD_CASE, nominee={"kind": "person"}), None,
     "nominee.kind: expected one of individual, collective, household"),
    ("bad rating", dict(GOOD_CASE, history=[{"year": 2024, "rating": "excellent"}]), None,
     "history[0] (rating).rating: expected one of htxs, htt, ht, kht"),
    ("bad scope", dict(GOOD_CASE, history=[{"initiative": "SK", "year": 2024, "scope": "world"}]), None,
     "history[0] (initiative).scope: expected one of unit, province, national"),
    ("unknown award", dict(GOOD_CASE, history=[{"year": 2024, "award": "bang_khen_xyz"}]), None,
     "'bang_khen_xyz' is not an award code of the catalogue"),
    ("unknown proposed award", dict(GOOD_CASE, proposal={"award": "nope", "year": 2025}), None,
     "proposal.award: 'nope' is not an award code"),
    ("two kinds in one entry", dict(GOOD_CASE, history=[{"year": 2024, "award": "cstd_co_so", "rating": "htt"}]),
     None, "history[0]: an entry has exactly one of the keys"),
    ("a typo in a key", dict(GOOD_CASE, history=[{"year": 2024, "award": "cstd_co_so", "campain_kind": "yearly"}]),
     None, "unknown key 'campain_kind'"),
    ("a year as text", dict(GOOD_CASE, history=[{"year": "2024", "rating": "htt"}]), None,
     "history[0] (rating).year: expected a year from 1945 to 2200"),
    ("a bad date", dict(GOOD_CASE, history=[{"discipline": "under_review", "since": "01/03/2025"}]), None,
     "since: expected a date as YYYY-MM-DD"),
    ("more members than the total", dict(GOOD_CASE, history=[
        {"members": {"year": 2025, "total": 10, "completed": 11, "ldtt": 5, "cstd_co_so": 0}}]), None,
     "completed: 11 is more than total (10)"),
    ("two ratings for a year", dict(GOOD_CASE, history=[{"year": 2024, "rating": "htt"},
                                                        {"year": 2024, "rating": "ht"}]), None,
     "two different ratings for 2024"),
]


@pytest.mark.parametrize("name,case,raw,message", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_a_malformed_file_exits_2_with_a_message_on_stderr(catalogue, run, name, case, raw, message):
    result = run(case, raw=raw)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert re.match(r".*CASE\.json: ", result.stderr)


def test_a_missing_file_exits_2(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["eligibility", "check", str(tmp_path / "none.json")])
    assert result.exit_code == 2
    assert "no such file" in result.stderr


def test_checking_writes_nothing(catalogue, run, count_queries):
    before = db.session.scalar(select(func.count()).select_from(EligibilityRule))
    with count_queries() as queries:
        assert run(ISSUE_CASE).exit_code == 0
        assert run(GOOD_CASE).exit_code == 0
        assert run(None, raw="{").exit_code == 2
    writes = [s for s in queries.statements if re.match(r"\s*(INSERT|UPDATE|DELETE|CREATE|DROP|ALTER)", s, re.I)]
    assert writes == []
    assert 0 < queries.count <= 12  # four reads per check (rules, catalogue, kinds, movements' registration years)
    assert db.session.scalar(select(func.count()).select_from(EligibilityRule)) == before


def test_seed_command_adds_the_rules_once(app):
    tally = Tally()
    demo_catalogue.load_awards(tally, demo_catalogue.load_attachment_types(tally))
    db.session.commit()
    first = app.test_cli_runner().invoke(args=["eligibility", "seed"])
    assert first.exit_code == 0, first.output
    added = db.session.scalar(select(func.count()).select_from(EligibilityRule))
    assert added > 0 and f"{added} added, 0 already present" in first.output
    second = app.test_cli_runner().invoke(args=["eligibility", "seed"])
    assert f"0 added, {added} already present" in second.output
