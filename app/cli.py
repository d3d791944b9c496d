"""Command-line commands registered on the app (``flask demo load`` …)."""
import click
from flask import Flask
from flask.cli import AppGroup


def register(app: Flask) -> None:
    demo = AppGroup("demo", help="Demo data for the merged Gia Lai province.")

    @demo.command("load")
    def load_demo():
        """Load the demo data (idempotent: a second run changes nothing)."""
        from app.demo import load

        summary = load()
        click.echo(summary)

    app.cli.add_command(demo)

    workflow = AppGroup("workflow", help="The dossier workflow.")

    @workflow.command("diagram")
    @click.option("--award", "award_code", default=None, metavar="CODE",
                  help="Only the route of this award's authority level (unit, provincial, central).")
    def diagram(award_code: str | None):
        """Print the workflow as a Mermaid state diagram (paste it into the README)."""
        from sqlalchemy import select

        from app.extensions import db
        from app.models import Award
        from app.workflow.diagram import mermaid

        award = None
        if award_code is not None:
            award = db.session.scalar(select(Award).where(Award.code == award_code))
            if award is None:
                codes = ", ".join(db.session.scalars(select(Award.code).order_by(Award.sort_order)))
                raise click.ClickException(f"No award with the code {award_code!r}. Known codes: {codes or 'none'}.")
        click.echo(mermaid(award), nl=False)

    app.cli.add_command(workflow)

    audit = AppGroup("audit", help="The dossiers' history.")

    @audit.command("verify")
    def verify_history():
        """Recompute every dossier's history hash chain; exit code 1 if any is broken."""
        from app.audit import verify

        result = verify()
        for broken in result.broken:
            for problem in broken.problems:
                click.echo(f"dossier {broken.dossier_id}: {problem}")
        if not result.ok:
            raise click.exceptions.Exit(1)
        click.echo(f"OK: {result.rows} history rows of {result.dossiers} dossiers, every chain intact.")

    app.cli.add_command(audit)

    backup = AppGroup("backup", help="Back up and restore the database and the uploaded files.")

    @backup.command("create")
    @click.option("--out", "out", type=click.Path(dir_okay=False, writable=True),
                  help="The archive to write (default: instance/backups/khenthuong-<UTC time>.tar.gz).")
    def create_backup(out):
        """Write one archive: a consistent snapshot of the database, the upload folder and a manifest."""
        from app import backup as backups

        try:
            path, manifest = backups.create(out)
        except backups.BackupError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"Backup written to {path}: {backups.summary(manifest)}.")

    @backup.command("restore")
    @click.argument("archive", type=click.Path(exists=True, dir_okay=False))
    def restore_backup(archive):
        """Restore an archive into this instance's empty database and its upload folder."""
        from app import backup as backups

        try:
            manifest, report = backups.restore(archive)
        except backups.BackupError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"Restored {archive} (made {manifest['created_at']}): {backups.summary(manifest)}.")
        for line in report.notes:
            click.echo(line)
        if report.problems:
            for line in report.problems:
                click.echo(f"Problem: {line}", err=True)
            raise click.exceptions.Exit(1)
        click.echo("Every table has the archive's row count and every attachment's file its recorded SHA-256.")

    app.cli.add_command(backup)

    from app.documents import cli as documents_cli

    documents_cli.register(app)  # flask documents sample-decision

    from app.eligibility import cli as eligibility_cli

    eligibility_cli.register(app)  # flask eligibility check CASE.json, flask eligibility seed
