"""The flag rule (issue 11): a unit that did not register (đăng ký thi đua) for the year cannot be proposed for
a flag. The eligibility rule kind ``registered`` as a table of cases, then read from the database (seeded for
Cờ thi đua UBND tỉnh) and shown with its reason in the dossier page's eligibility panel."""
from datetime import date

import lxml.html
import pytest

from app.demo import catalogue as demo_catalogue
from app.demo.tally import Tally
from app.eligibility import registry_facts
from app.eligibility.engine import Catalogue, RuleSpec, evaluate
from app.eligibility.facts import Case, History, Nominee, ProposalFact, RegistrationFact
from app.eligibility.seed import seed_rules
from app.extensions import db
from app.models import EligibilityRule, NomineeKind, Role, RuleKind, Verdict
from app.models.movement_plans import Registration
from app.models.target_groups import target_group_of
from tests.movement_data import make_launch

K, V = RuleKind, Verdict
CATALOGUE = Catalogue(names={"co_thi_dua_tinh": "Cờ thi đua của UBND tỉnh"})
MOVEMENT = "Thi đua đổi mới sáng tạo và chuyển đổi số"


def judge(history: History, *, nominee=NomineeKind.COLLECTIVE, year=2026, params=None):
    case = Case(Nominee(nominee), ProposalFact("co_thi_dua_tinh", year), history)
    result = evaluate(case, [RuleSpec("co_thi_dua_tinh", K.REGISTERED, params=params or {}, rule_set="X")],
                      CATALOGUE)
    return result.verdict, result.reasons[0]


REGISTERED_CASES = [
    ("registered in the proposal's year", History(registrations=(RegistrationFact(2026, MOVEMENT, date(2026, 1, 20)),),
                                                   registration_years=frozenset({2026})), {},
     V.ELIGIBLE, f"đã đăng ký phong trào {MOVEMENT} ngày 20/01/2026"),
    ("not registered while a movement took registrations", History(registration_years=frozenset({2026})), {},
     V.NOT_ELIGIBLE, "đơn vị chưa đăng ký thi đua năm 2026 nên không được đề nghị tặng Cờ thi đua của UBND tỉnh"),
    ("registered another year only", History(registrations=(RegistrationFact(2025, MOVEMENT),),
                                             registration_years=frozenset({2025, 2026})), {},
     V.NOT_ELIGIBLE, "chưa đăng ký thi đua năm 2026"),
    ("no movement took registrations that year", History(), {}, V.ELIGIBLE, "không có phong trào nhận đăng ký"),
    ("a year's offset looks at the year before", History(registrations=(RegistrationFact(2025, MOVEMENT),),
                                                         registration_years=frozenset({2025, 2026})),
     {"year_offset": 1}, V.ELIGIBLE, "Đăng ký thi đua năm 2025"),
]


@pytest.mark.parametrize("name,history,params,verdict,fragment", REGISTERED_CASES, ids=[c[0] for c in REGISTERED_CASES])
def test_registered_rule(name, history, params, verdict, fragment):
    got, reason = judge(history, params=params)
    assert got is verdict and fragment in reason, reason


def test_the_rule_does_not_apply_to_individuals():
    verdict, reason = judge(History(registration_years=frozenset({2026})), nominee=NomineeKind.INDIVIDUAL)
    assert verdict is V.ELIGIBLE and "không áp dụng" in reason


# --- from the database ------------------------------------------------------------------------------------------

@pytest.fixture
def flag_case(make, app):
    tally = Tally()
    awards = demo_catalogue.load_awards(tally, demo_catalogue.load_attachment_types(tally))
    seed_rules(awards)
    unit = make.make_unit("Sở Khoa học và Công nghệ")
    officer = make.make_actor(Role.OFFICER, unit)
    launch = make_launch(name=MOVEMENT, year=2026, deadline=date(2026, 1, 31))
    campaign = make.make_campaign(2026, movement=launch.movement)
    dossier = make.make_dossier(unit, award=awards["co_thi_dua_tinh"], campaign=campaign,
                                kind=NomineeKind.COLLECTIVE, name=unit.name, nominee_unit_id=unit.id,
                                created_by=officer)
    db.session.commit()
    return dossier, unit, launch, officer


