"""The awareness gain report: per agreement question and per unit, the average answer (1–5)
before and after the course, and the difference.

A unit's figures cover the learners of its whole subtree (by the unit on their profile today).
The answers are summed and counted by the database in one grouped query, per question, phase
and learner's unit; the subtree totals are then added up over the units shown, never over
learners. Averages compare everyone who answered before with everyone who answered after
(not only the learners who answered both).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, Q, Sum

from lms.models import OrganisationUnit, OrganisationUnitQuerySet

from .models import SurveyAnswer, SurveyPhase, SurveyQuestion, SurveyQuestionKind

TWO_PLACES = Decimal("0.01")


def report_units(user: Any) -> OrganisationUnitQuerySet:
    """The units whose learners `user` may see in the report: every unit for superusers and
    site administrators, the subtrees they manage for unit managers (none for anyone else)."""
    return OrganisationUnit.objects.managed_by(user)


@dataclass
class GainRow:
    survey_title: str
    question_id: int
    question: str
    unit_id: int
    unit: str
    unit_code: str
    unit_level: int  # 0 for a unit the report covers, 1 for a unit right below it
    pre_count: int
    post_count: int
    pre_average: Decimal | None
    post_average: Decimal | None
    # Whether a listing shows the question on this row (not on the rows that repeat it).
    show_question: bool = True

    @property
    def difference(self) -> Decimal | None:
        if self.pre_average is None or self.post_average is None:
            return None
        return self.post_average - self.pre_average


def _average(total: int, count: int) -> Decimal | None:
    if not count:
        return None
    return (Decimal(total) / count).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def _roots(units: list[OrganisationUnit]) -> list[OrganisationUnit]:
    """The units of `units` with no ancestor among them (the tops of the visible subtrees)."""
    paths = [unit.path for unit in units]
    return [
        unit
        for unit in units
        if not any(unit.path != path and unit.path.startswith(path) for path in paths)
    ]


def shown_units(
    visible: list[OrganisationUnit], unit: OrganisationUnit | None
) -> tuple[list[OrganisationUnit], list[tuple[OrganisationUnit, int]]]:
    """(roots, rows): the subtrees the report covers (the chosen `unit`, else the tops of what
    the user sees), and the units it has a row for, with their level: each root (0) and the
    units right below it (1)."""
    roots = [unit] if unit is not None else _roots(visible)
    rows = []
    for root in roots:
        rows.append((root, 0))
        rows.extend(
            (child, 1)
            for child in visible
            if child.depth == root.depth + 1 and child.path.startswith(root.path)
        )
    return roots, rows


def awareness_gain(
    *,
    user: Any,
    course_id: int | None = None,
    survey_id: int | None = None,
    unit: OrganisationUnit | None = None,
) -> list[GainRow]:
    """The report's rows, question by question (in the survey's order) and, for each, unit by
    unit in tree order; a unit without any answer to the question has no row.

    `unit` narrows the report to that unit (which must be one `user` may see: otherwise there
    are no rows) and the units right below it. Three queries: the units, the grouped sums of
    the answers, and the questions.
    """
    visible = list(report_units(user).only("id", "path", "depth", "name", "code"))
    if unit is not None and unit.pk not in {candidate.pk for candidate in visible}:
        return []
    roots, rows_units = shown_units(visible, unit)
    if not roots:
        return []

    in_scope = Q()
    for root in roots:
        in_scope |= Q(response__user__learner_profile__unit__path__startswith=root.path)
    answers = SurveyAnswer.objects.filter(
        in_scope, question__kind=SurveyQuestionKind.LIKERT, value__isnull=False
    )
    if course_id is not None:
        answers = answers.filter(response__course_id=course_id)
    if survey_id is not None:
        answers = answers.filter(response__survey_id=survey_id)
    groups = list(
        answers.values(
            "question_id",
            phase=F("response__phase"),
            unit_path=F("response__user__learner_profile__unit__path"),
        )
        .annotate(total=Sum("value"), count=Count("id"))
        .order_by()
    )
    if not groups:
        return []

    # (question, unit, phase) → [sum, count], over each shown unit's subtree.
    sums: dict[tuple[int, int, str], list[int]] = defaultdict(lambda: [0, 0])
    for shown, _level in rows_units:
        for group in groups:
            if group["unit_path"].startswith(shown.path):
                cell = sums[(group["question_id"], shown.pk, group["phase"])]
                cell[0] += group["total"]
                cell[1] += group["count"]

    questions = (
        SurveyQuestion.objects.filter(pk__in={group["question_id"] for group in groups})
        .select_related("survey")
        .order_by("survey__title", "survey_id", "sort_order", "pk")
    )
    rows = []
    for question in questions:
        for shown, level in rows_units:
            pre_total, pre_count = sums.get((question.pk, shown.pk, SurveyPhase.PRE), (0, 0))
            post_total, post_count = sums.get((question.pk, shown.pk, SurveyPhase.POST), (0, 0))
            if not pre_count and not post_count:
                continue
            rows.append(
                GainRow(
                    survey_title=question.survey.title,
                    question_id=question.pk,
                    question=question.text,
                    unit_id=shown.pk,
                    unit=shown.name,
                    unit_code=shown.code,
                    unit_level=level,
                    pre_count=pre_count,
                    post_count=post_count,
                    pre_average=_average(pre_total, pre_count),
                    post_average=_average(post_total, post_count),
                )
            )
    return rows
