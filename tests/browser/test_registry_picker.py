"""The nominee picker in a real browser (issue 8): the officer types part of a registered person's name
without accents, chooses them from the list, saves, and the dossier proposes that very record, with the
eligibility panel on its page."""
import re

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models import Dossier, Gender, Person, Role
from app.text import fold

pytestmark = pytest.mark.browser


def test_officer_picks_a_registered_person_and_the_dossier_links_to_them(page, log_in, make):
    unit = make.make_unit("Sở Khoa học và Công nghệ")
    sub_unit = make.make_unit("Phòng Quản lý khoa học", parent=unit)
    officer = make.make_user(Role.OFFICER, unit=unit, username="officer")
    award = make.make_award(name="Bằng khen của Chủ tịch UBND tỉnh")
    campaign = make.make_campaign(2025, name="Thi đua đổi mới sáng tạo năm 2025")
    person = Person(full_name="Đặng Thị Hồng", search_key=fold("Đặng Thị Hồng"), birth_year=1985,
                    gender=Gender.FEMALE, unit_id=sub_unit.id, position="Trưởng phòng")
    namesake = Person(full_name="Đặng Thị Hồng", search_key=fold("Đặng Thị Hồng"), birth_year=1985,
                      gender=Gender.FEMALE, unit_id=make.make_unit("Sở Y tế").id)  # another unit's: never listed
    db.session.add_all([person, namesake])
    log_in(page, officer)

    page.goto("/dossiers/new")
    expect(page.locator("#nominee-picked")).to_be_hidden()  # nothing picked yet
    page.select_option("#campaign_id", label=f"{campaign.movement.name} — {campaign.name}")
    page.select_option("#award_id", label=award.name)
    page.fill("#picker_q", "dang thi ho")
    choices = page.locator("#picker-results [data-pick]")
    expect(choices).to_have_count(1)
    expect(page.locator("#picker-results")).to_contain_text("Phòng Quản lý khoa học")
    # Keyboard: Down from the search box reaches the result, Enter chooses it.
    page.locator("#picker_q").press("ArrowDown")
    expect(choices.first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#nominee-picked")).to_be_visible()
    expect(page.locator("#nominee-picked")).to_contain_text("Đặng Thị Hồng")
    expect(page.locator("#nominee_name")).to_have_value("Đặng Thị Hồng")
    expect(page.locator("#nominee_birth_year")).to_have_value("1985")
    expect(page.locator("#nominee_gender")).to_have_value("female")
    expect(page.locator("#nominee_unit_id")).to_have_value(str(sub_unit.id))
    expect(page.locator("input[name=nominee_person_id]")).to_have_value(str(person.id))
    page.fill("#achievement_summary", "Chủ trì đề tài chuyển đổi số cấp tỉnh.")
    page.get_by_role("button", name=re.compile(r"^(Lưu|Save)$")).click()
    page.wait_for_url(re.compile(r"/dossiers/\d+$"))

    db.session.rollback()  # see what the server committed
    dossier = db.session.get(Dossier, int(page.url.rsplit("/", 1)[1]))
    assert dossier.nominee_person_id == person.id
    expect(page.locator("#nominee-record a")).to_have_attribute("href", f"/registry/people/{person.id}")
    expect(page.locator("#eligibility-verdict")).to_be_visible()


def test_a_collective_form_shows_no_gender_or_year_of_birth(page, log_in, make):
    officer = make.make_user(Role.OFFICER, username="officer")
    log_in(page, officer)
    page.goto("/dossiers/new")
    expect(page.locator("#nominee_birth_year")).to_be_visible()
    page.check("input[name=nominee_kind][value=collective]")
    expect(page.locator("#nominee_gender")).to_be_hidden()
    expect(page.locator("#nominee_birth_year")).to_be_hidden()
