"""Wagtail admin screens of `quizzes`: the question bank as snippets (`bank`), importing
questions (`imports`) and the attempts listing (`attempts`). `quizzes.wagtail_hooks` registers
them under one "Quizzes" menu."""
