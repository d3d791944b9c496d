"""Issue 12, item 6: the bonus cap of a round, no lock before the acclamation vote, refusals before the
irreversible confirmation, and one number format per locale (app/scoring)."""
import io
import re
from decimal import Decimal

import lxml.html
import pytest
from docx import Document
from flask_babel import force_locale
from flask_babel import gettext as T

from app.extensions import db
from app.models import ClusterScoring, ScoringStatus, SheetStatus
from app.models.scoring import ItemKind, TieBreak
from app.numbers import decimal_number, format_score
from app.scoring import operations as ops
from app.scoring import ranking
from app.scoring.minutes import render_minutes
from app.scoring.proposals import unit_names
from app.scoring.sheets import totals

D = Decimal
BONUSES = (("T1", "10"), ("T2", "5"))
VOTE_FIRST = "Record the acclamation vote first, for the units the ranking proposes: %(units)s."
NOT_SUBMITTED = "Not every member has submitted: %(units)s."


@pytest.fixture
def c(make, app):
    people = make.make_scoring_people()
    people.make = make
    people.client = lambda user: make.signed_in_client(app, user)
    return people


def over_the_cap(c, **kw):
    """Sở A: 94.5 on the criteria and 12.5 bonus points (10 + 2.5) against the default cap of 10;
    Sở B 100 with no bonus; the other two lower. Every sheet submitted, no vote yet."""
    scoring = c.make.make_scoring(c.cluster, 2025, status=ScoringStatus.OPEN, bonus=BONUSES, **kw)
    c.make.set_scores(scoring, c.a, {"1.1": 30, "1.2": 30, "2.1": 34.5, "T1": 10, "T2": 2.5})
    c.make.set_scores(scoring, c.b, {"1.1": 30, "1.2": 30, "2.1": 40})
    c.make.set_scores(scoring, c.lead, {"1.1": 20, "1.2": 20, "2.1": 20})
    c.make.set_scores(scoring, c.deputy, {"1.1": 10, "1.2": 10, "2.1": 10})
    return scoring


# --- the bonus cap -------------------------------------------------------------------------------

def test_a_new_round_caps_the_bonus_at_ten(c):
    scoring = ops.create_round(c.lead_user, c.cluster.id, 2025)
    assert scoring.bonus_cap == D(10)


def test_the_ranking_counts_the_bonus_up_to_the_cap_and_says_so(c):
    scoring = over_the_cap(c)
    first, second = ops.compute_ranking(scoring).ranked[:2]
    assert first.unit_id == c.a.id and first.total == D("104.5")  # not 107
    assert (first.bonus_earned, first.bonus_total, first.bonus_capped) == (D("12.5"), D(10), True)
    assert second.unit_id == c.b.id and not second.bonus_capped
    scoring.bonus_cap = D(5)
    first, second = ops.compute_ranking(scoring).ranked[:2]
    assert (first.unit_id, second.unit_id, second.total) == (c.b.id, c.a.id, D("99.5"))


def test_the_pure_ranking_without_a_cap_is_unchanged():
    items = [ranking.Item(1, ItemKind.CRITERION, 1, D(90)), ranking.Item(2, ItemKind.BONUS, None, D(10)),
             ranking.Item(3, ItemKind.BONUS, None, D(5))]
    scores = {7: {1: D(90), 2: D(10), 3: D(5)}}
    assert ranking.compute([1], items, scores, {}, TieBreak.GROUPS_THEN_VOTE).ranked[0].total == D(105)
    capped = ranking.compute([1], items, scores, {}, TieBreak.GROUPS_THEN_VOTE, bonus_cap=D(10)).ranked[0]
    assert (capped.total, capped.bonus_capped) == (D(100), True)


