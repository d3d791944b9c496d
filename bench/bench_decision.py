"""Benchmark: render the award decision DOCX with 1,000 and 5,000 honorees (issue 3, "Speed").

Run: ``.venv/bin/python bench/bench_decision.py [--runs N] [--kind decision|draft|proposal|proposal-snv]``
(``draft``: the dự thảo that goes up for signature, number and date blank; ``proposal-snv``: the Sở Nội vụ's
Tờ trình that goes with it, its list as long as the decision's). Prints a Markdown table with the
median wall-clock and CPU time of N renders per size (after one warm-up render each) and
PASS/FAIL for the two goals: 1,000 honorees in ≤ 0.5 s; 5,000 in at most 6 × the 1,000 time.
The two sizes are rendered alternately, so that other work on this 2-core machine weighs on both
alike; the load average is printed because such work inflates wall-clock times.
"""
import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.documents import proposal_snv  # noqa: E402
from app.documents.decision import render_decision  # noqa: E402
from app.documents.sample import DECISION_TEXTS, sample_document, synthetic_honorees  # noqa: E402

GOAL_1000_SECONDS = 0.5
GOAL_RATIO = 6.0


def _renderer(kind: str, size: int):
    """A function rendering the document of ``kind`` with ``size`` honourees."""
    if kind == "proposal-snv":
        document = proposal_snv.sample()
        document.honorees = synthetic_honorees(size, DECISION_TEXTS.coefficients)
        return lambda: proposal_snv.render(document)
    decision = sample_document(size, "proposal" if kind == "proposal" else "decision")
    decision.draft = kind == "draft"
    return lambda: render_decision(decision)


def measure(sizes: tuple[int, ...], runs: int, kind: str) -> dict[int, tuple[float, float, int]]:
    """Per size: median wall and CPU seconds of ``runs`` renders, and the file size in bytes."""
    documents = {size: _renderer(kind, size) for size in sizes}
    file_sizes = {size: len(render()) for size, render in documents.items()}  # warm-up
    walls: dict[int, list[float]] = {size: [] for size in sizes}
    cpus: dict[int, list[float]] = {size: [] for size in sizes}
    for _ in range(runs):
        for size, render in documents.items():
            wall, cpu = time.perf_counter(), time.process_time()
            render()
            walls[size].append(time.perf_counter() - wall)
            cpus[size].append(time.process_time() - cpu)
    return {size: (statistics.median(walls[size]), statistics.median(cpus[size]), file_sizes[size]) for size in sizes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="renders per size (median reported)")
    parser.add_argument("--kind", choices=("decision", "draft", "proposal", "proposal-snv"), default="decision")
    args = parser.parse_args()

    results = measure((1000, 5000), args.runs, args.kind)
    (small_wall, small_cpu, small_size), (large_wall, large_cpu, large_size) = results[1000], results[5000]
    ratio = large_wall / small_wall
    verdict = {True: "PASS", False: "FAIL"}
    print(f"Decision DOCX rendering ({args.kind}, median of {args.runs} runs, load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)\n")
    print("| Honorees | Wall time | CPU time | File size | Goal | Result |")
    print("|---:|---:|---:|---:|---|---|")
    print(f"| 1,000 | {small_wall:.3f} s | {small_cpu:.3f} s | {small_size / 1024:.0f} KiB "
          f"| ≤ {GOAL_1000_SECONDS} s | {verdict[small_wall <= GOAL_1000_SECONDS]} |")
    print(f"| 5,000 | {large_wall:.3f} s | {large_cpu:.3f} s | {large_size / 1024:.0f} KiB "
          f"| ≤ {GOAL_RATIO:g} × the 1,000 time (is {ratio:.1f} ×; CPU {large_cpu / small_cpu:.1f} ×) "
          f"| {verdict[ratio <= GOAL_RATIO]} |")


if __name__ == "__main__":
    main()
