"""Benchmark: certificates rendered per second with the demo template (xhtml2pdf, QR code,
embedded Vietnamese font, a seal image), against a direct ReportLab drawing of the same content
in the same run as the floor; then the time to bulk issue 1,000 certificates through the task.

It builds a throw-away SQLite database and media root under /tmp and migrates it. Tasks run
immediately (the test settings), so the bulk issue includes rendering every PDF.

Run: .venv/bin/python bench/certificates.py   (writes bench/results/certificates.json)
"""

import io
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "certificates.json"
RENDERS = 100
BULK = 1000
HOLDER = "Nguyễn Thị Ánh Tuyết"


def setup_django(workdir: Path) -> None:
    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
    os.environ["DJANGO_SETTINGS_MODULE"] = "lmssite.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False
    settings.MEDIA_ROOT = workdir / "media"
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def seal_image():
    """A round red seal, drawn with Pillow, stored as a Wagtail image in the temp media root."""
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from PIL import ImageDraw
    from wagtail.images.models import Image

    picture = PILImage.new("RGBA", (240, 240), (255, 255, 255, 0))
    ImageDraw.Draw(picture).ellipse((8, 8, 232, 232), outline=(200, 20, 20, 255), width=12)
    data = io.BytesIO()
    picture.save(data, "PNG")
    return Image.objects.create(title="Con dấu", file=ImageFile(data, name="seal.png"))


def demo_certificate():
    from certificates import services
    from certificates.admin.templates import sample_certificate

    template = services.get_or_create_default_template()
    template.seal_image = seal_image()
    template.save()
    certificate = sample_certificate(template)
    certificate.holder_name = HOLDER
    certificate.serial = "TB-2026-000123"
    certificate.verification_code = "x" * 32
    return certificate


def render_xhtml2pdf(certificate) -> bytes:
    from certificates.pdf import render_certificate

    return render_certificate(certificate).data