def test_the_sheet_totals_apply_the_cap_and_the_page_says_it_applied(c):
    scoring = over_the_cap(c)
    sheet = next(s for s in scoring.sheets if s.unit_id == c.a.id)
    sums = totals(scoring, {e.item_id: e.final_score for e in sheet.entries})
    assert (sums["bonus"], sums["bonus_earned"], sums["bonus_capped"], sums["total"]) == (
        D(10), D("12.5"), True, D("104.5"))
    html = c.client(c.lead_user).get(f"/scoring/{scoring.id}/sheets/{sheet.id}").get_data(as_text=True)
    assert re.search(r'id="total-score">104,5<', html)
    assert T("%(earned)s earned, counted at most %(cap)s", earned="12,5", cap="10") in html


def test_the_scoreboard_and_the_minutes_show_the_cap(c):
    scoring = over_the_cap(c)
    c.make.record_meeting(scoring)
    html = c.client(c.lead_user).get(f"/scoring/{scoring.id}/scoreboard").get_data(as_text=True)
    row = lxml.html.fromstring(html).xpath(f'//tr[@data-unit="{c.a.id}"]')[0]
    assert T("of %(earned)s earned (cap)", earned="12,5") in row.text_content()
    assert "104,5" in row.text_content()
    assert T("Bonus points count at most %(cap)s in a total.", cap="10") in html
    text = "\n".join(p.text for p in Document(io.BytesIO(
        render_minutes(scoring, ops.compute_ranking(scoring), unit_names(scoring)))).paragraphs)
    assert "Điểm thưởng được cộng tối đa 10 điểm; áp dụng mức tối đa cho: Sở A (đạt 12,5, cộng 10)." in text


def test_the_cap_is_set_with_the_round_settings_and_copied_with_the_table(c):
    scoring = c.make.make_scoring(c.cluster, 2025)
    client = c.client(c.lead_user)
    page = client.get(f"/scoring/{scoring.id}").get_data(as_text=True)
    assert lxml.html.fromstring(page).xpath('//input[@id="bonus_cap"]')[0].get("value") == "10"
    response = client.post(f"/scoring/{scoring.id}/settings", data={
        "decimals": "1", "tie_break": "groups_then_vote", "flag_quota": "1", "merit_quota": "2", "bonus_cap": "7,5"})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(ClusterScoring, scoring.id).bonus_cap == D("7.5")
    target = c.make.make_scoring(c.cluster, 2026, groups=(), bonus=(), penalties=(), excluding=())
    ops.copy_table(c.deputy_user, db.session.get(ClusterScoring, scoring.id), target)
    assert target.bonus_cap == D("7.5")
    with pytest.raises(ops.ScoringError):
        ops.update_settings(c.lead_user, scoring, decimals=1, flag_quota=1, merit_quota=2,
                            tie_break=TieBreak.GROUPS_THEN_VOTE, bonus_cap=D(-1))


# --- no lock before the acclamation vote ---------------------------------------------------------

def test_locking_is_refused_until_the_proposed_units_have_their_acclamation_vote(c):
    scoring = over_the_cap(c)  # flag 1 + Bằng khen 2: the first three places are proposed
    with pytest.raises(ops.ScoringError, match=re.escape(T(VOTE_FIRST, units="Sở A, Sở B, Sở Tài chính"))):
        ops.lock(c.lead_user, scoring)
    ops.record_votes(c.lead_user, scoring, {c.a.id: (4, 0, 0), c.b.id: (3, 1, 0)})
    assert ops.lock_refusal(scoring) == T(VOTE_FIRST, units="Sở Tài chính")
    ops.record_votes(c.lead_user, scoring, {c.lead.id: (2, 1, 1)})
    assert ops.lock_refusal(scoring) is None
    ops.lock(c.lead_user, scoring)
    assert scoring.status is ScoringStatus.LOCKED


def test_a_round_that_proposes_nobody_locks_without_a_vote(c):
    scoring = over_the_cap(c, flag_quota=0, merit_quota=0)
    ops.lock(c.lead_user, scoring)
    assert scoring.status is ScoringStatus.LOCKED


# --- refusals before the confirmation ------------------------------------------------------------

def lock_area(html: str):
    return lxml.html.fromstring(html)


