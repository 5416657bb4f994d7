"""Build the wheel and check it holds the four apps with their data files, and nothing else."""

import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

APPS = {"lms", "courses", "quizzes", "certificates"}

with tempfile.TemporaryDirectory() as out:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", out, "."],
        check=True,
    )
    wheel = next(Path(out).glob("*.whl"))
    names = zipfile.ZipFile(wheel).namelist()

tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
problems = []
if tops != APPS:
    problems.append(f"top-level entries {sorted(tops)} != {sorted(APPS)}")
for needed in [
    "lms/migrations/0001_initial.py",
    "lms/templates/lms/base.html",
    "lms/locale/vi/LC_MESSAGES/django.mo",
    "lms/static/lms/css/lms.css",
]:
    if needed not in names:
        problems.append(f"missing {needed}")
if problems:
    sys.exit("wheel check failed: " + "; ".join(problems))
print(f"wheel ok: {wheel.name}, {len(names)} files")
