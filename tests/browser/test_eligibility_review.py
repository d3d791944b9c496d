"""In a real browser: an appraiser opens a dossier the registry says is not eligible, tries to override the
engine without a reason (refused beside the form, nothing written), then overrides it with a reason and sees
the override in the eligibility panel and the line in the dossier's history (issue 8)."""
from datetime import date

import pytest
from playwright.sync_api import expect

from app.demo import catalogue as demo_catalogue
from app.demo.tally import Tally
from app.eligibility.seed import seed_rules
from app.extensions import db
from app.models import (
    CampaignKind,
    EligibilityReview,
    Gender,
    NomineeKind,
    PerformanceRating,
    Rating,
    RegistryEntry,
    RegistrySource,
    Role,
    State,
)
from app.models.base import utcnow
from app.nominations import operations
from app.nominations.operations import NomineeData

pytestmark = pytest.mark.browser

REASON = "Năm 2024 đạt Chiến sĩ thi đua cơ sở theo Quyết định 15/QĐ-SKHCN, sổ chưa cập nhật."


@pytest.fixture
def flagged(make):
    """A dossier under appraisal whose nominee the registry shows without the 2024 title the award needs."""
    tally = Tally()
    awards = demo_catalogue.load_awards(tally, demo_catalogue.load_attachment_types(tally))
    seed_rules(awards)
    unit = make.make_unit("Sở Khoa học và Công nghệ")
    officer = make.make_actor(Role.OFFICER, unit)
    appraiser = make.make_actor(Role.APPRAISER, make.make_unit("Sở Nội vụ"), full_name="Lê Thẩm Định")
    data = NomineeData(campaign=make.make_campaign(2025), award=awards["bang_khen_tinh"],
                       kind=NomineeKind.INDIVIDUAL, name="Trần Thị Bình", gender=Gender.FEMALE, birth_year=1982,
                       position="Chuyên viên", nominee_unit_id=None, achievement_summary="Thành tích")
    dossier = operations.create_dossier(officer, data)
    dossier.state, dossier.submitted_at = State.APPRAISAL, utcnow()
    person = dossier.nominee_person
    db.session.add(RegistryEntry(person=person, award=awards["cstd_co_so"], year=2025,
                                 campaign_kind=CampaignKind.YEARLY, decision_number="7/QĐ-SKHCN",
                                 decision_date=date(2026, 1, 10), source=RegistrySource.UNIT_DECISION))
    db.session.add(PerformanceRating(person=person, year=2024, rating=Rating.HT))
    db.session.commit()
    return dossier, appraiser


def test_the_appraiser_overrides_the_engine_with_a_reason(page, log_in, flagged):
    dossier, appraiser = flagged
    log_in(page, appraiser)
    page.goto(f"/dossiers/{dossier.id}")
    expect(page.locator("#eligibility-verdict")).to_have_text("Not eligible")
    card = page.locator("#eligibility-review")
    expect(card).to_contain_text("Not reviewed yet.")

    card.locator("summary").click()
    card.locator("select[name=verdict]").select_option("eligible")
    card.locator("#eligibility-override").click()
    # Refused in place (422 swapped in by htmx), the choice kept, nothing written.
    expect(page.locator("#eligibility-review-error")).to_contain_text("Give the reason for overriding")
    expect(page.locator("#eligibility-review select[name=verdict]")).to_have_value("eligible")
    assert db.session.scalar(db.select(db.func.count()).select_from(EligibilityReview)) == 0

    page.locator("#eligibility-review textarea[name=reason]").fill(REASON)
    page.locator("#eligibility-override").click()
    current = page.locator("#eligibility-review-current")
    expect(current).to_contain_text("Override")
    expect(current).to_contain_text("Eligible")
    expect(current).to_contain_text(REASON)
    expect(current).to_contain_text("Lê Thẩm Định")
    # The engine still says what it says; the history has the appraiser's line with the reason.
    expect(page.locator("#eligibility-verdict")).to_have_text("Not eligible")
    timeline = page.locator("#timeline li").first
    expect(timeline).to_contain_text("Overrode the automatic eligibility check")
    expect(timeline).to_contain_text(REASON)
