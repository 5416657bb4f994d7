"""Benchmark: CPU time to grade one 50-question attempt (target: under 10 ms).

Grading is a pure function of the attempt's snapshot and answers (quizzes.grading), so this
builds a realistic snapshot — single, multiple (partial credit), true/false and short answers
with Vietnamese text and diacritic folding — and measures `grade()` alone, then the same with
`clean_answers()` (the check of a submitted form) in front, as `submit_attempt` does.

Run: .venv/bin/python bench/grade_attempt.py   (writes bench/results/grade_attempt.json)
"""

import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lmssite.settings.test")

import django  # noqa: E402

django.setup()

from quizzes.grading import clean_answers, grade  # noqa: E402

QUESTIONS = 50
ROUNDS = 2000


def build() -> tuple[list[dict], dict]:
    snapshot, answers = [], {}
    next_choice = 1
    for n in range(QUESTIONS):
        kind = ["single", "multiple", "true_false", "short_answer"][n % 4]
        item = {
            "id": 1000 + n,
            "kind": kind,
            "text": f"Câu hỏi số {n} về chuyển đổi số?",
            "points": "1.5",
            "scoring": "partial" if n % 8 == 1 else "all_or_nothing",
            "feedback": "",
            "choices": [],
            "accepted": ["Chuyển đổi số", "chuyen doi so"],
            "ignore_diacritics": n % 3 == 0,
        }
        if kind != "short_answer":
            count = 2 if kind == "true_false" else 5
            item["choices"] = [
                {"id": next_choice + i, "text": f"Phương án {i}", "correct": i in (0, 2)}
                for i in range(count if kind == "multiple" else count)
            ]
            if kind != "multiple":
                item["choices"][2 % count]["correct"] = kind != "single"
            next_choice += count
            picked = [c["id"] for c in item["choices"][:2]]
            answers[str(item["id"])] = picked if kind == "multiple" else picked[:1]
        else:
            answers[str(item["id"])] = "  Chuyển ĐỔI số "
        snapshot.append(item)
    return snapshot, answers


def measure(function) -> float:
    start = time.process_time()
    for _ in range(ROUNDS):
        function()
    return (time.process_time() - start) / ROUNDS * 1000


def main() -> None:
    snapshot, answers = build()
    grade(snapshot, answers)  # warm-up
    grade_ms = measure(lambda: grade(snapshot, answers))
    submit_ms = measure(lambda: grade(snapshot, clean_answers(snapshot, answers)))
    result = {
        "questions": QUESTIONS,
        "rounds": ROUNDS,
        "grade_cpu_ms": round(grade_ms, 3),
        "check_and_grade_cpu_ms": round(submit_ms, 3),
        "target_ms": 10,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
    }
    print(f"{'step':<32}{'CPU ms per attempt':>20}")
    print(f"{'grade 50 questions':<32}{grade_ms:>20.3f}")
    print(f"{'check answers + grade':<32}{submit_ms:>20.3f}")
    out = ROOT / "bench" / "results" / "grade_attempt.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
