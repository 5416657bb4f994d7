"""factory_boy factories shared by the whole suite."""

import factory
from django.contrib.auth import get_user_model

from lms.models import LearnerCategory, LearnerProfile, OrganisationUnit, UnitKind

PASSWORD = "Demo@2026-test"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}@example.gov.vn")
    email = factory.SelfAttribute("username")
    password = factory.django.Password(PASSWORD)


class UnitFactory(factory.django.DjangoModelFactory):
    """A root unit, or a child when `parent=` is given (treebeard needs add_root/add_child)."""

    class Meta:
        model = OrganisationUnit

    code = factory.Sequence(lambda n: f"UNIT-{n:04d}")
    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    kind = UnitKind.DEPARTMENT

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        instance = model_class(**kwargs)
        if parent is None:
            return model_class.add_root(instance=instance)
        parent.refresh_from_db()
        return parent.add_child(instance=instance)


class LearnerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearnerProfile

    user = factory.SubFactory(UserFactory)
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    unit = factory.SubFactory(UnitFactory)
    position = "Chuyên viên"
    category = LearnerCategory.CIVIL_SERVANT


# --- courses ------------------------------------------------------------------------------


def default_site_root():
    """The default site's root page; recreated when a transactional test flushed Wagtail's
    migration data (the tree root and the default site)."""
    from wagtail.models import Page, Site

    from home.seed.site import tree_root

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None:
        return site.root_page
    home = tree_root().add_child(instance=Page(title="Trang chủ", slug="home"))
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    return home


def make_catalogue(title: str = "Khóa học", slug: str = "courses"):
    """The course catalogue under the site's root page (created by Wagtail's migrations)."""
    from courses.models import CourseIndexPage

    existing = CourseIndexPage.objects.filter(slug=slug).first()
    if existing:
        return existing
    root = default_site_root()
    catalogue = root.add_child(instance=CourseIndexPage(title=title, slug=slug))
    return catalogue


def make_course(catalogue=None, *, lessons: int = 3, optional: int = 0, **fields):
    """A live course with `lessons` required lessons (then `optional` optional ones)."""
    from courses.models import CoursePage, LessonPage

    catalogue = catalogue or make_catalogue()
    n = CoursePage.objects.count() + 1
    values = {
        "title": f"Khóa học {n}",
        "slug": f"khoa-hoc-{n}",
        "summary": "Tóm tắt khóa học.",
        "pillar": "digital_government",
    }
    values.update(fields)
    catalogue.refresh_from_db()
    course = catalogue.add_child(instance=CoursePage(**values))
    for i in range(lessons + optional):
        course.refresh_from_db()
        course.add_child(
            instance=LessonPage(
                title=f"Bài {i + 1}",
                slug=f"bai-{i + 1}",
                required=i < lessons,
                body=[("paragraph", f"<p>Nội dung bài {i + 1}.</p>")],
            )
        )
    course.refresh_from_db()
    return course


# --- quizzes ------------------------------------------------------------------------------


def make_question(
    text: str = "Câu hỏi?",
    *,
    kind: str = "single",
    choices: list[tuple[str, bool]] | None = None,
    category: str = "Chuyển đổi số",
    **fields,
):
    """A bank question; `choices` as (text, correct) pairs (default: one right, two wrong)."""
    from quizzes.models import Choice, Question, QuestionCategory

    category_obj, _ = QuestionCategory.objects.get_or_create(name=category)
    question = Question(category=category_obj, kind=kind, text=text, **fields)
    if kind != "short_answer":
        pairs = choices or [("Đúng", True), ("Sai 1", False), ("Sai 2", False)]
        question.choices = [Choice(text=t, is_correct=c) for t, c in pairs]
    question.save()
    return question


def make_quiz(course, questions, **fields):
    """A live quiz page under `course` with the given bank questions."""
    from quizzes.models import QuizPage, QuizQuestion

    course.refresh_from_db()
    n = QuizPage.objects.count() + 1
    quiz = QuizPage(title=f"Bài kiểm tra {n}", slug=f"kiem-tra-{n}", **fields)
    quiz.quiz_questions = [QuizQuestion(question=q) for q in questions]
    course.add_child(instance=quiz)
    return quiz


