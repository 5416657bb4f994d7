"""The demo's blended course: two online lessons and two practice sessions in a district hall.

"Chuyển đổi số trong hợp tác xã nông nghiệp" is for cooperative leaders: produce traceability
codes (mã truy xuất nguồn gốc) and selling on e-commerce platforms (sàn thương mại điện tử).
It completes with every required lesson and attendance at half of the sessions (one of the two:
a leader who misses a session in the harvest season can still finish, and a demo can show a
completion on the day of the first session).

The first session is placed so that the check-in screen can be shown soon after seeding: at the
next half hour at least 15 minutes away when that falls in working hours (07:00-16:30, Vietnam's
time), otherwise at 08:00 on the next morning. The second is a week after the first, at 08:00.
`trainer` leads both; `coopleader` is enrolled (self-enrolled, first lesson read) and registered
for both. Running the seed again changes nothing: sessions are found by (course, title), and
enrollments and registrations are made only when missing.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from courses import services as session_services
from courses.models import CourseCriterion, CoursePage, Registration, SessionKind, TrainingSession
from home.models import HomePage
from lms import services
from lms.models import Enrollment, LearnerCategory

from .courses import seed_catalogue, seed_course

#: Share of the course's sessions a learner must attend (present or late), in per cent.
ATTENDANCE_THRESHOLD = 50

VENUE = "Hội trường UBND huyện Vũ Thư"
VENUE_ADDRESS = "Thị trấn Vũ Thư, huyện Vũ Thư, tỉnh Thái Bình"

COURSE: dict = {
    "slug": "chuyen-doi-so-hop-tac-xa-nong-nghiep",
    "title": (
        "Chuyển đổi số trong hợp tác xã nông nghiệp: truy xuất nguồn gốc và bán hàng trực tuyến"
    ),
    "pillar": "digital_economy",
    "summary": (
        "Khóa học kết hợp dành cho lãnh đạo hợp tác xã: tự học hai bài trực tuyến về mã truy "
        "xuất nguồn gốc nông sản và bán hàng trên sàn thương mại điện tử, rồi thực hành trực "
        "tiếp tại hội trường huyện cùng giảng viên, ngay trên điện thoại của mình."
    ),
    "objectives": [
        "Ghi nhật ký sản xuất theo lô và gắn mã truy xuất nguồn gốc đúng cho từng lô nông sản.",
        "Chọn thông tin cần công khai trên tem truy xuất và kiểm tra tem trước khi xuất hàng.",
        "Mở gian hàng của hợp tác xã trên sàn thương mại điện tử với hồ sơ pháp lý đầy đủ.",
        "Đăng sản phẩm trung thực, tính giá có phí sàn và phí vận chuyển, xử lý đơn đúng hẹn.",
        "Phân công người phụ trách từng việc trong hợp tác xã sau khóa học.",
    ],
    "audience": [LearnerCategory.COOPERATIVE_LEADER.value],
    "delivery_mode": "blended",
    "duration_minutes": 50,
    "lessons": [
        {
            "slug": "ma-truy-xuat-nguon-goc-nong-san",
            "title": "Mã truy xuất nguồn gốc cho nông sản của hợp tác xã",
            "minutes": 25,
            "required": True,
            "body": [
                (
                    "paragraph",
                    (
                        "<p>Người mua ngày nay không chỉ hỏi giá. Siêu thị, bếp ăn trường học, "
                        "doanh nghiệp chế biến và cả người tiêu dùng mua qua mạng đều muốn biết "
                        "bó rau, bao gạo, hộp trứng họ cầm trên tay được trồng, nuôi ở đâu, ai "
                        "chăm sóc, dùng vật tư gì và thu hoạch ngày nào. <b>Mã truy xuất nguồn "
                        "gốc</b> là chiếc cầu nối giữa cánh đồng của hợp tác xã và người mua: chỉ "
                        "cần quét mã trên tem bằng điện thoại, người mua thấy được câu chuyện của "
                        "lô hàng đó.</p>"
                    ),
                ),
                ("heading", "Mã truy xuất gắn với lô hàng, không gắn với cả hợp tác xã"),
                (
                    "paragraph",
                    (
                        "<p>Một sai lầm thường gặp là in một mã QR duy nhất dẫn về trang giới "
                        "thiệu hợp tác xã rồi dán lên mọi sản phẩm. Mã như vậy chỉ là quảng cáo, "
                        "không giúp truy lại được điều gì khi có sự cố. Mã truy xuất đúng nghĩa "
                        "gắn với <b>một lô hàng</b>: một lần thu hoạch của một thửa ruộng, một "
                        "ao, một chuồng, hoặc một mẻ sơ chế, đóng gói. Khi khách hàng phản ánh, "
                        "hợp tác xã biết ngay lô nào, của hộ thành viên nào, để kiểm tra và thu "
                        "hồi đúng phạm vi thay vì phải dừng bán toàn bộ sản phẩm.</p>"
                    ),
                ),
                ("heading", "Cần ghi những gì cho mỗi lô?"),
                (
                    "paragraph",
                    (
                        "<p>Thông tin truy xuất đến từ nhật ký sản xuất mà các hộ thành viên ghi "
                        "hằng ngày. Với cây trồng, tối thiểu cần có:</p><ul><li><b>Vùng "
                        "sản xuất</b>: thửa ruộng hoặc khu nhà lưới, diện tích, hộ phụ "
                        "trách.</li><li><b>Giống</b>: tên giống, nơi mua, ngày gieo "
                        "trồng.</li><li><b>Vật tư đầu vào</b>: phân bón, thuốc bảo vệ thực vật, "
                        "liều lượng, ngày sử dụng và thời gian cách ly.</li><li><b>Thu "
                        "hoạch</b>: ngày thu, sản lượng, người thu.</li><li><b>Sơ chế, đóng "
                        "gói</b>: nơi sơ chế, ngày đóng gói, quy cách, hạn sử "
                        "dụng.</li></ul><p>Với chăn nuôi và thủy sản, thay giống bằng con giống, "
                        "thêm thức ăn, thuốc thú y và lịch tiêm phòng. Ghi ngay trên điện thoại "
                        "khi làm việc, kèm ảnh chụp bao bì vật tư, sẽ chính xác hơn nhiều so với "
                        "ghi bù vào cuối tuần.</p>"
                    ),
                ),
                (
                    "callout",
                    {
                        "kind": "warning",
                        "title": "Thông tin trên tem phải đúng sự thật",
                        "text": (
                            "Tem truy xuất là lời cam kết của hợp tác xã với người mua. Không "
                            "ghi “hữu cơ”, “VietGAP” hay “không dùng thuốc” khi chưa được chứng "
                            "nhận hoặc khi nhật ký cho thấy điều ngược lại. Một lần bị phát hiện "
                            "ghi sai có thể làm mất uy tín của cả hợp tác xã và bị xử phạt theo "
                            "quy định về nhãn hàng hóa."
                        ),
                    },
                ),
                ("heading", "Quy trình năm bước trong hợp tác xã"),
                (
                    "paragraph",
                    (
                        "<ol><li><b>Chọn một sản phẩm chủ lực</b> có đầu ra ổn định để làm "
                        "trước.</li><li><b>Thống nhất mẫu nhật ký</b> cho mọi hộ tham gia và "
                        "hướng dẫn từng hộ ghi trên điện thoại.</li><li><b>Đặt quy tắc đánh số "
                        "lô</b>, ví dụ mã sản phẩm, ngày thu hoạch và mã hộ, để ai đọc cũng "
                        "hiểu.</li><li><b>Tạo mã và in tem</b> trên hệ thống truy xuất mà hợp tác "
                        "xã sử dụng; kiểm tra bằng cách tự quét thử trước khi dán.</li><li><b>Rà "
                        "soát định kỳ</b>: mỗi tháng, cán bộ kỹ thuật của hợp tác xã chọn ngẫu "
                        "nhiên vài lô, đối chiếu nhật ký với thực tế ngoài đồng.</li></ol>"
                    ),
                ),
                (
                    "callout",
                    {
                        "kind": "tip",
                        "title": "Chuẩn bị cho Buổi 1 tại hội trường huyện",
                        "text": (
                            "Mang theo điện thoại đã sạc đầy, một mẫu sản phẩm có bao bì và nhật "
                            "ký sản xuất của một lô gần đây (sổ giấy cũng được). Tại buổi học, "
                            "bạn sẽ nhập lô đó vào hệ thống, tạo mã và in thử tem cho sản phẩm "
                            "của chính hợp tác xã mình."
                        ),
                    },
                ),
            ],
        },
        {
            "slug": "ban-hang-tren-san-thuong-mai-dien-tu",
            "title": "Đưa nông sản của hợp tác xã lên sàn thương mại điện tử",
            "minutes": 25,
            "required": True,
            "body": [
                (
                    "paragraph",
                    (
                        "<p>Sàn thương mại điện tử là khu chợ trực tuyến nơi nhiều người bán cùng "
                        "mở gian hàng, còn sàn lo phần hiển thị, thanh toán và thường cả giao "
                        "hàng. Với hợp tác xã, bán trên sàn giúp tiếp cận người mua ở tỉnh khác "
                        "mà không phải mở cửa hàng, nhưng cũng đòi hỏi làm việc bài bản: trả lời "
                        "khách nhanh, đóng gói cẩn thận, giao đúng hẹn và giữ chất lượng đồng "
                        "đều giữa các lần bán.</p>"
                    ),
                ),
                ("heading", "Chọn sàn phù hợp với sản phẩm"),
                (
                    "paragraph",
                    (
                        "<p>Các sàn lớn có nhiều người mua nhưng cạnh tranh gay gắt, hợp với sản "
                        "phẩm đã đóng gói, bảo quản được lâu như gạo, mật ong, trà, đồ khô. Các "
                        "sàn chuyên về nông sản, trong đó có sàn do doanh nghiệp bưu chính vận "
                        "hành, thường hỗ trợ hợp tác xã mở gian hàng, có mạng lưới thu gom tận "
                        "xã và quen vận chuyển hàng tươi. Trước khi chọn, hãy so sánh: phí cố "
                        "định và phí trên mỗi đơn, thời gian sàn chuyển tiền về tài khoản, cách "
                        "xử lý hàng hỏng khi giao, và sàn có nhận hàng tươi sống hay không.</p>"
                    ),
                ),
                ("heading", "Hồ sơ để mở gian hàng"),
                (
                    "paragraph",
                    (
                        "<ul><li>Giấy chứng nhận đăng ký hợp tác xã và mã số thuế.</li><li>Tài "
                        "khoản ngân hàng đứng tên hợp tác xã để nhận tiền bán hàng.</li><li>Số "
                        "điện thoại và thư điện tử dùng chung của hợp tác xã, không dùng tài "
                        "khoản cá nhân của một người.</li><li>Giấy tờ chất lượng của sản phẩm "
                        "nếu có: giấy chứng nhận VietGAP, hữu cơ, OCOP, phiếu kết quả kiểm "
                        "nghiệm.</li></ul><p>Ban quản trị nên giao rõ ai giữ mật khẩu, ai đăng "
                        "sản phẩm, ai trả lời khách và ai đóng gói. Mật khẩu cần được cất giữ để "
                        "hợp tác xã không mất gian hàng khi một người nghỉ việc.</p>"
                    ),
                ),
                ("heading", "Một trang sản phẩm bán được hàng"),
                (
                    "paragraph",
                    (
                        "<p>Người mua trên mạng không được cầm, ngửi, nếm sản phẩm, nên trang "
                        "sản phẩm phải thay họ làm việc đó. Hãy có ít nhất năm ảnh: toàn cảnh bao "
                        "bì, cận cảnh sản phẩm, tem truy xuất, quy cách đóng gói và một ảnh tại "
                        "vùng sản xuất. Phần mô tả ghi khối lượng tịnh, cách bảo quản, hạn sử "
                        "dụng, nơi sản xuất và đường dẫn hoặc mã truy xuất của lô đang bán. Khi "
                        "tính giá, cộng đủ giá vốn, bao bì, phí sàn, phí vận chuyển và tỷ lệ hàng "
                        "hỏng dự kiến; bán dưới giá vốn để lấy lượt đánh giá chỉ làm hợp tác xã "
                        "kiệt sức.</p>"
                    ),
                ),
                (
                    "callout",
                    {
                        "kind": "tip",
                        "title": "Ảnh đẹp bằng điện thoại",
                        "text": (
                            "Chụp gần cửa sổ hoặc ngoài trời lúc sáng sớm, đặt sản phẩm trên "
                            "nền trơn sáng màu, lau sạch ống kính và chụp ngang tầm sản phẩm. "
                            "Không dùng ảnh tải trên mạng: khách nhận hàng khác ảnh sẽ đánh giá "
                            "thấp và trả hàng."
                        ),
                    },
                ),
                ("heading", "Sau khi có đơn hàng"),
                (
                    "paragraph",
                    (
                        "<p>Xác nhận đơn trong ngày, đóng gói theo hướng dẫn của sàn và giao cho "
                        "đơn vị vận chuyển đúng hẹn. Với hàng tươi, chỉ nhận đơn trong phạm vi "
                        "giao được trước khi hàng kém chất lượng. Đọc mọi đánh giá của khách, "
                        "trả lời lịch sự cả những đánh giá chưa tốt và ghi lại lỗi để sửa ở lần "
                        "sau. Cuối mỗi tháng, đối chiếu số tiền sàn chuyển về với danh sách đơn "
                        "đã giao, rồi báo cáo kết quả bán hàng với thành viên hợp tác xã.</p>"
                    ),
                ),
                (
                    "callout",
                    {
                        "kind": "note",
                        "title": "Chuẩn bị cho Buổi 2 tại hội trường huyện",
                        "text": (
                            "Mang theo bản chụp giấy chứng nhận đăng ký hợp tác xã, thông tin "
                            "tài khoản ngân hàng của hợp tác xã và một sản phẩm đã có tem truy "
                            "xuất từ Buổi 1. Giảng viên sẽ cùng bạn mở gian hàng và đăng sản "
                            "phẩm đầu tiên ngay tại lớp."
                        ),
                    },
                ),
            ],
        },
    ],
}

# The sessions in order; `session_starts()` says when each starts. Hours: how long it lasts.
SESSIONS: list[dict] = [
    {
        "title": "Buổi 1: Thực hành tạo mã truy xuất nguồn gốc",
        "hours": 3,
        "cancellation_days_before": 0,
    },
    {
        "title": "Buổi 2: Thực hành mở gian hàng trên sàn thương mại điện tử",
        "hours": 3.5,
        "cancellation_days_before": 1,
    },
]
CAPACITY = 30

#: The hours (Vietnam's time) in which the first session may start right after seeding.
WORKDAY_STARTS, WORKDAY_ENDS = datetime.time(7, 0), datetime.time(16, 30)
MORNING = datetime.time(8, 0)


def session_starts(now: datetime.datetime) -> list[datetime.datetime]:
    """When the two sessions start, seeded at `now`: the first at the next half hour at least
    15 minutes away when that is in today's working hours, else at 08:00 (today's before the
    working day, tomorrow's after it); the second at 08:00 a week after the first."""
    local = timezone.localtime(now)
    today = local.date()
    soon = (local + datetime.timedelta(minutes=15)).replace(second=0, microsecond=0)
    if soon.minute % 30:
        soon += datetime.timedelta(minutes=30 - soon.minute % 30)
    if soon.date() == today and WORKDAY_STARTS <= soon.time() <= WORKDAY_ENDS:
        first = soon
    elif soon.date() == today and soon.time() < WORKDAY_STARTS:
        first = timezone.make_aware(datetime.datetime.combine(today, MORNING))
    else:
        tomorrow = today + datetime.timedelta(days=1)
        first = timezone.make_aware(datetime.datetime.combine(tomorrow, MORNING))
    week_later = timezone.localtime(first).date() + datetime.timedelta(days=7)
    return [first, timezone.make_aware(datetime.datetime.combine(week_later, MORNING))]