def _registered_reason(dossier) -> tuple[Verdict, list[str]]:
    db.session.expire_all()
    result = registry_facts.verdict_for(dossier)
    return result.verdict, result.reasons


def test_the_flag_rule_is_seeded_as_data():
    tally = Tally()
    seed_rules(demo_catalogue.load_awards(tally, demo_catalogue.load_attachment_types(tally)))
    rules = db.session.query(EligibilityRule).filter(EligibilityRule.kind == RuleKind.REGISTERED).all()
    assert {rule.award.code for rule in rules} == {"co_thi_dua_tinh"}
    assert all(rule.nominee_kind is NomineeKind.COLLECTIVE for rule in rules)


def test_a_unit_that_did_not_register_cannot_be_proposed_for_a_flag(flag_case, make, app):
    dossier, unit, launch, officer = flag_case
    verdict, reasons = _registered_reason(dossier)
    assert verdict is Verdict.NOT_ELIGIBLE
    assert any("chưa đăng ký thi đua năm 2026" in r for r in reasons), reasons

    # Shown in the dossier page's eligibility panel with its reason.
    client = make.signed_in_client(app, officer)
    doc = lxml.html.fromstring(client.get(f"/dossiers/{dossier.id}").get_data(as_text=True))
    shown = [li.text_content().strip() for li in doc.xpath('//ul[@id="eligibility-reasons"]/li')]
    assert any("chưa đăng ký thi đua năm 2026" in r for r in shown), shown

    db.session.add(Registration(movement_id=launch.movement_id, unit_id=unit.id, year=2026,
                                target_group=target_group_of(unit.kind), registered_on=date(2026, 1, 15)))
    db.session.commit()
    verdict, reasons = _registered_reason(dossier)
    assert not any("chưa đăng ký" in r for r in reasons), reasons
    assert any(f"đã đăng ký phong trào {MOVEMENT} ngày 15/01/2026" in r for r in reasons), reasons


def test_another_unit_s_registration_does_not_count(flag_case, make):
    dossier, unit, launch, officer = flag_case
    other = make.make_unit("Sở Y tế")
    db.session.add(Registration(movement_id=launch.movement_id, unit_id=other.id, year=2026,
                                target_group=target_group_of(other.kind), registered_on=date(2026, 1, 15)))
    db.session.commit()
    verdict, reasons = _registered_reason(dossier)
    assert verdict is Verdict.NOT_ELIGIBLE and any("chưa đăng ký" in r for r in reasons)


def test_a_movement_published_after_the_rule_book_was_read_counts_at_once(flag_case, make, app):
    """The years in which a published movement took registrations are part of the rule book each process
    keeps (app/cache.py): publishing a launch renews it, and the next page judges with the new year."""
    from app.models import LaunchStatus
    from app.models.base import utcnow

    dossier, unit, launch, officer = flag_case
    launch.status, launch.published_at = LaunchStatus.DRAFT, None
    db.session.commit()
    client = make.signed_in_client(app, officer)

    def reasons() -> list[str]:
        doc = lxml.html.fromstring(client.get(f"/dossiers/{dossier.id}").get_data(as_text=True))
        return [li.text_content().strip() for li in doc.xpath('//ul[@id="eligibility-reasons"]/li')]

    assert any("năm 2026 không có phong trào nhận đăng ký thi đua" in r for r in reasons())
    assert any("năm 2026 không có phong trào nhận đăng ký thi đua" in r for r in reasons())  # from memory
    launch.status, launch.published_at = LaunchStatus.PUBLISHED, utcnow()
    db.session.commit()
    assert any("chưa đăng ký thi đua năm 2026" in r for r in reasons())
