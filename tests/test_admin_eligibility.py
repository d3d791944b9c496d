"""The administrator's screen of eligibility rules: every rule per award with its dates, and the edit form of a
rule's parameters (checked by the rule kind: 422 with the message beside the field), dates and legal basis."""
import html
from datetime import date

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Award, EligibilityRule, NomineeKind, Role, RuleKind


@pytest.fixture
def rules(make):
    cstd = make.make_award("cstd_co_so", "Chiến sĩ thi đua cơ sở", for_collective=False)
    award = make.make_award("bang_khen_tinh", "Bằng khen tỉnh")
    old = EligibilityRule(award=award, kind=RuleKind.CONSECUTIVE, params={"count": 2, "titles": ["cstd_co_so"]},
                          nominee_kind=NomineeKind.INDIVIDUAL, alternative="a", valid_from=date(2024, 1, 1),
                          valid_to=date(2025, 6, 30), rule_set="Nghị định 98/2023/NĐ-CP",
                          legal_basis="Luật Thi đua, khen thưởng; Nghị định 98/2023/NĐ-CP", sort_order=10)
    new = EligibilityRule(award=award, kind=RuleKind.CONSECUTIVE, params={"count": 2, "titles": ["cstd_co_so"]},
                          nominee_kind=NomineeKind.INDIVIDUAL, alternative="a", valid_from=date(2025, 7, 1),
                          rule_set="Nghị định 152/2025/NĐ-CP",
                          legal_basis="Luật Thi đua, khen thưởng; Nghị định 152/2025/NĐ-CP", sort_order=10)
    hold = EligibilityRule(award=cstd, kind=RuleKind.NO_DISCIPLINE, params={}, valid_from=date(2025, 7, 1),
                           rule_set="Nghị định 152/2025/NĐ-CP", sort_order=20)
    db.session.add_all([old, new, hold])
    db.session.commit()
    return old, new, hold


@pytest.fixture
def admin(make, login):
    return login(make.make_user(Role.ADMIN, username="root"))


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def field_block(page: str, field: str) -> str:
    """The HTML of one form field, from its wrapper to the next field's: where its messages are."""
    start = page.index(f'id="field-{field}"')
    end = page.find('id="field-', start + 1)
    return page[start:end if end > 0 else len(page)]


def edit(client, rule, **fields):
    data = {"params": '{"count": 3, "titles": ["cstd_co_so"]}', "valid_from": "2025-07-01", "valid_to": "",
            "legal_basis": "Luật Thi đua, khen thưởng; Nghị định 152/2025/NĐ-CP"}
    data.update(fields)
    return client.post(f"/admin/eligibility-rules/{rule.id}/edit", data=data)


@pytest.mark.parametrize("role", [Role.OFFICER, Role.UNIT_HEAD, Role.APPRAISER, Role.SECRETARY],
                         ids=lambda r: r.value)
def test_other_roles_get_403(make, login, rules, role):
    client = login(make.make_user(role))
    old = rules[0]
    assert client.get("/admin/eligibility-rules/").status_code == 403
    assert client.get(f"/admin/eligibility-rules/{old.id}/edit").status_code == 403
    assert edit(client, old).status_code == 403
    db.session.expire_all()
    assert db.session.get(EligibilityRule, old.id).params["count"] == 2


def test_the_list_shows_every_rule_per_award_with_its_dates(admin, rules):
    page = text(admin.get("/admin/eligibility-rules/"))
    assert page.count("data-rule-id=") == 3
    assert page.index('data-award-code="bang_khen_tinh"') >= 0 and 'data-award-code="cstd_co_so"' in page
    for shown in ("Consecutive years of a title or rating", "No discipline in force", "Alternative a",
                  "01/01/2024", "30/06/2025", "01/07/2025", "Nghị định 98/2023/NĐ-CP", "Nghị định 152/2025/NĐ-CP",
                  '"titles": ["cstd_co_so"]', "not in force today", "Every nominee"):
        assert shown in page, shown
    only = text(admin.get("/admin/eligibility-rules/?award=cstd_co_so"))
    assert only.count("data-rule-id=") == 1
    assert 'href="/admin/eligibility-rules/"' in text(admin.get("/admin/"))


def test_the_edit_form_shows_the_parameters_and_what_they_mean(admin, rules):
    page = text(admin.get(f"/admin/eligibility-rules/{rules[1].id}/edit"))
    assert '"count": 2' in page and "cycle: years between two titles" in page
    assert 'value="01/07/2025"' in page


def test_saving_parameters_and_dates(admin, rules):
    old, new, _ = rules
    response = edit(admin, new, params='{"count": 3, "titles": ["cstd_co_so"], "cycle": 1}', valid_to="2030-12-31")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/admin/eligibility-rules/?award=bang_khen_tinh")
    db.session.expire_all()
    saved = db.session.get(EligibilityRule, new.id)
    assert saved.params == {"count": 3, "titles": ["cstd_co_so"], "cycle": 1}
    assert (saved.valid_from, saved.valid_to) == (date(2025, 7, 1), date(2030, 12, 31))
    assert db.session.get(EligibilityRule, old.id).params == {"count": 2, "titles": ["cstd_co_so"]}  # the other decree


BAD = [
    ("not JSON", {"params": '{"count": 3,'}, "params", "This is not valid JSON"),
    ("not an object", {"params": "[3]"}, "params", "The parameters must be a JSON object"),
    ("a count of zero", {"params": '{"count": 0, "titles": ["cstd_co_so"]}'}, "params",
     "count: enter a whole number from 1 to 30."),
    ("an award not in the catalogue", {"params": '{"count": 2, "titles": ["cstd_xyz"]}'}, "params",
     "titles: cstd_xyz is not an award code of the catalogue."),
    ("a parameter of another kind", {"params": '{"count": 2, "titles": ["cstd_co_so"], "scope": "unit"}'},
     "params", "Unknown parameter scope"),
    ("empty", {"params": ""}, "params", "Enter the parameters, {} when the rule has none."),
    ("dates the wrong way round", {"valid_from": "2025-07-01", "valid_to": "2025-01-01"}, "valid_to",
     "The end date cannot be before the start date."),
    ("no start date", {"valid_from": ""}, "valid_from", "Enter the date the rule starts."),
]


@pytest.mark.parametrize("name,fields,field,message", BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_refused_with_422_beside_the_field(admin, rules, name, fields, field, message):
    new = rules[1]
    response = edit(admin, new, **fields)
    assert response.status_code == 422
    assert message in field_block(text(response), field)
    db.session.expire_all()
    saved = db.session.get(EligibilityRule, new.id)
    assert (saved.params, saved.valid_to) == ({"count": 2, "titles": ["cstd_co_so"]}, None)


def test_a_rule_without_parameters_saves_an_empty_object(admin, rules):
    hold = rules[2]
    assert edit(admin, hold, params="{}").status_code == 303
    assert edit(admin, hold, params='{"statuses": ["disciplined"]}').status_code == 303
    db.session.expire_all()
    assert db.session.get(EligibilityRule, hold.id).params == {"statuses": ["disciplined"]}
    award = db.session.scalar(select(Award).where(Award.code == "cstd_co_so"))
    assert award is not None


def test_unknown_rule_is_404(admin, rules):
    assert admin.get("/admin/eligibility-rules/999999/edit").status_code == 404