def test_not_submitted_is_said_before_the_vote_and_before_any_confirmation(c):
    scoring = over_the_cap(c)
    next(s for s in scoring.sheets if s.unit_id == c.b.id).status = SheetStatus.DRAFT
    db.session.commit()
    assert ops.lock_refusal(scoring) == T(NOT_SUBMITTED, units="Sở B")
    client = c.client(c.lead_user)
    page = lock_area(client.get(f"/scoring/{scoring.id}").get_data(as_text=True))
    button = page.xpath('//*[@id="lock-button"]')[0]
    assert button.get("disabled") is not None
    assert page.xpath('//*[@id="lock-refusal"]')[0].text_content().strip() == T(NOT_SUBMITTED, units="Sở B")
    assert not page.xpath("//form[@data-confirm][.//*[@id='lock-button']]")  # no "lock? irreversible" to click
    # The server says the same, whoever posts anyway.
    client.post(f"/scoring/{scoring.id}/lock")
    db.session.expire_all()
    assert db.session.get(ClusterScoring, scoring.id).status is ScoringStatus.OPEN


def test_the_confirmation_is_asked_only_when_locking_would_go_through(c):
    scoring = over_the_cap(c)
    for unit in (c.a, c.b, c.lead):
        c.make.record_vote(scoring, unit, 3)
    db.session.commit()
    page = lock_area(c.client(c.lead_user).get(f"/scoring/{scoring.id}").get_data(as_text=True))
    [form] = page.xpath("//form[.//*[@id='lock-button']]")
    assert form.get("data-confirm") and not page.xpath('//*[@id="lock-refusal"]')
    assert page.xpath('//*[@id="lock-button"]')[0].get("disabled") is None


# --- one number format per locale ----------------------------------------------------------------

@pytest.mark.parametrize("value, vi, en", [
    (D("94.5"), "94,5", "94.5"), (D("20.0"), "20", "20"), (D("9.50"), "9,5", "9.5"), (D("1000"), "1000", "1000"),
    (D("0.25"), "0,25", "0.25"), (None, "", ""),
])
def test_a_score_has_one_format_per_locale(app, value, vi, en):
    assert format_score(value, "vi") == vi and format_score(value, "en") == en
    with app.test_request_context():
        with force_locale("vi"):
            assert format_score(value) == vi
        with force_locale("en"):
            assert format_score(value) == en


@pytest.mark.parametrize("typed, value", [("9,5", D("9.5")), ("9.5", D("9.5")), (" 10 ", D(10)), (",5", D("0.5"))])
def test_typed_decimals_take_a_comma_or_a_point(typed, value):
    assert decimal_number(typed) == value


@pytest.mark.parametrize("typed", ["9,5,1", "1.000,5", "NaN", "1e1", "²", "", "9 5"])
def test_other_decimals_are_refused(typed):
    with pytest.raises(ValueError):
        decimal_number(typed)


def test_the_pages_show_scores_in_the_interface_language(c):
    scoring = over_the_cap(c)
    client = c.client(c.lead_user)
    assert "104,5" in client.get(f"/scoring/{scoring.id}/scoreboard").get_data(as_text=True)
    c.lead_user.locale = "en"
    db.session.commit()
    english = client.get(f"/scoring/{scoring.id}/scoreboard").get_data(as_text=True)
    assert "104.5" in english and "104,5" not in english


def test_a_maximum_score_is_typed_with_a_decimal_comma(c):
    scoring = c.make.make_scoring(c.cluster, 2025)
    group = scoring.groups[0]
    response = c.client(c.lead_user).post(f"/scoring/{scoring.id}/items", data={
        "kind": "criterion", "group_id": str(group.id), "code": "1.9", "name": "Tiêu chí mới", "max_score": "2,5"})
    assert response.status_code == 303
    db.session.expire_all()
    assert next(i for i in db.session.get(ClusterScoring, scoring.id).items if i.code == "1.9").max_score == D("2.5")
