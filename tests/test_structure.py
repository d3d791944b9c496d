"""The house rules that keep the code easy to extend: dependencies point down, permissions have one home.

``python tools/import_graph.py`` prints the package graph these tests check.
"""
import re
from pathlib import Path

from tools.import_graph import dependencies, layers

APP = Path(__file__).resolve().parent.parent / "app"


def test_packages_import_each_other_without_cycles():
    layers(dependencies())  # raises graphlib.CycleError naming the cycle


def test_models_and_the_permissions_module_sit_at_the_bottom():
    graph = dependencies()
    assert graph["models"] <= {"extensions", "text", "config"}
    assert graph["access"] <= {"extensions", "models"}
    # Documents know nothing of the database: besides themselves they use only helpers that import nothing
    # of the app (the XLSX writer).
    assert graph["documents"] <= {"spreadsheets", "text", "numbers"}
    assert all(not graph[helper] for helper in graph["documents"]), {h: graph[h] for h in graph["documents"]}


def test_features_never_import_the_screens_above_them():
    graph = dependencies()
    for low in ("models", "access", "nominations", "scoring", "workflow", "council", "decisions"):
        assert not graph[low] & {"admin", "demo", "cli", "main"}, low


def test_templates_ask_predicates_instead_of_comparing_roles_and_states():
    compares = re.compile(r"\.value\s*(==|!=|in\b)|current_user\.role\b(?!\.label)|is_province_role")
    offenders = [f"{path.relative_to(APP)}:{number}: {line.strip()}"
                 for path in sorted((APP / "templates").rglob("*.html"))
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                 if compares.search(line)]
    assert not offenders, "compare in a template; add a predicate to app/access.py instead:\n" + "\n".join(offenders)


def test_role_checks_live_in_the_permissions_module():
    role_check = re.compile(r"\.role\s+(is|in|not in|==|!=)\s|\.role\.is_province_role")
    allowed = {"access.py", "models", "demo", "admin/views_users.py"}  # the users screen filters by role
    offenders = []
    for path in sorted(APP.rglob("*.py")):
        relative = str(path.relative_to(APP))
        if relative in allowed or relative.split("/")[0] in allowed:
            continue
        offenders += [f"{relative}:{n}: {line.strip()}" for n, line in
                      enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if role_check.search(line)]
    assert not offenders, "role checked outside app/access.py:\n" + "\n".join(offenders)