def seed_criteria(course: CoursePage) -> None:
    """Every required lesson, and attendance at `ATTENDANCE_THRESHOLD` % of the sessions."""
    created = [
        CourseCriterion.objects.get_or_create(course=course, kind="lessons")[1],
        CourseCriterion.objects.get_or_create(
            course=course, kind="attendance", defaults={"threshold": ATTENDANCE_THRESHOLD}
        )[1],
    ]
    if any(created):
        # Publish a revision that holds the criteria, so the page editor shows (and keeps) them.
        course.refresh_from_db()
        course.save_revision().publish()


def seed_sessions(course: CoursePage, now: datetime.datetime) -> list[TrainingSession]:
    """The two hall sessions, led by `trainer`; existing ones (same course and title) are kept
    as they are."""
    trainer = get_user_model().objects.get(username="trainer")
    sessions = []
    for data, starts_at in zip(SESSIONS, session_starts(now), strict=True):
        session = TrainingSession.objects.filter(course=course, title=data["title"]).first()
        if session is None:
            deadline = None
            if data["cancellation_days_before"]:
                deadline = starts_at - datetime.timedelta(days=data["cancellation_days_before"])
            session = TrainingSession(
                course=course,
                title=data["title"],
                kind=SessionKind.IN_PERSON,
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(hours=data["hours"]),
                venue_name=VENUE,
                venue_address=VENUE_ADDRESS,
                capacity=CAPACITY,
                cancellation_deadline=deadline,
            )
            session.full_clean()
            session.save()
            session.trainers.add(trainer)
        sessions.append(session)
    return sessions


def seed_learner(course: CoursePage, sessions: list[TrainingSession]) -> None:
    """`coopleader` enrols, reads the first lesson and registers for both sessions (each only
    if not done yet, and a registration only while the session still takes them)."""
    coopleader = get_user_model().objects.get(username="coopleader")
    if not Enrollment.objects.filter(user=coopleader, course=course).exists():
        services.enroll(user=coopleader, course=course)
        first_lesson = course.lessons().first()
        services.record_lesson_completed(user=coopleader, course=course, lesson=first_lesson)
    now = timezone.now()
    for session in sessions:
        if Registration.objects.filter(session=session, user=coopleader).exists():
            continue
        if session.registration_is_open(now):
            session_services.register(session=session, user=coopleader)


@transaction.atomic
def seed_blended(home: HomePage) -> CoursePage:
    """The blended course with its lessons, criteria, sessions, trainer and one registered
    learner. Needs `seed_people()` first (for `trainer` and `coopleader`)."""
    catalogue = seed_catalogue(home)
    course = seed_course(catalogue, COURSE)
    seed_criteria(course)
    sessions = seed_sessions(course, timezone.now())
    seed_learner(course, sessions)
    return course
