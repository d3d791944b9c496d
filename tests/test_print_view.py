"""The dossier's print view: its content on A4, the same permission as the dossier page, no inline script."""
from pathlib import Path

import lxml.html
import pytest

from app.extensions import db
from app.models import Role
from app.models.states import State
from tests.factories import signed_in_client


@pytest.fixture
def desk(make):
    unit, lead_unit = make.make_unit("Sở Khoa học và Công nghệ"), make.make_unit("Sở Tài chính")
    make.make_cluster("Cụm các sở", members=[unit, lead_unit], year=2025, lead=lead_unit)
    report, photo = make.make_attachment_type(name="Báo cáo thành tích"), make.make_attachment_type(name="Ảnh")
    award = make.make_award(name="Bằng khen của Chủ tịch UBND tỉnh", required=[report, photo])
    campaign = make.make_campaign(2025, name="Thi đua năm 2025")
    dossier = make.make_dossier(unit, award=award, campaign=campaign, name="Nguyễn Thị Hồng",
                                state=State.CLUSTER_REVIEW, achievement_summary="Hoàn thành xuất sắc nhiệm vụ")
    make.make_attachment(dossier, report)
    officer = make.make_actor(Role.OFFICER, unit)
    db.session.commit()
    return {"dossier": dossier, "officer": officer, "unit": unit, "lead_unit": lead_unit, "make": make}


def page(app, user, dossier_id):
    return signed_in_client(app, user).get(f"/dossiers/{dossier_id}/print")


def test_print_view_shows_the_dossier_its_checklist_and_history(app, desk):
    response = page(app, desk["officer"], desk["dossier"].id)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    tree = lxml.html.fromstring(html)
    assert "Nguyễn Thị Hồng" in tree.xpath('string(//*[@id="print-nominee"])')
    assert tree.xpath('string(//*[@id="print-award"])').strip() == "Bằng khen của Chủ tịch UBND tỉnh"
    assert "Thi đua năm 2025" in tree.xpath('string(//*[@id="print-campaign"])')
    checklist = {row.xpath("string(td[1])"): row.get("data-present")
                 for row in tree.xpath('//*[@id="print-checklist"]/tbody/tr')}
    assert checklist == {"Báo cáo thành tích": "yes", "Ảnh": "no"}
    assert "Hoàn thành xuất sắc nhiệm vụ" in html
    assert tree.xpath('//*[@id="print-eligibility"]')  # the unit's officer may see the verdict
    assert tree.xpath('//*[@id="print-history"]')
    # A page of its own: no navbar, the print stylesheet, the button wired by a script file.
    assert not tree.xpath("//nav") and "css/print.css" in html and "js/print.js" in html
    assert tree.xpath('//button[@id="print-button"]') and "onclick" not in html and " style=" not in html
    assert not [s for s in tree.xpath("//script") if (s.text or "").strip()]


def test_the_print_stylesheet_is_for_a4(app):
    static = Path(app.static_folder)
    css = (static / "css" / "print.css").read_text(encoding="utf-8")
    assert "@page" in css and "size: A4" in css and "@media print" in css and "Times New Roman" in css
    js = (static / "js" / "print.js").read_text(encoding="utf-8")
    assert "window.print()" in js


def test_the_dossier_page_links_to_its_print_view(app, desk):
    html = signed_in_client(app, desk["officer"]).get(f"/dossiers/{desk['dossier'].id}").get_data(as_text=True)
    assert f"/dossiers/{desk['dossier'].id}/print" in html


def test_outside_the_scope_it_is_404(app, desk):
    make = desk["make"]
    stranger = make.make_actor(Role.OFFICER, make.make_unit("Sở Y tế"))
    db.session.commit()
    assert page(app, stranger, desk["dossier"].id).status_code == 404
    assert page(app, desk["officer"], 999_999).status_code == 404
    assert app.test_client().get(f"/dossiers/{desk['dossier'].id}/print").status_code in (302, 401)


def test_the_verdict_only_for_those_who_may_see_it(app, desk):
    lead = desk["make"].make_actor(Role.CLUSTER_LEAD, desk["lead_unit"])
    db.session.commit()
    response = page(app, lead, desk["dossier"].id)
    assert response.status_code == 200  # the cluster's lead sees the dossier under review…
    tree = lxml.html.fromstring(response.get_data(as_text=True))
    assert not tree.xpath('//*[@id="print-eligibility"]')  # …not the verdict
