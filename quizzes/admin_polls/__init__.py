"""Wagtail admin of polls and surveys: the snippets (`polls`, `surveys`), the poll results and
the awareness gain reports. `hooks` registers everything; `quizzes.apps` imports it."""
