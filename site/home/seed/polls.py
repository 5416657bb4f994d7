"""A demo poll (open to anyone, shown in a lesson too) and a pre/post awareness survey."""

from __future__ import annotations

from django.db import transaction

from courses.models import CoursePage, LessonPage
from quizzes.models import CourseSurvey, Poll, PollChoice, Survey, SurveyQuestion

POLL_QUESTION = "Bạn thường làm thủ tục hành chính bằng cách nào?"
POLL_CHOICES = [
    "Nộp trực tuyến trên Cổng Dịch vụ công",
    "Đến bộ phận một cửa, có cán bộ hướng dẫn",
    "Nhờ người thân hoặc tổ công nghệ số cộng đồng làm giúp",
    "Chưa làm thủ tục nào trong năm qua",
]

SURVEY_TITLE = "Nhận thức về chuyển đổi số trong công việc"
SURVEY_QUESTIONS = [
    ("likert", "Tôi hiểu rõ chính quyền số thay đổi cách cơ quan tôi phục vụ người dân."),
    ("likert", "Tôi tự tin hướng dẫn người dân nộp hồ sơ trực tuyến."),
    ("likert", "Tôi biết cách ký số văn bản và bảo vệ chữ ký số của mình."),
    ("likert", "Tôi nhận ra được một thư điện tử lừa đảo."),
    ("text", "Điều gì còn làm anh/chị ngại khi xử lý hồ sơ trên môi trường số?"),
]


@transaction.atomic
def seed_polls(courses: list[CoursePage]) -> Poll:
    poll = Poll.objects.filter(question=POLL_QUESTION).first()
    if poll is None:
        poll = Poll(
            question=POLL_QUESTION,
            description="Cho chúng tôi biết thói quen của bạn để tỉnh cải thiện dịch vụ công "
            "trực tuyến. Chỉ mất 5 giây, không cần đăng nhập.",
            voters="anyone",
            results_visibility="after_voting",
        )
        poll.choices = [PollChoice(text=text) for text in POLL_CHOICES]
        poll.save()
        poll.save_revision().publish()
        # The poll also sits at the end of the society course's first lesson.
        society = next(c for c in courses if c.pillar == "digital_society")
        lesson = LessonPage.objects.child_of(society).order_by("path").first().specific
        lesson.body.append(("poll", poll))
        lesson.save_revision().publish()

    survey = Survey.objects.filter(title=SURVEY_TITLE).first()
    if survey is None:
        survey = Survey(
            title=SURVEY_TITLE,
            intro="Khảo sát ngắn trước và sau khóa học giúp đơn vị đo mức nâng cao nhận thức. "
            "Không có câu trả lời đúng hay sai.",
        )
        survey.questions = [SurveyQuestion(kind=kind, text=text) for kind, text in SURVEY_QUESTIONS]
        survey.save()
    government = next(c for c in courses if c.pillar == "digital_government")
    for phase in ("pre", "post"):
        CourseSurvey.objects.get_or_create(
            course=government, phase=phase, defaults={"survey": survey}
        )
    return poll
