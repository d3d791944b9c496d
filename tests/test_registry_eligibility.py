"""The eligibility verdict on the dossier page, from the registry tables (issue 8): registry entries,
ratings, initiatives, discipline and the nominee's other proposals → the engine's verdict and reasons."""
from datetime import date

import lxml.html
import pytest

from app.demo import catalogue as demo_catalogue
from app.demo.tally import Tally
from app.eligibility import registry_facts
from app.eligibility.seed import seed_rules
from app.extensions import db
from app.models import (
    CampaignKind,
    Discipline,
    DisciplineStatus,
    Gender,
    Initiative,
    NomineeKind,
    PerformanceRating,
    Rating,
    RegistryEntry,
    RegistrySource,
    Role,
    Scope,
    Verdict,
)
from app.nominations import operations
from app.nominations.operations import NomineeData


class Desk:
    def __init__(self, make, app):
        self.make, self.app = make, app
        tally = Tally()
        self.awards = demo_catalogue.load_awards(tally, demo_catalogue.load_attachment_types(tally))
        seed_rules(self.awards)
        self.unit = make.make_unit("Sở Khoa học và Công nghệ")
        self.officer = make.make_actor(Role.OFFICER, self.unit)
        self.campaign = make.make_campaign(2025)
        self.dossier = self.propose("bang_khen_tinh")
        self.person = self.dossier.nominee_person
        db.session.commit()

    def propose(self, code, campaign=None, name="Trần Thị Bình"):
        data = NomineeData(campaign=campaign or self.campaign, award=self.awards[code],
                           kind=NomineeKind.INDIVIDUAL, name=name, gender=Gender.FEMALE, birth_year=1982,
                           position="Chuyên viên", nominee_unit_id=None, achievement_summary="Thành tích")
        return operations.create_dossier(self.officer, data)

    def got(self, code, year, kind=CampaignKind.YEARLY, number=""):
        db.session.add(RegistryEntry(person=self.person, award=self.awards[code], year=year, campaign_kind=kind,
                                     decision_number=number, decision_date=date(year + 1, 1, 10) if number else None,
                                     source=RegistrySource.UNIT_DECISION))
        db.session.commit()

    def rated(self, year, rating):
        db.session.add(PerformanceRating(person=self.person, year=year, rating=rating))
        db.session.commit()

    def page(self, user=None):
        client = self.make.signed_in_client(self.app, user or self.officer)
        response = client.get(f"/dossiers/{self.dossier.id}")
        assert response.status_code == 200
        return lxml.html.fromstring(response.get_data(as_text=True))

    def panel(self, user=None):
        doc = self.page(user)
        badge = doc.xpath('//*[@id="eligibility-verdict"]')[0]
        reasons = [li.text_content().strip() for li in doc.xpath('//ul[@id="eligibility-reasons"]/li')]
        return badge.get("class"), reasons


@pytest.fixture
def desk(make, app):
    return Desk(make, app)


def verdict(desk) -> Verdict:
    db.session.expire_all()
    return registry_facts.verdict_for(desk.dossier).verdict


def test_two_consecutive_cstd_co_so_from_the_registry_make_the_nominee_eligible(desk):
    desk.got("cstd_co_so", 2024, number="15/QĐ-SKHCN")
    desk.got("cstd_co_so", 2025)
    assert verdict(desk) is Verdict.ELIGIBLE
    badge, reasons = desk.panel()
    assert "text-bg-success" in badge
    assert any("15/QĐ-SKHCN" in r for r in reasons), reasons


def test_a_missing_year_makes_the_nominee_not_eligible_and_says_which(desk):
    desk.got("cstd_co_so", 2025)
    desk.got("cstd_co_so", 2024, kind=CampaignKind.THEMATIC)  # thematic: no streak
    desk.rated(2024, Rating.HT)
    assert verdict(desk) is Verdict.NOT_ELIGIBLE
    badge, reasons = desk.panel()
    assert "text-bg-danger" in badge and any("2024" in r for r in reasons), reasons


def test_excellent_years_with_two_initiatives_are_the_other_way(desk):
    desk.rated(2024, Rating.HTXS)
    desk.rated(2025, Rating.HTXS)
    for title in ("SK-01", "SK-02"):
        db.session.add(Initiative(person=desk.person, title=title, year=2025, scope=Scope.UNIT,
                                  document="QĐ 3/QĐ-SKHCN"))
    db.session.commit()
    assert verdict(desk) is Verdict.ELIGIBLE
    # An initiative already used for another title does not count twice.
    used = db.session.query(Initiative).filter_by(title="SK-02").one()
    used.used_for_award, used.used_for_year = desk.awards["cstd_co_so"], 2025
    db.session.commit()
    assert verdict(desk) is Verdict.NOT_ELIGIBLE


def test_discipline_in_force_puts_the_nominee_on_hold(desk):
    desk.got("cstd_co_so", 2024)
    desk.got("cstd_co_so", 2025)
    db.session.add(Discipline(person=desk.person, status=DisciplineStatus.UNDER_REVIEW, since=date(2025, 3, 1)))
    db.session.commit()
    assert verdict(desk) is Verdict.HOLD
    assert "text-bg-warning" in desk.panel()[0]


def test_another_active_proposal_of_the_same_person_is_a_duplicate(desk, make):
    desk.got("cstd_co_so", 2024)
    desk.got("cstd_co_so", 2025)
    desk.propose("bang_khen_tinh", campaign=make.make_campaign(2025, name="Đợt 2"))
    db.session.commit()
    assert verdict(desk) is Verdict.NOT_ELIGIBLE
    # Another person's history is not the nominee's.
    other = desk.propose("bang_khen_tinh", name="Lê Văn Cường")
    db.session.commit()
    assert registry_facts.verdict_for(other).verdict is Verdict.NEEDS_EVIDENCE  # no history at all
    assert registry_facts.case_for(other).history.awards == ()


def test_the_panel_shows_to_the_unit_and_the_province_not_to_other_roles(desk, make):
    assert desk.page().xpath('//*[@id="eligibility"]')
    head = make.make_actor(Role.UNIT_HEAD, desk.unit)
    assert desk.page(head).xpath('//*[@id="eligibility"]')
    from app import access
    appraiser = make.make_actor(Role.APPRAISER, make.make_unit("Sở Nội vụ"))
    lead = make.make_actor(Role.CLUSTER_LEAD, desk.unit)
    assert access.can_see_eligibility(appraiser, desk.dossier)
    assert not access.can_see_eligibility(lead, desk.dossier)
    assert not access.can_see_eligibility(make.make_actor(Role.OFFICER, make.make_unit("Sở Y tế")), desk.dossier)