def render_reportlab(certificate, seal_path: str) -> bytes:
    """The same content drawn directly: title, texts in the same TTF, QR code and seal."""
    import segno
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from certificates.pdf import verification_url

    out = io.BytesIO()
    width, height = landscape(A4)
    page = canvas.Canvas(out, pagesize=(width, height))
    page.setTitle(f"Certificate {certificate.serial}")
    page.setAuthor("Sở Thông tin và Truyền thông")
    page.setSubject(f"{certificate.course_title} — {certificate.holder_name}")
    page.setFont("BeVietnamPro-Bold", 16)
    page.drawCentredString(width / 2, height - 60, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    page.setFont("BeVietnamPro", 13)
    page.drawCentredString(width / 2, height - 80, "Độc lập - Tự do - Hạnh phúc")
    page.setFont("BeVietnamPro-Bold", 34)
    page.drawCentredString(width / 2, height - 150, "GIẤY CHỨNG NHẬN")
    page.setFont("BeVietnamPro-Bold", 26)
    page.drawCentredString(width / 2, height - 210, certificate.holder_name)
    page.setFont("BeVietnamPro", 14)
    lines = [
        f"{certificate.holder_position} — {certificate.holder_unit}",
        f"Đã hoàn thành khóa học: {certificate.course_title}",
        "Thời lượng: 2 giờ · Ngày cấp: 01/06/2026",
        f"Số hiệu: {certificate.serial}",
    ]
    for n, line in enumerate(lines):
        page.drawCentredString(width / 2, height - 250 - 22 * n, line)
    page.drawCentredString(width - 180, 150, certificate.template.signatory_title)
    page.setFont("BeVietnamPro-Bold", 14)
    page.drawCentredString(width - 180, 80, certificate.template.signatory_name)
    qr = io.BytesIO()
    segno.make(verification_url(certificate), error="m").save(qr, kind="png", scale=4, border=2)
    qr.seek(0)
    page.drawImage(ImageReader(qr), 50, 50, 100, 100)
    page.drawImage(seal_path, width - 240, 90, 110, 110, mask="auto")
    page.showPage()
    page.save()
    return out.getvalue()


def per_second(function, rounds: int) -> tuple[float, float]:
    function()  # warm-up: fonts parsed, templates compiled
    started = time.process_time()
    wall = time.perf_counter()
    for _ in range(rounds):
        function()
    cpu = time.process_time() - started
    return rounds / cpu, time.perf_counter() - wall


def bulk_issue_seconds() -> dict:
    """Make BULK learners with a completed enrollment, then time the bulk issue task."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from certificates.models import Certificate, CourseCertificateTemplate
    from certificates.services import get_or_create_default_template
    from certificates.tasks import bulk_issue_certificates
    from lms.models import Enrollment, LearnerProfile
    from tests.factories import make_course

    course = make_course(lessons=1, title="Chính quyền số cơ bản", duration_minutes=120)
    CourseCertificateTemplate.objects.create(
        course=course, template=get_or_create_default_template()
    )
    User = get_user_model()
    users = User.objects.bulk_create(User(username=f"hv{n:04d}") for n in range(BULK))
    LearnerProfile.objects.bulk_create(
        LearnerProfile(user=user, full_name=f"Trần Văn Học {n}") for n, user in enumerate(users)
    )
    now = timezone.now()
    Enrollment.objects.bulk_create(
        Enrollment(user=user, course=course, status="completed", enrolled_at=now, completed_at=now)
        for user in users
    )
    started = time.perf_counter()
    result = bulk_issue_certificates.enqueue(course.pk).return_value
    seconds = time.perf_counter() - started
    assert result["issued"] == BULK, result  # noqa: S101
    again = time.perf_counter()
    rerun = bulk_issue_certificates.enqueue(course.pk).return_value
    assert rerun["issued"] == 0 and Certificate.objects.count() == BULK  # noqa: S101
    return {
        "certificates": BULK,
        "seconds_including_pdfs": round(seconds, 2),
        "per_second": round(BULK / seconds, 1),
        "rerun_seconds": round(time.perf_counter() - again, 3),
    }


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="bench-certificates-"))
    try:
        setup_django(workdir)
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        from certificates.pdf import FONT_FILES

        pdfmetrics.registerFont(TTFont("BeVietnamPro", str(FONT_FILES[("normal", "normal")])))
        pdfmetrics.registerFont(TTFont("BeVietnamPro-Bold", str(FONT_FILES[("bold", "normal")])))
        certificate = demo_certificate()
        seal_path = certificate.template.seal_image.file.path
        assert render_xhtml2pdf(certificate).startswith(b"%PDF")  # noqa: S101
        xhtml_rate, xhtml_wall = per_second(lambda: render_xhtml2pdf(certificate), RENDERS)
        raw_rate, raw_wall = per_second(lambda: render_reportlab(certificate, seal_path), RENDERS)
        bulk = bulk_issue_seconds()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "renders": RENDERS,
        "xhtml2pdf_per_cpu_second": round(xhtml_rate, 1),
        "xhtml2pdf_wall_seconds": round(xhtml_wall, 2),
        "reportlab_floor_per_cpu_second": round(raw_rate, 1),
        "reportlab_wall_seconds": round(raw_wall, 2),
        "budget_per_second": 30,
        "bulk_issue": bulk,
    }
    print(f"{'renderer':<32}{'per CPU second':>16}{'wall s / ' + str(RENDERS):>16}")
    print(f"{'demo template (xhtml2pdf)':<32}{xhtml_rate:>16.1f}{xhtml_wall:>16.2f}")
    print(f"{'same content (raw ReportLab)':<32}{raw_rate:>16.1f}{raw_wall:>16.2f}")
    print(
        f"bulk issue of {BULK} through the task (PDFs included): "
        f"{bulk['seconds_including_pdfs']} s ({bulk['per_second']}/s); re-run "
        f"{bulk['rerun_seconds']} s, nothing issued"
    )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
