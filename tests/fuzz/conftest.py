"""Hypothesis settings for the fuzz tests: deterministic, bounded, and leaving no files.

Two profiles:

- ``fuzz`` (the default, what CI runs): ``derandomize=True``, so every run tries the same
  examples and a failure reproduces; no example database, so nothing is written to the repo.
- ``fuzz-explore``: random and ten times longer, to hunt for new bugs locally
  (``HYPOTHESIS_PROFILE=fuzz-explore pytest tests/fuzz``). A failure it finds must become an
  explicit ``@example`` or a plain test.

Tests pick their budget with `PURE` (pure functions), `PURE_COMPOSITE` (pure functions of
whole quizzes or forms) or `DB` (examples that touch the database through function-scoped
fixtures), which scale with the profile.
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir

# Hypothesis keeps a little state (e.g. constants it found in the code) in its home folder:
# under var/, which git ignores, never in the checkout's root.
set_hypothesis_home_dir(str(Path(__file__).resolve().parents[2] / "var" / "hypothesis"))

settings.register_profile(
    "fuzz",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
)
settings.register_profile(
    "fuzz-explore",
    derandomize=False,
    database=None,
    deadline=None,
    print_blob=True,
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "fuzz")
settings.load_profile(PROFILE)

_SCALE = 10 if PROFILE == "fuzz-explore" else 1

#: Pure functions: cheap examples, many of them.
PURE = settings(max_examples=200 * _SCALE)
#: Pure functions of whole structures (a quiz's snapshot and a form for it): fewer.
PURE_COMPOSITE = settings(max_examples=100 * _SCALE)
#: Examples that use the database (a fixture's rows, the test client): few, and the
#: function-scoped fixtures are shared by every example on purpose (each example cleans up).
DB = settings(
    max_examples=30 * _SCALE,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
