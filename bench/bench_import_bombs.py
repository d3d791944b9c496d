"""Benchmark of hostile criteria imports (issue 13): the peak memory and the time of one import.

Run: ``.venv/bin/python bench/bench_import_bombs.py`` (``make bench`` runs it too).

Each case runs in a fresh process: the app on a scratch SQLite database with one cluster, its lead and a
round open for editing; the lead logs in and opens the round (the process is then "idle"), the peak
resident size is reset (``/proc/self/clear_refs``), the file is posted to the import through the Flask
test client, and the process reports its peak (VmHWM) minus its resident size just before the post.
Goal: under 300 MB above idle for every case (the two reported bombs, and the costliest files the size
checks still let through), and an answer within 10 s. Prints a Markdown table with PASS or FAIL.
"""
import argparse
import io
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from datetime import date

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from werkzeug.datastructures import FileStorage  # noqa: E402
from werkzeug.test import encode_multipart  # noqa: E402

from app import create_app  # noqa: E402
from app import models as m  # noqa: E402
from app.extensions import db  # noqa: E402
from app.spreadsheets import DEFAULT_LIMITS  # noqa: E402
from tests import bombs  # noqa: E402

GOAL_MB, GOAL_S = 300, 10.0
MB = 1 << 20
WORDS = ("hoàn thành nhiệm vụ chỉ tiêu kế hoạch năm đơn vị tổ chức phong trào thi đua cải cách hành chính "
         "chuyển đổi số công tác khen thưởng đúng hạn báo cáo đầy đủ kịp thời chất lượng hiệu quả").split()


def _text_cells(n: int, values: list) -> str:
    return "".join(f'<c r="{col}{n}" t="inlineStr"><is><t>{v}</t></is></c>' if isinstance(v, str)
                   else f'<c r="{col}{n}"><v>{v}</v></c>' for col, v in zip("ABCDEFG", values))


def _sheet(rows: str) -> tuple[bytes, int, int]:
    return bombs.deflated(f'<worksheet xmlns="{bombs.MAIN_NS}"><sheetData>{rows}</sheetData></worksheet>'.encode())


