"""Admin screen for the fixed texts documents print (/admin/document-texts): each documents.* setting with
what it is, its value in force and its default; a change is checked (app/document_texts.py) and recorded."""
from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from app import document_texts
from app.admin import bp
from app.admin.common import committed


def _page(errors: dict[str, list[str]] | None = None, typed: dict[str, str] | None = None, status: int = 200):
    stored = document_texts.stored()
    rows = [{"text": text, "value": (typed or {}).get(text.key, document_texts.value(text.key)),
             "is_default": not stored.get(text.key, "").strip(), "default": text.default_value(),
             "errors": (errors or {}).get(text.key, [])} for text in document_texts.TEXTS]
    return render_template("admin/document_texts.html", rows=rows, history=document_texts.history(),
                           labels={text.key: text.label for text in document_texts.TEXTS}), status


@bp.route("/document-texts", methods=["GET", "POST"])
def document_texts_page():
    if request.method == "GET":
        return _page()
    key = request.form.get("key", "")
    text = document_texts.BY_KEY.get(key)
    if text is None:
        return _page(status=400)
    if request.form.get("reset") == "1":
        value = text.default_value()
    else:
        raw = request.form.get("value", "")
        if len(raw) > 4 * text.max_length + 1000:  # far too long to be worth cleaning: refuse at once
            return _page({key: [_("The text is far too long.")]}, {key: ""}, 422)
        value = document_texts.clean(raw)
    problems = document_texts.problems(text, value)
    if problems:
        return _page({key: problems}, {key: request.form.get("value", "")[:text.max_length * 2]}, 422)
    changed = document_texts.save(current_user, key, value)
    message = _("%(label)s saved.", label=text.label) if changed else _("%(label)s was unchanged.", label=text.label)
    return committed(message, ".document_texts_page", _anchor=key.replace(".", "-"))
