"""The question bank (in Vietnamese), and a quiz in every demo course."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from courses.models import CourseCriterion, CoursePage
from quizzes.models import Choice, Question, QuestionCategory, QuizDraw, QuizPage, QuizQuestion

from .course_content import QUIZ_HINTS

# The category of each course's questions, by course slug.
CATEGORIES = {
    "chinh-quyen-so-co-ban": "Chính quyền số",
    "kinh-te-so-cho-hop-tac-xa": "Kinh tế số",
    "xa-hoi-so-cho-nguoi-dan": "Xã hội số",
}

# Questions of other kinds, written for the bank: (category, kind, text, choices or accepted
# answers, correct choice indices, extra fields, feedback).
EXTRA_QUESTIONS: list[dict] = [
    {
        "category": "Chính quyền số",
        "kind": "true_false",
        "text": "Văn bản điện tử có chữ ký số hợp lệ có giá trị pháp lý như văn bản giấy.",
        "correct": [0],
        "feedback": "Luật Giao dịch điện tử năm 2023 thừa nhận giá trị pháp lý của thông điệp "
        "dữ liệu có chữ ký số hợp lệ.",
    },
    {
        "category": "Chính quyền số",
        "kind": "multiple",
        "scoring": "partial",
        "text": "Những việc nào giúp bảo vệ tài khoản công vụ? (chọn tất cả ý đúng)",
        "choices": [
            "Bật xác thực hai lớp",
            "Dùng chung một mật khẩu cho mọi hệ thống",
            "Đặt mật khẩu dài, có cả chữ, số và ký tự đặc biệt",
            "Kiểm tra kỹ địa chỉ người gửi trước khi bấm vào đường link",
        ],
        "correct": [0, 2, 3],
        "feedback": "Mỗi hệ thống nên có mật khẩu riêng; xác thực hai lớp và sự cảnh giác "
        "trước thư lừa đảo là hai lớp bảo vệ quan trọng nhất.",
    },
    {
        "category": "Chính quyền số",
        "kind": "short_answer",
        "text": "Viết tắt tên Trung tâm giám sát, điều hành đô thị thông minh của tỉnh "
        "(3 chữ cái).",
        "accepted": ["IOC"],
        "feedback": "IOC (Intelligent Operations Center) tổng hợp dữ liệu để lãnh đạo điều hành.",
    },
    {
        "category": "Chính quyền số",
        "kind": "single",
        "text": "Khi phát hiện máy tính cơ quan có dấu hiệu bị mã độc, việc đầu tiên nên làm "
        "là gì?",
        "choices": [
            "Tiếp tục làm việc và theo dõi thêm",
            "Ngắt kết nối mạng và báo ngay cho bộ phận phụ trách công nghệ thông tin",
            "Tự cài một phần mềm diệt virus tải trên mạng",
            "Xóa hết dữ liệu trên máy",
        ],
        "correct": [1],
        "feedback": "Cô lập máy khỏi mạng để mã độc không lây lan, rồi báo cho người có "
        "chuyên môn.",
    },
    {
        "category": "Kinh tế số",
        "kind": "true_false",
        "text": "Hóa đơn điện tử có mã của cơ quan thuế được cấp trước khi hợp tác xã gửi cho "
        "người mua.",
        "correct": [0],
        "feedback": "Với hóa đơn có mã, cơ quan thuế cấp mã trước khi hóa đơn được gửi đi.",
    },
    {
        "category": "Kinh tế số",
        "kind": "multiple",
        "scoring": "all_or_nothing",
        "text": "Tem truy xuất nguồn gốc bằng mã QR cho một lô nông sản nên cho người mua biết "
        "những gì? (chọn tất cả ý đúng)",
        "choices": [
            "Nơi sản xuất và hợp tác xã chịu trách nhiệm",
            "Ngày thu hoạch và mã lô",
            "Mật khẩu tài khoản ngân hàng của hợp tác xã",
            "Các lần phun thuốc và thời gian cách ly",
        ],
        "correct": [0, 1, 3],
        "feedback": "Thông tin truy xuất phải giúp người mua tin vào sản phẩm, không bao giờ gồm "
        "thông tin bảo mật của đơn vị.",
    },
    {
        "category": "Kinh tế số",
        "kind": "short_answer",
        "ignore_diacritics": True,
        "text": "Hình thức thanh toán bằng cách quét mã bằng ứng dụng ngân hàng gọi là thanh toán "
        "bằng mã gì? (2 chữ cái)",
        "accepted": ["QR", "mã QR"],
        "feedback": "Mã QR theo chuẩn chung giúp người mua chuyển khoản đúng tài khoản, "
        "đúng số tiền.",
    },
    {
        "category": "Xã hội số",
        "kind": "true_false",
        "text": "Cán bộ ngân hàng có thể gọi điện đề nghị bạn đọc mã OTP để “xác minh tài khoản”.",
        "correct": [1],
        "feedback": "Không ai có quyền hỏi mã OTP của bạn. Người hỏi mã OTP là kẻ lừa đảo.",
    },
    {
        "category": "Xã hội số",
        "kind": "single",
        "text": "Nhận được tin nhắn báo trúng thưởng kèm đường link lạ, bạn nên làm gì?",
        "choices": [
            "Bấm vào link để nhận thưởng ngay",
            "Chuyển tiếp cho người thân cùng nhận",
            "Không bấm, xóa tin nhắn và báo cho nhà mạng hoặc trang cảnh báo lừa đảo",
            "Trả lời tin nhắn để hỏi thêm thông tin",
        ],
        "correct": [2],
        "feedback": "Tin trúng thưởng bất ngờ kèm link lạ là thủ đoạn lừa đảo phổ biến.",
    },
    {
        "category": "Xã hội số",
        "kind": "short_answer",
        "ignore_diacritics": True,
        "text": "Tên ứng dụng định danh điện tử quốc gia do Bộ Công an phát hành là gì?",
        "accepted": ["VNeID"],
        "feedback": "VNeID là ứng dụng định danh và xác thực điện tử quốc gia.",
    },
]

TRUE_FALSE = ["Đúng", "Sai"]


def _question(category: QuestionCategory, data: dict) -> Question:
    existing = Question.objects.filter(category=category, text=data["text"]).first()
    if existing is not None:
        return existing
    kind = data.get("kind", "single")
    question = Question(
        category=category,
        kind=kind,
        text=data["text"],
        points=Decimal(data.get("points", 1)),
        scoring=data.get("scoring", "all_or_nothing"),
        feedback=data.get("feedback", ""),
        accepted_answers="\n".join(data.get("accepted", [])),
        ignore_diacritics=data.get("ignore_diacritics", False),
    )
    texts = TRUE_FALSE if kind == "true_false" else data.get("choices", [])
    correct = set(data.get("correct", [data["correct"]] if "correct" in data else []))
    question.choices = [Choice(text=t, is_correct=i in correct) for i, t in enumerate(texts)]
    question.save()
    return question


@transaction.atomic
def seed_quizzes(courses: list[CoursePage]) -> list[QuizPage]:
    """Every course gets "Bài kiểm tra cuối khóa": its own four questions plus two drawn at
    random from its category, pass mark 70 %, three attempts, answers shown after passing."""
    categories = {
        name: QuestionCategory.objects.get_or_create(name=name)[0] for name in CATEGORIES.values()
    }
    for data in EXTRA_QUESTIONS:
        _question(categories[data["category"]], data)
    quizzes = []
    for course in courses:
        category = categories[CATEGORIES[course.slug]]
        questions = [
            _question(category, {**hint, "correct": [hint["correct"]]})
            for hint in QUIZ_HINTS[course.slug]
        ]
        quiz = QuizPage.objects.child_of(course).first()
        if quiz is None:
            course.refresh_from_db()
            quiz = QuizPage(
                title="Bài kiểm tra cuối khóa",
                slug="bai-kiem-tra",
                intro="Bài kiểm tra gồm các câu hỏi về nội dung khóa học. Bạn cần đạt 70% để "
                "hoàn thành khóa học và được làm tối đa 3 lần.",
                pass_mark=70,
                max_attempts=3,
                time_limit_minutes=15,
                review_policy="after_passing",
            )
            quiz.quiz_questions = [QuizQuestion(question=q) for q in questions]
            quiz.draws = [QuizDraw(category=category, count=2)]
            course.add_child(instance=quiz)
            quiz.save_revision().publish()
            CourseCriterion.objects.get_or_create(course=course, kind="lessons")
            CourseCriterion.objects.get_or_create(
                course=course, kind="quiz_passed", target_page=quiz
            )
        quizzes.append(quiz)
    return quizzes