# --- polls and surveys --------------------------------------------------------------------


def make_poll(
    question: str = "Bạn đã dùng dịch vụ công trực tuyến chưa?",
    choices: tuple[str, ...] = ("Thường xuyên", "Đôi khi", "Chưa bao giờ"),
    **fields,
):
    """A published poll with its choices, in order (open now, for logged-in voters, results
    after voting, unless `fields` say otherwise)."""
    from quizzes.models import Poll, PollChoice

    poll = Poll(question=question, **fields)
    poll.choices = [PollChoice(text=text) for text in choices]
    poll.save()
    return poll


def make_survey(
    title: str = "Nhận thức về chuyển đổi số",
    questions: tuple[tuple[str, str], ...] = (
        ("likert", "Tôi hiểu chuyển đổi số là gì."),
        ("likert", "Tôi sẵn sàng dùng dịch vụ công trực tuyến."),
        ("text", "Bạn muốn học thêm điều gì?"),
    ),
    *,
    required: bool = True,
):
    """A survey with questions as (kind, text) pairs, in order."""
    from quizzes.models import Survey, SurveyQuestion

    survey = Survey(title=title)
    survey.questions = [
        SurveyQuestion(kind=kind, text=text, required=required) for kind, text in questions
    ]
    survey.save()
    return survey


def make_course_survey(course, survey, phase: str):
    from quizzes.models import CourseSurvey

    return CourseSurvey.objects.create(course=course, survey=survey, phase=phase)


def make_session(course, *, starts_in_hours: float = 48, hours: float = 3, **fields):
    """A scheduled in-person training session of `course`, starting `starts_in_hours` from
    now (negative: already started)."""
    import datetime

    from django.utils import timezone

    from courses.models import SessionKind, TrainingSession

    starts_at = timezone.now() + datetime.timedelta(hours=starts_in_hours)
    values = {
        "title": "Buổi học tại hội trường",
        "kind": SessionKind.IN_PERSON,
        "starts_at": starts_at,
        "ends_at": starts_at + datetime.timedelta(hours=hours),
        "venue_name": "Hội trường UBND huyện",
        "venue_address": "Số 1 đường Trần Hưng Đạo",
        "capacity": 30,
        **fields,
    }
    trainers = values.pop("trainers", [])
    session = TrainingSession.objects.create(course=course, **values)
    session.trainers.set(trainers)
    return session


# --- articles -----------------------------------------------------------------------------


def make_article_index(parent=None, **fields):
    """The news index (slug "news") under `parent`, by default the site's root page."""
    from lms.articles.models import ArticleIndexPage

    values = {"title": "Tin tức", "slug": "news", **fields}
    existing = ArticleIndexPage.objects.filter(slug=values["slug"]).first()
    if existing:
        return existing
    parent = parent or default_site_root()
    parent.refresh_from_db()
    return parent.add_child(instance=ArticleIndexPage(**values))


def make_article(index, *, authors=(), tags=(), live: bool = True, **fields):
    """An article under `index`: live and first published now unless told otherwise, with
    `authors` (Author rows) and `tags` (names); `body` as [(block type, value), ...]."""
    from django.utils import timezone

    from lms.articles.models import ArticlePage

    n = ArticlePage.objects.count() + 1
    now = timezone.now()
    values = {
        "title": f"Bài viết {n}",
        "slug": f"bai-viet-{n}",
        "standfirst": "Tóm lược bài viết.",
        "pillar": "digital_government",
        "live": live,
        "first_published_at": now if live else None,
        "last_published_at": now if live else None,
        **fields,
    }
    article = ArticlePage(**values)
    article.authors = list(authors)
    if tags:
        article.tags.add(*tags)
    index.refresh_from_db()
    index.add_child(instance=article)
    return article