def build_cases() -> dict[str, tuple[str, bytes]]:
    """Name → (what it is, file). The last three are the worst the archive checks accept: as many XML
    elements as allowed where openpyxl spends most per element, and the largest part allowed as text."""
    rng = random.Random(13)
    cases = {
        "rows-bomb": ("reported: 1.5 GiB of <row/> in the sheet", bombs.empty_rows_bomb()),
        "string-bomb": ("reported: one shared string of 1 GiB", bombs.shared_string_bomb()),
    }
    # 2,000 items (the row limit) with item and guidance texts of a few hundred characters: imported.
    rows = "".join(f'<row r="{n}">' + _text_cells(n, [
        "Tiêu chí", f"Nhóm {n % 5 + 1}", f"{n % 5 + 1}.{n}", " ".join(rng.choices(WORDS, k=40)), 10, "",
        " ".join(rng.choices(WORDS, k=80))]) + "</row>" for n in range(2, 2002))
    cases["largest-table"] = ("2,000 items of 40 and 80 words (accepted)", bombs.workbook(_sheet(rows)))
    # Styles are parsed whole at opening; random attributes keep the part packing like real data.
    n = DEFAULT_LIMITS.max_elements - 100  # the few other elements of the file fit in the rest
    xfs = "".join(f'<xf numFmtId="{rng.randrange(200)}" fontId="0" fillId="0" borderId="{rng.randrange(9)}"/>'
                  for _ in range(n))
    styles = bombs.deflated(f'<styleSheet xmlns="{bombs.MAIN_NS}"><cellXfs count="{n}">{xfs}</cellXfs>'
                            f'</styleSheet>'.encode())
    cases["styles-at-limit"] = (f"{n:,} cell styles (just under the element limit)",
                                bombs.workbook(_sheet(f'<row r="2">{_text_cells(2, ["x"])}</row>'), styles=styles))
    cells = "".join(f'<c r="A{i}"/>' for i in range(n))  # one row, every cell naming its own place
    cases["row-at-limit"] = (f"one row of {n:,} cells (just under the element limit)",
                             bombs.workbook(_sheet(f'<row r="2">{cells}</row>')))
    # 32,767-character texts (the most one may hold) filling a 20 MB shared-string table, the largest
    # part allowed: two letters at random pack about 8 to 1, under the ratio limit.
    letters = bytes(0x61 + (b & 1) for b in range(256))
    texts = b"".join(b"<si><t>" + os.urandom(DEFAULT_LIMITS.max_text_chars).translate(letters) + b"</t></si>"
                     for _ in range(DEFAULT_LIMITS.max_member_bytes // (DEFAULT_LIMITS.max_text_chars + 20)))
    strings = bombs.deflated(f'<sst xmlns="{bombs.MAIN_NS}">'.encode() + texts + b"</sst>")
    sheet = _sheet('<row r="2"><c r="A2" t="inlineStr"><is><t>Tiêu chí</t></is></c><c r="C2"><v>1</v></c>'
                   '<c r="D2" t="s"><v>0</v></c><c r="E2"><v>10</v></c></row>')
    cases["text-at-limit"] = ("20 MB of shared strings of 32,767 characters (the largest part allowed)",
                              bombs.workbook(sheet, strings))
    return cases


def memory() -> dict[str, int]:
    status = open("/proc/self/status").read()
    return {key: int(re.search(rf"{key}:\s+(\d+) kB", status).group(1)) * 1024 for key in ("VmRSS", "VmHWM")}


def child(path: str) -> None:
    """One import in this process; prints its measures as JSON."""
    folder = tempfile.mkdtemp(prefix="bench-bombs-")
    app = create_app({"SECRET_KEY": os.urandom(16).hex(), "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite", "UPLOAD_FOLDER": folder})
    with app.app_context():
        db.create_all()
        unit = m.Unit(code="LEAD", name="Sở Tài chính", kind=m.UnitKind.DEPARTMENT, valid_from=date(2025, 1, 1),
                      search_key="so tai chinh")
        cluster = m.Cluster(name="Cụm thi đua số 1", kind=m.ClusterKind.CLUSTER)
        db.session.add_all([unit, cluster])
        db.session.flush()
        db.session.add(m.ClusterMembership(cluster=cluster, unit=unit, year=2026))
        db.session.add(m.ClusterLeadership(cluster=cluster, year=2026, lead_unit=unit))
        lead = m.User(username="bench-lead", full_name="Cụm trưởng", role=m.Role.CLUSTER_LEAD, unit=unit)
        lead.set_password("bench-pass-1")
        scoring = m.ClusterScoring(cluster=cluster, year=2026, status=m.ScoringStatus.PREPARING)
        db.session.add_all([lead, scoring])
        db.session.commit()
        scoring_id = scoring.id
    client = app.test_client()
    assert client.post("/login", data={"username": "bench-lead", "password": "bench-pass-1"}).status_code in (302, 303)
    assert client.get(f"/scoring/{scoring_id}").status_code == 200
    with open(path, "rb") as upload:
        # Encoded here rather than by the test client, which would spool it to a temporary file.
        boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(upload.read()), "tieu-chi.xlsx")})
    with open("/proc/self/clear_refs", "w") as reset:  # VmHWM starts again from the current size
        reset.write("5")
    idle = memory()["VmRSS"]
    started = time.perf_counter()
    response = client.post(f"/scoring/{scoring_id}/criteria/import", data=body,
                           content_type=f"multipart/form-data; boundary={boundary}")
    seconds = time.perf_counter() - started
    page = response.get_data(as_text=True)
    reason = re.search(r'<table[^>]*id="import-errors".*?<tr><td>[^<]*</td><td>([^<]*)</td>', page, re.S)
    with app.app_context():
        imported = db.session.get(m.ClusterScoring, scoring_id).items
    print(json.dumps({"status": response.status_code, "seconds": seconds, "idle": idle, "peak": memory()["VmHWM"],
                      "answer": reason.group(1) if reason else f"{len(imported)} items imported"}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--only", nargs="*", help="case names")
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0
    cases = build_cases()
    folder = tempfile.mkdtemp(prefix="bench-bombs-files-")
    print(f"| criteria import (one process per case, SQLite) | file | answer | s | idle MB | peak above idle MB "
          f"| goal < {GOAL_MB} MB, ≤ {GOAL_S:.0f} s |")
    print("|---|---:|---|---:|---:|---:|---|")
    for name, (what, content) in cases.items():
        if args.only and name not in args.only:
            continue
        path = os.path.join(folder, f"{name}.xlsx")
        with open(path, "wb") as out:
            out.write(content)
        run = subprocess.run([sys.executable, __file__, "--child", path], capture_output=True, text=True)
        if run.returncode != 0:
            print(f"| {what} | {len(content) / MB:.1f} MB | crashed: {run.stderr.strip()[-200:]} | | | | FAIL |")
            continue
        r = json.loads(run.stdout.strip().splitlines()[-1])
        above = (r["peak"] - r["idle"]) / MB
        ok = above < GOAL_MB and r["seconds"] <= GOAL_S and r["status"] in (303, 422)
        print(f"| {what} | {len(content) / MB:.1f} MB | {r['status']}: {r['answer']} | {r['seconds']:.2f} "
              f"| {r['idle'] / MB:.0f} | {above:.0f} | {'PASS' if ok else 'FAIL'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
