"""The load-test courses: published course pages with short lessons and a ten-question quiz
each, completion criteria (every lesson, then the quiz passed) and the demo certificate
template. A handful of pages, created through the page tree (treebeard cannot bulk insert)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import transaction
from wagtail.models import Site

from certificates.models import CourseCertificateTemplate
from certificates.services import get_or_create_default_template
from courses.models import CourseCriterion, CourseIndexPage, CoursePage, LessonPage
from quizzes.models import Choice, Question, QuestionCategory, QuizPage, QuizQuestion
from quizzes.services import build_snapshot

from .content import LESSON_TIP, QUESTIONS, QUESTIONS_PER_QUIZ, TOPICS, TRUE_FALSE

LESSON_MINUTES = 8
PASS_MARK = 70


@dataclass(frozen=True)
class LoadCourse:
    """What the activity generator needs to know of a generated course."""

    course_id: int
    title: str
    duration_minutes: int
    lesson_ids: list[int]
    quiz_id: int
    pass_mark: int
    snapshot: list[dict]  # the quiz's questions as every attempt shows them (no shuffling)
    template_id: int


def catalogue() -> CourseIndexPage:
    """The course catalogue (the demo's, when seeded), created under the site root if none."""
    found = CourseIndexPage.objects.order_by("path").first()
    if found is not None:
        return found
    root = Site.objects.get(is_default_site=True).root_page
    return root.add_child(instance=CourseIndexPage(title="Khóa học", slug="courses"))


def lesson_body(text: str, n: int) -> list[dict]:
    """A short lesson: a paragraph, a heading, a list and (every other lesson) a tip."""
    body = [
        {"type": "paragraph", "value": f"<p>{text}</p>"},
        {"type": "heading", "value": "Ghi nhớ"},
        {
            "type": "paragraph",
            "value": "<ul><li>Làm đúng quy trình đã hướng dẫn.</li>"
            "<li>Hỏi cán bộ phụ trách khi chưa rõ.</li></ul>",
        },
    ]
    if n % 2 == 0:
        body.append(
            {
                "type": "callout",
                "value": {"kind": "tip", "title": "Mẹo", "text": f"<p>{LESSON_TIP}</p>"},
            }
        )
    return body


def make_questions(category: QuestionCategory, start: int) -> list[Question]:
    """Ten questions of the pool, starting at `start` (so courses differ), in `category`."""
    questions = []
    for i in range(QUESTIONS_PER_QUIZ):
        data = QUESTIONS[(start + i) % len(QUESTIONS)]
        kind = data["kind"]
        question = Question(
            category=category,
            kind=kind,
            text=data["text"],
            accepted_answers="\n".join(data.get("accepted", [])),
            ignore_diacritics=kind == "short_answer",
        )
        texts = TRUE_FALSE if kind == "true_false" else data.get("choices", [])
        question.choices = [
            Choice(text=text, is_correct=j in data.get("correct", []))
            for j, text in enumerate(texts)
        ]
        question.save()
        questions.append(question)
    return questions


def course_title(n: int, run: int) -> str:
    topic = TOPICS[n % len(TOPICS)]
    title = topic["title"]
    if n >= len(TOPICS):
        title = f"{title} – lớp {n // len(TOPICS) + 1}"
    if run > 1:
        title = f"{title} (đợt {run})"
    return title


@transaction.atomic
def make_courses(*, tag: str, run: int, count: int) -> list[LoadCourse]:
    """`count` live courses with their lessons, quiz, criteria and certificate template."""
    parent = catalogue()
    template = get_or_create_default_template()
    made = []
    for n in range(count):
        topic = TOPICS[n % len(TOPICS)]
        parent.refresh_from_db()
        course = parent.add_child(
            instance=CoursePage(
                title=course_title(n, run),
                slug=f"{tag}-khoa-{n + 1:02d}",
                summary=topic["summary"],
                objectives="\n".join(title for title, _text in topic["lessons"]),
                pillar=topic["pillar"],
                duration_minutes=LESSON_MINUTES * len(topic["lessons"]) + 15,
            )
        )
        lessons = []
        for i, (title, text) in enumerate(topic["lessons"]):
            course.refresh_from_db()
            lessons.append(
                course.add_child(
                    instance=LessonPage(
                        title=title,
                        slug=f"bai-{i + 1}",
                        estimated_minutes=LESSON_MINUTES,
                        # Marked complete by the button only: the load test posts it.
                        auto_complete_seconds=0,
                        body=lesson_body(text, i),
                    )
                )
            )
        category = QuestionCategory.objects.create(name=f"{course.title} [{tag}-{n + 1:02d}]")
        quiz = QuizPage(
            title="Bài kiểm tra cuối khóa",
            slug="bai-kiem-tra",
            intro=f"Mười câu hỏi về nội dung khóa học. Cần đạt {PASS_MARK}% để hoàn thành; "
            "làm lại không giới hạn số lần.",
            pass_mark=PASS_MARK,
            max_attempts=0,
            time_limit_minutes=20,
            review_policy="after_passing",
        )
        quiz.quiz_questions = [QuizQuestion(question=q) for q in make_questions(category, n)]
        course.refresh_from_db()
        course.add_child(instance=quiz)
        CourseCriterion.objects.bulk_create(
            [
                CourseCriterion(course=course, kind="lessons", sort_order=0),
                CourseCriterion(course=course, kind="quiz_passed", target_page=quiz, sort_order=1),
            ]
        )
        CourseCertificateTemplate.objects.create(course=course, template=template)
        made.append(
            LoadCourse(
                course_id=course.pk,
                title=course.title,
                duration_minutes=course.duration_minutes,
                lesson_ids=[lesson.pk for lesson in lessons],
                quiz_id=quiz.pk,
                pass_mark=quiz.pass_mark,
                snapshot=build_snapshot(quiz, random.Random(0)),
                template_id=template.pk,
            )
        )
    return made
