"""DOCX → PDF with LibreOffice headless (Debian's libreoffice-writer-nogui, installed by ``make``).

Each conversion runs its own ``soffice`` with its own user profile in a fresh temporary directory:
two LibreOffice processes sharing a profile lock each other out or corrupt it, and a new profile
costs well under a second on this machine, so a pool of long-lived profiles would buy little and
bring back the sharing problem. The process runs in its own session so that a timeout kills the
whole process group (``soffice`` starts ``soffice.bin`` as a child), and the temporary directory
(input, output, profile) is removed whatever happens.

Fonts: the templates ask for Times New Roman, which Debian does not ship. Liberation Serif
(fonts-liberation) has the same metrics, so lines and pages break where Word breaks them; the
project's fontconfig file (fonts.conf beside this module, which includes the system's own
configuration first) makes that substitution explicit instead of leaving it to whatever the
machine's defaults pick.
"""
from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

log = logging.getLogger(__name__)

FONTCONFIG = Path(__file__).parent / "fonts.conf"
DEFAULT_TIMEOUT = 120.0  # seconds: a 1,000-row annex converts in a few seconds; a hung soffice does not return
# At most this many conversions at once per process: each soffice takes a CPU core and ~200 MB.
_SLOTS = threading.BoundedSemaphore(int(os.environ.get("KT_PDF_CONCURRENCY", "2")))


class PdfConversionError(RuntimeError):
    """LibreOffice is missing, failed, or took longer than the timeout."""


def soffice_path() -> str | None:
    """The LibreOffice executable, or None when it is not installed (``make`` installs it)."""
    return os.environ.get("KT_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")


def available() -> bool:
    return soffice_path() is not None


def docx_to_pdf(docx: bytes, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """The PDF of a DOCX document; raises PdfConversionError with the reason when it cannot."""
    executable = soffice_path()
    if executable is None:
        raise PdfConversionError(
            "LibreOffice (soffice) is not installed: run `make pdf` as root, or "
            "apt-get install libreoffice-writer-nogui fonts-liberation")
    with _SLOTS, tempfile.TemporaryDirectory(prefix="kt-pdf-") as work:
        folder = Path(work)
        source = folder / "document.docx"
        source.write_bytes(docx)
        profile = folder / "profile"
        command = [executable, "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                   f"-env:UserInstallation={profile.as_uri()}",
                   "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(folder), str(source)]
        env = {**os.environ, "HOME": str(folder), "FONTCONFIG_FILE": str(FONTCONFIG)}
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=folder,
                              start_new_session=True) as process:
            try:
                out, err = process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                _kill_group(process)
                process.communicate()
                raise PdfConversionError(f"LibreOffice did not finish the PDF within {timeout:g} s") from None
            finally:
                _kill_group(process)  # a child left behind would hold the profile and the directory
        target = folder / "document.pdf"
        if process.returncode != 0 or not target.is_file():
            detail = (err or out).decode("utf-8", "replace").strip()[-500:]
            log.error("PDF conversion failed (exit %s): %s", process.returncode, detail)
            raise PdfConversionError(f"LibreOffice could not convert the document (exit {process.returncode}): "
                                     f"{detail or 'no output'}")
        return target.read_bytes()


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()
