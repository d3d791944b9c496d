"""Admin screens for the eligibility rules: every rule of every award with its dates, and the edit form of
a rule's parameters, dates and legal basis (the rule kinds themselves are code: app/eligibility/rules.py)."""
from itertools import groupby

from flask import render_template, request
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.admin import bp
from app.admin.common import committed, render_form
from app.admin.forms_eligibility import EligibilityRuleForm, params_line, params_text
from app.eligibility.rules import KINDS
from app.extensions import db
from app.models import Award, EligibilityRule
from app.models.base import local_today


@bp.route("/eligibility-rules/")
def eligibility_rules():
    query = (select(EligibilityRule).join(EligibilityRule.award).options(joinedload(EligibilityRule.award))
             .order_by(Award.sort_order, Award.name, EligibilityRule.valid_from, EligibilityRule.sort_order,
                       EligibilityRule.id))
    chosen = request.args.get("award") or ""
    if chosen:
        query = query.where(Award.code == chosen)
    rows = db.session.scalars(query).all()
    groups = [(award, list(rules)) for award, rules in groupby(rows, key=lambda r: r.award)]
    awards = db.session.scalars(select(Award).order_by(Award.sort_order, Award.name)).all()
    return render_template("admin/eligibility/list.html", groups=groups, awards=awards, chosen=chosen,
                           today=local_today(), params_line=params_line)


@bp.route("/eligibility-rules/<id:rule_id>/edit", methods=["GET", "POST"])
def eligibility_rule_edit(rule_id: int):
    rule = db.get_or_404(EligibilityRule, rule_id)
    codes = db.session.scalars(select(Award.code)).all()
    form = EligibilityRuleForm(formdata=None if request.method == "GET" else request.form,
                               kind=rule.kind, award_codes=codes)
    if request.method == "GET":
        form.params.data = params_text(rule.params or {})
        form.valid_from.data, form.valid_to.data = rule.valid_from, rule.valid_to
        form.legal_basis.data = rule.legal_basis
    if form.validate_on_submit():
        rule.params = form.parsed or {}
        rule.valid_from, rule.valid_to = form.valid_from.data, form.valid_to.data
        rule.legal_basis = form.legal_basis.data or ""
        db.session.flush()
        return committed(_("Rule of %(award)s saved.", award=rule.award.name), ".eligibility_rules",
                         award=rule.award.code)
    return render_form("admin/eligibility/form.html", form, rule=rule, help=KINDS[rule.kind].help,
                       example=params_text(KINDS[rule.kind].example))
