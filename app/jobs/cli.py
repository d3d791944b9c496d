"""``flask jobs``: run a worker, sweep for jobs left behind, check that a worker answers."""
import logging
import time

import click
from flask import Flask, current_app
from flask.cli import AppGroup


def register(app: Flask) -> None:
    jobs = AppGroup("jobs", help="Background jobs (imports, bulk documents).")

    @jobs.command("worker")
    @click.option("--workers", type=int, default=None, help="Threads (default JOB_WORKERS, 2).")
    def worker(workers: int | None):
        """Run the jobs (Huey's consumer, in this app); stop with Ctrl-C (waits for running jobs) or SIGTERM."""
        from app.jobs import runner
        from app.jobs.queue import huey_of

        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        huey = huey_of(current_app)
        huey.immediate = False
        # Jobs left behind by a previous worker are queued again before the first one starts.
        click.echo(f"sweep: {runner.sweep()}")
        consumer = huey.create_consumer(workers=workers or current_app.config.get("JOB_WORKERS", 2),
                                        worker_type="thread", periodic=True, check_worker_health=True)
        consumer.run()

    @jobs.command("sweep")
    def sweep():
        """Queue again the jobs whose message was lost or whose worker died (a worker does this every minute)."""
        from app.jobs import runner

        click.echo(runner.sweep())

    @jobs.command("check")
    @click.option("--wait", type=float, default=30.0, help="Seconds to wait for a worker to finish it.")
    def check(wait: float):
        """Queue a small job and wait for a worker to finish it (exit 1 if none does in time)."""
        from app import jobs
        from app.extensions import db
        from app.jobs.check import KIND
        from app.models.jobs import Job, JobStatus

        job = jobs.create(KIND, None, params={"steps": 3}, total=3)
        db.session.commit()
        jobs.enqueue(job)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            db.session.expire_all()
            status = db.session.get(Job, job.id).status  # type: ignore[union-attr]
            if not status.is_active:
                click.echo(f"job {job.id}: {status.value}")
                raise SystemExit(0 if status is JobStatus.DONE else 1)
            time.sleep(0.2)
        click.echo(f"job {job.id}: no worker finished it within {wait:g} s", err=True)
        raise SystemExit(1)

    app.cli.add_command(jobs)
