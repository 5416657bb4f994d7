"""The news at /news/: three authors and awareness articles across the three pillars.

The articles are written for the demo province; the units and people in them are the demo's
own (see `people.py`), and the figures are illustrative.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from courses.models import CoursePage
from home.models import HomePage
from lms.articles.models import ArticleIndexPage, ArticlePage, Author
from quizzes.models import Poll

NEWS_SLUG = "news"
NEWS_TITLE = "Tin tức"
NEWS_INTRO = (
    "Tin tức, bài giải thích và câu chuyện điển hình về chuyển đổi số của tỉnh trên ba trụ "
    "cột: chính quyền số, kinh tế số và xã hội số."
)

# (name, role)
AUTHORS: list[tuple[str, str]] = [
    ("Nguyễn Minh Châu", "Phóng viên Cổng thông tin điện tử tỉnh"),
    ("Trần Thị Ngọc Ánh", "Biên tập viên, Sở Thông tin và Truyền thông"),
    ("Lê Văn Thịnh", "Cộng tác viên, Liên minh Hợp tác xã tỉnh"),
]

# The body of an article is a list of (block type, value) in a short form that `_body()`
# turns into the StreamField's raw data: "paragraph" holds HTML, "related_course" holds
# (course slug, note), "poll" holds nothing (the demo poll is filled in).
ARTICLES: list[dict[str, Any]] = [
    {
        "slug": "chuyen-doi-so-o-bo-phan-mot-cua",
        "title": "Chuyển đổi số ở bộ phận một cửa: nộp hồ sơ từ nhà thành thói quen",
        "kind": "news",
        "pillar": "digital_government",
        "days_ago": 3,
        "authors": [0],
        "tags": ["dịch vụ công trực tuyến", "một cửa", "VNeID"],
        "standfirst": (
            "Sau một năm đưa thủ tục lên Cổng Dịch vụ công và hướng dẫn người dân dùng tài "
            "khoản định danh điện tử, bộ phận một cửa của huyện Vũ Thư tiếp nhận phần lớn hồ "
            "sơ qua mạng, cán bộ có thêm thời gian cho những việc cần gặp trực tiếp."
        ),
        "body": [
            (
                "paragraph",
                "<p>Tám giờ sáng thứ Hai, quầy tiếp nhận của Bộ phận một cửa huyện Vũ Thư vắng "
                "hơn hẳn so với một năm trước. Không phải vì người dân ít việc, mà vì phần lớn "
                "hồ sơ đã đến từ tối hôm trước, qua Cổng Dịch vụ công. Trên màn hình của cán bộ "
                "tiếp nhận, danh sách hồ sơ mới được sắp theo hạn xử lý, mỗi hồ sơ kèm sẵn bản "
                "điện tử của giấy tờ mà người dân đã khai một lần.</p>",
            ),
            ("heading", "Từ xếp hàng sang một lần bấm nút"),
            (
                "paragraph",
                "<p>Thay đổi lớn nhất không nằm ở phần mềm mà ở thói quen. Trước đây, người dân "
                "mang theo bản sao chứng thực, xếp hàng lấy số và thường phải quay lại bổ sung "
                "giấy tờ. Nay, khi đăng nhập bằng tài khoản định danh điện tử VNeID mức 2, "
                "thông tin cá nhân được điền sẵn từ cơ sở dữ liệu quốc gia về dân cư; người dân "
                "chỉ cần kiểm tra, tải lên giấy tờ còn thiếu và theo dõi tiến độ trên điện "
                "thoại. Kết quả được trả qua bưu chính hoặc bản điện tử có chữ ký số.</p>",
            ),
            (
                "quote",
                {
                    "text": "Trước tôi nghỉ nửa ngày làm để đi nộp giấy. Lần này tôi ngồi ở "
                    "nhà làm trong mười lăm phút, hai hôm sau đã có kết quả.",
                    "attribution": "Chị Phạm Thị Huyền, xã Tân Hòa",
                },
            ),
            ("heading", "Những thủ tục được nộp trực tuyến nhiều nhất"),
            (
                "paragraph",
                "<p>Số liệu của bộ phận một cửa trong quý vừa qua cho thấy tỷ lệ nộp trực tuyến "
                "cao nhất ở những thủ tục có giấy tờ đầu vào đơn giản và đã có sẵn dữ liệu dân "
                "cư. Các thủ tục đất đai, vốn cần hồ sơ gốc và đo đạc thực địa, vẫn chủ yếu nộp "
                "trực tiếp.</p>",
            ),
            (
                "table",
                {
                    "data": [
                        ["Thủ tục", "Hồ sơ trong quý", "Nộp trực tuyến"],
                        ["Đăng ký khai sinh", "412", "86%"],
                        ["Cấp bản sao trích lục hộ tịch", "275", "91%"],
                        ["Đăng ký hộ kinh doanh", "96", "74%"],
                        ["Đăng ký biến động đất đai", "188", "32%"],
                    ],
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "table_caption": "Hồ sơ tiếp nhận tại Bộ phận một cửa huyện Vũ Thư, "
                    "quý gần nhất (số liệu minh họa)",
                },
            ),
            ("heading", "Không để ai bị bỏ lại"),
            (
                "paragraph",
                "<p>Người cao tuổi và người chưa có điện thoại thông minh vẫn được phục vụ tại "
                "quầy. Điểm khác là cán bộ không làm thay mà hướng dẫn: một máy tính đặt ngay "
                "sảnh, tổ công nghệ số cộng đồng trực theo lịch, và mỗi lần hướng dẫn là một lần "
                "người dân tự làm được thêm một bước. Huyện đặt mục tiêu mỗi hộ có ít nhất một "
                "người biết nộp hồ sơ trực tuyến.</p>",
            ),
            (
                "paragraph",
                "<p>Với cán bộ, công việc cũng đổi khác. Hồ sơ trễ hạn hiện màu đỏ trên bảng "
                "điều hành, lãnh đạo huyện nhìn thấy cùng lúc với người xử lý. Vì vậy, kỹ năng "
                "xử lý hồ sơ trên môi trường số, ký số và trả lời người dân qua mạng trở thành "
                "yêu cầu bắt buộc chứ không còn là điểm cộng.</p>",
            ),
            (
                "related_course",
                (
                    "chinh-quyen-so-co-ban",
                    "Khóa học hướng dẫn từng bước tiếp nhận, xử lý hồ sơ trực tuyến và ký số.",
                ),
            ),
            (
                "paragraph",
                "<p>Trong năm tới, huyện mở rộng việc trả kết quả điện tử và kết nối thêm dữ "
                "liệu đất đai, để những thủ tục còn phải đi lại nhiều nhất cũng có thể bắt đầu "
                "từ nhà.</p>",
            ),
        ],
    },
    {
        "slug": "bao-cao-bang-du-lieu-thay-bao-cao-giay",
        "title": "Báo cáo bằng dữ liệu thay cho báo cáo giấy: cán bộ xã làm gì khác đi?",
        "kind": "explainer",
        "pillar": "digital_government",
        "days_ago": 9,
        "authors": [1],
        "tags": ["báo cáo", "dữ liệu", "IOC"],
        "standfirst": (
            "Khi số liệu được nhập một lần tại nơi phát sinh và tự tổng hợp lên huyện, lên "
            "tỉnh, những bản báo cáo giấy gửi đi gửi lại mỗi tháng không còn cần thiết. Bài "
            "viết giải thích cách làm mới và những điều cán bộ cấp xã cần chuẩn bị."
        ),
        "body": [
            (
                "paragraph",
                "<p>Một xã thuần nông mỗi tháng từng phải gửi hàng chục báo cáo: tình hình sản "
                "xuất, an sinh xã hội, hộ tịch, giải quyết hồ sơ… Nhiều con số trùng nhau giữa "
                "các báo cáo, nhưng mỗi nơi nhận lại cần một mẫu riêng, nên cán bộ xã chép đi "
                "chép lại và sai sót là chuyện khó tránh.</p>",
            ),
            ("heading", "Nguyên tắc “một lần”"),
            (
                "paragraph",
                "<p>Báo cáo bằng dữ liệu dựa trên một nguyên tắc đơn giản: số liệu được nhập "
                "<b>một lần</b>, tại nơi nó phát sinh, vào hệ thống dùng chung. Hồ sơ hành chính "
                "được tính từ phần mềm một cửa; số liệu dân cư lấy từ cơ sở dữ liệu quốc gia; "
                "chỉ những gì chưa có ở đâu mới phải nhập tay. Từ đó, báo cáo của xã, của huyện "
                "hay của tỉnh chỉ là những cách nhìn khác nhau vào cùng một bộ dữ liệu.</p>",
            ),
            (
                "table",
                {
                    "data": [
                        ["", "Báo cáo giấy", "Báo cáo bằng dữ liệu"],
                        ["Ai nhập số liệu", "Cán bộ tổng hợp, nhiều lần", "Nơi phát sinh, một lần"],
                        ["Khi nào có số liệu", "Cuối tháng, cuối quý", "Gần như ngay lập tức"],
                        ["Kiểm tra sai sót", "Đối chiếu thủ công", "Hệ thống cảnh báo tự động"],
                        ["Lãnh đạo xem ở đâu", "Văn bản trên bàn", "Bảng điều hành, điện thoại"],
                    ],
                    "first_row_is_table_header": True,
                    "first_col_is_header": True,
                    "table_caption": "Hai cách báo cáo, đặt cạnh nhau",
                },
            ),
            ("heading", "Dữ liệu phải “đúng, đủ, sạch, sống”"),
            (
                "paragraph",
                "<p>Bảng điều hành chỉ đáng tin khi dữ liệu đầu vào đáng tin. <i>Đúng</i> là "
                "khớp với thực tế; <i>đủ</i> là không thiếu trường bắt buộc; <i>sạch</i> là "
                "thống nhất cách ghi, không trùng lặp; <i>sống</i> là được cập nhật ngay khi "
                "có thay đổi. Vì thế, việc của cán bộ xã chuyển từ tổng hợp sang chăm sóc dữ "
                "liệu: cập nhật đúng lúc và sửa khi hệ thống cảnh báo.</p>",
            ),
            (
                "quote",
                {
                    "text": "Chúng tôi không còn hỏi xã “gửi báo cáo chưa?”. Chúng tôi mở "
                    "bảng điều hành và hỏi “vì sao chỉ số này đi xuống?”.",
                    "attribution": "Lãnh đạo Văn phòng HĐND và UBND huyện Vũ Thư",
                },
            ),
            ("heading", "Bắt đầu từ đâu?"),
            (
                "paragraph",
                "<p>Không cần chờ một hệ thống hoàn chỉnh. Hãy liệt kê các báo cáo định kỳ, "
                "đánh dấu những chỉ tiêu trùng nhau, xác định chỉ tiêu nào đã có trong phần mềm "
                "đang dùng. Phần còn lại được đưa vào biểu mẫu điện tử dùng chung thay cho bảng "
                "tính gửi qua thư. Mỗi báo cáo giấy bỏ được là vài giờ làm việc trả lại cho "
                "người dân.</p>",
            ),
            (
                "paragraph",
                "<p>Nền tảng đào tạo này cũng làm theo cách ấy: người quản lý đơn vị xem tiến "
                "độ học tập của cán bộ trên bảng điều khiển và xuất ra tệp Excel khi cần, thay "
                "vì chờ từng đơn vị gửi danh sách.</p>",
            ),
            (
                "related_course",
                (
                    "chinh-quyen-so-co-ban",
                    "Bài “Chia sẻ dữ liệu, nguyên tắc một lần và Trung tâm IOC” đi sâu hơn.",
                ),
            ),
        ],
    },
    {
        "slug": "truy-xuat-nguon-goc-nong-san-htx-vu-hoi",
        "title": "Mã QR trên túi gạo: truy xuất nguồn gốc nông sản ở HTX Vũ Hội",
        "kind": "case_study",
        "pillar": "digital_economy",
        "days_ago": 16,
        "authors": [2],
        "tags": ["truy xuất nguồn gốc", "nông sản", "hợp tác xã"],
        "standfirst": (
            "Mỗi túi gạo của HTX Nông nghiệp Vũ Hội mang một mã QR. Quét mã, người mua thấy "
            "cánh đồng, ngày gieo cấy, lịch phun thuốc và ngày thu hoạch. Câu chuyện về cách "
            "một hợp tác xã ghi nhật ký đồng ruộng trên điện thoại."
        ),
        "body": [
            (
                "paragraph",
                "<p>Ba năm trước, gạo của hợp tác xã bán cho thương lái theo giá chung của cả "
                "vùng, dù xã viên đã chuyển sang canh tác theo quy trình an toàn. Người mua ở "
                "thành phố không có cách nào phân biệt. Hợp tác xã quyết định để chính sản phẩm "
                "“kể” lại quá trình làm ra nó.</p>",
            ),
            ("heading", "Nhật ký đồng ruộng trên điện thoại"),
            (
                "paragraph",
                "<p>Mỗi thửa ruộng được gắn một mã. Xã viên ghi nhật ký bằng ứng dụng trên điện "
                "thoại: ngày làm đất, giống lúa, lượng phân bón, lần phun thuốc kèm ảnh chụp "
                "nhãn thuốc. Cán bộ kỹ thuật của hợp tác xã xem nhật ký hằng tuần và nhắc khi "
                "có thửa chưa đủ thời gian cách ly trước thu hoạch. Khi đóng gói, mỗi lô gạo "
                "được in một mã QR liên kết với các thửa ruộng làm ra nó.</p>",
            ),
            (
                "quote",
                {
                    "text": "Lúc đầu bà con ngại vì phải chụp ảnh, ghi chép. Đến khi thấy "
                    "người mua gọi điện hỏi đúng thửa ruộng của mình thì ai cũng ghi kỹ hơn.",
                    "attribution": "Ông Phạm Văn Hùng, Giám đốc HTX Nông nghiệp Vũ Hội",
                },
            ),
            ("heading", "Người mua thấy gì khi quét mã?"),
            (
                "paragraph",
                "<p>Trang truy xuất hiển thị tên hợp tác xã, vị trí cánh đồng trên bản đồ, "
                "giống lúa, các mốc canh tác chính và kết quả kiểm nghiệm mẫu gần nhất. Thông "
                "tin cá nhân của xã viên không được công khai; người mua chỉ thấy những gì cần "
                "để tin vào sản phẩm.</p>",
            ),
            (
                "table",
                {
                    "data": [
                        ["Chỉ số", "Trước khi có mã QR", "Sau hai vụ"],
                        ["Giá bán bình quân (đồng/kg)", "14.500", "19.000"],
                        ["Sản lượng bán qua kênh riêng", "10%", "45%"],
                        ["Khách hàng mua lại", "Không theo dõi được", "Khoảng 60%"],
                    ],
                    "first_row_is_table_header": True,
                    "first_col_is_header": True,
                    "table_caption": "Kết quả sau hai vụ (số liệu minh họa của hợp tác xã)",
                },
            ),
            ("heading", "Bài học cho các hợp tác xã khác"),
            (
                "paragraph",
                "<p>Truy xuất nguồn gốc không bắt đầu từ phần mềm mà từ quy trình canh tác được "
                "thống nhất. Hợp tác xã nên chọn một sản phẩm chủ lực, một vùng sản xuất nhỏ để "
                "làm trước, giao một người chịu trách nhiệm kiểm tra nhật ký, và chỉ in mã khi "
                "dữ liệu đã đủ. Một mã QR dẫn tới trang trống sẽ làm mất niềm tin nhanh hơn "
                "không có mã.</p>",
            ),
            (
                "paragraph",
                "<p>Vụ tới, hợp tác xã dự kiến kết nối trang truy xuất với gian hàng trên sàn "
                "thương mại điện tử, để người mua đặt hàng ngay sau khi quét mã.</p>",
            ),
            (
                "related_course",
                (
                    "kinh-te-so-cho-hop-tac-xa",
                    "Khóa học kết hợp dành cho lãnh đạo hợp tác xã muốn bắt đầu.",
                ),
            ),
        ],
    },
    {
        "slug": "ky-nang-so-cho-nguoi-dan",
        "title": "Tổ công nghệ số cộng đồng mang kỹ năng số về từng thôn",
        "kind": "news",
        "pillar": "digital_society",
        "days_ago": 6,
        "authors": [0, 1],
        "tags": ["kỹ năng số", "tổ công nghệ số cộng đồng", "dịch vụ công trực tuyến"],
        "standfirst": (
            "Những buổi tối ở nhà văn hóa thôn, thành viên tổ công nghệ số cộng đồng hướng dẫn "
            "người dân cài ứng dụng, thanh toán không dùng tiền mặt và nhận diện tin nhắn lừa "
            "đảo. Kỹ năng số đang được dạy theo cách gần gũi nhất."
        ),
        "body": [
            (
                "paragraph",
                "<p>Ở xã Quang Minh, tổ công nghệ số cộng đồng có mười hai người: cán bộ thôn, "
                "đoàn viên thanh niên, giáo viên và cả một chủ cửa hàng điện thoại. Mỗi tuần, tổ "
                "chia nhau trực tại nhà văn hóa hai buổi tối. Người dân mang điện thoại tới, hỏi "
                "điều mình cần, và ra về khi đã tự làm được.</p>",
            ),
            ("heading", "Dạy việc người dân cần, không dạy lý thuyết"),
            (
                "paragraph",
                "<p>Tổ không mở lớp theo giáo trình dài. Các buổi hướng dẫn xoay quanh những "
                "việc cụ thể: kích hoạt tài khoản định danh điện tử, đăng ký khai sinh cho con "
                "qua mạng, trả tiền điện bằng ứng dụng ngân hàng, gọi video cho con cháu đi làm "
                "xa. Mỗi người được cầm máy của mình và tự bấm; thành viên tổ chỉ đứng bên cạnh "
                "nhắc từng bước.</p>",
            ),
            (
                "quote",
                {
                    "text": "Ông bà học chậm nhưng nhớ lâu. Quan trọng là để ông bà tự bấm, "
                    "đừng cầm máy làm hộ.",
                    "attribution": "Anh Nguyễn Văn Tú, tổ trưởng tổ công nghệ số thôn Đông",
                },
            ),
            ("heading", "An toàn trước, tiện lợi sau"),
            (
                "paragraph",
                "<p>Buổi đầu tiên luôn dành cho an toàn: không đọc mã OTP cho bất kỳ ai, không "
                "bấm vào đường link lạ, gọi lại cho người thân qua số quen trước khi chuyển "
                "tiền. Những câu chuyện lừa đảo có thật trong vùng được kể lại để mọi người "
                "nhớ. Chỉ khi đã quen với các nguyên tắc này, tổ mới hướng dẫn thanh toán trực "
                "tuyến.</p>",
            ),
            (
                "paragraph",
                "<p>Sau sáu tháng, tổ đã hướng dẫn hơn bốn trăm lượt người dân. Số hồ sơ trực "
                "tuyến của xã tăng rõ rệt, và điều mà các thành viên tổ vui nhất là nhiều người "
                "từng được hướng dẫn nay quay lại để hướng dẫn hàng xóm.</p>",
            ),
            ("heading", "Bạn làm thủ tục hành chính bằng cách nào?"),
            (
                "paragraph",
                "<p>Tỉnh đang tìm hiểu thói quen của người dân để tổ công nghệ số tập trung vào "
                "đúng việc. Hãy trả lời câu hỏi ngắn dưới đây, không cần đăng nhập.</p>",
            ),
            ("poll", None),
            (
                "related_course",
                (
                    "xa-hoi-so-cho-nguoi-dan",
                    "Khóa học ngắn về kỹ năng số an toàn, dành cho mọi người dân.",
                ),
            ),
        ],
    },
    {
        "slug": "thuong-mai-dien-tu-cho-hop-tac-xa",
        "title": "Thương mại điện tử cho hợp tác xã: rau sạch Bình Thanh lên sàn",
        "kind": "case_study",
        "pillar": "digital_economy",
        "days_ago": 12,
        "authors": [2],
        "tags": ["thương mại điện tử", "hợp tác xã", "livestream"],
        "standfirst": (
            "Từ vài khách quen đặt hàng qua điện thoại, HTX Rau sạch Bình Thanh nay có gian "
            "hàng trên sàn thương mại điện tử và buổi bán hàng trực tiếp mỗi tuần. Những gì họ "
            "làm đúng, và những gì họ ước đã biết sớm hơn."
        ),
        "body": [
            (
                "paragraph",
                "<p>Rau của hợp tác xã ngon, sạch, nhưng đầu ra phụ thuộc vào vài đại lý trong "
                "tỉnh. Khi một đại lý lớn ngừng nhập hàng, cả hợp tác xã lo lắng. Ban giám đốc "
                "quyết định thử bán trực tuyến, bắt đầu từ việc nhỏ nhất: chụp ảnh sản phẩm cho "
                "tử tế.</p>",
            ),
            ("heading", "Chuẩn bị trước khi mở gian hàng"),
            (
                "paragraph",
                "<p>Hợp tác xã chọn năm sản phẩm đóng gói sẵn, có hạn dùng đủ dài để giao xa, "
                "đặt tên và mô tả thống nhất, chụp ảnh trên nền sáng. Họ tính lại giá bán đã gồm "
                "phí sàn, phí giao hàng và tỷ lệ hàng hỏng. Đây là bước nhiều hợp tác xã bỏ qua, "
                "để rồi bán càng nhiều càng lỗ.</p>",
            ),
            (
                "table",
                {
                    "data": [
                        ["Kênh bán", "Ưu điểm", "Lưu ý"],
                        [
                            "Sàn thương mại điện tử",
                            "Nhiều người mua, thanh toán an toàn",
                            "Phí sàn, cạnh tranh giá",
                        ],
                        [
                            "Mạng xã hội, livestream",
                            "Gần gũi, kể được câu chuyện",
                            "Cần người dẫn đều đặn",
                        ],
                        ["Đặt hàng qua Zalo", "Khách quen, chi phí thấp", "Khó mở rộng"],
                    ],
                    "first_row_is_table_header": True,
                    "first_col_is_header": True,
                    "table_caption": "Ba kênh bán hàng hợp tác xã đang dùng",
                },
            ),
            ("heading", "Livestream từ ruộng rau"),
            (
                "paragraph",
                "<p>Mỗi tối thứ Sáu, một xã viên trẻ cầm điện thoại ra vườn, giới thiệu luống "
                "rau sắp thu hoạch và trả lời câu hỏi của người xem. Không cần sân khấu hay ánh "
                "đèn: người mua muốn thấy ruộng thật, người trồng thật. Đơn hàng trong buổi phát "
                "được đóng gói ngay sáng hôm sau.</p>",
            ),
            (
                "quote",
                {
                    "text": "Bán trên mạng không phải là đăng ảnh rồi chờ. Phải trả lời tin "
                    "nhắn trong vài phút, giao đúng hẹn, và xin lỗi khi có sai sót.",
                    "attribution": "Bà Đoàn Thị Mai, Giám đốc HTX Rau sạch Bình Thanh",
                },
            ),
            ("heading", "Những điều họ ước đã biết sớm hơn"),
            (
                "paragraph",
                "<p>Cần một người phụ trách gian hàng toàn thời gian, không thể làm kiêm. Cần "
                "ghi sổ đơn hàng và đánh giá của khách để biết sản phẩm nào nên trồng thêm. Và "
                "cần học về hóa đơn điện tử, thanh toán không dùng tiền mặt ngay từ đầu, thay vì "
                "chạy theo khi đơn hàng đã nhiều.</p>",
            ),
            (
                "paragraph",
                "<p>Sau một năm, kênh trực tuyến chiếm khoảng một phần ba doanh thu của hợp tác "
                "xã. Quan trọng hơn, họ không còn phụ thuộc vào một đại lý duy nhất.</p>",
            ),
            (
                "related_course",
                (
                    "kinh-te-so-cho-hop-tac-xa",
                    "Học cách mở gian hàng, định giá và chăm sóc khách hàng trực tuyến.",
                ),
            ),
        ],
    },
    {
        "slug": "du-lich-thong-minh",
        "title": "Du lịch thông minh: khi điểm đến biết tự kể chuyện",
        "kind": "explainer",
        "pillar": "digital_economy",
        "days_ago": 20,
        "authors": [1],
        "tags": ["du lịch thông minh", "thuyết minh tự động", "dữ liệu"],
        "standfirst": (
            "Thuyết minh tự động qua mã QR, bản đồ số, vé điện tử và dữ liệu về lượng khách: "
            "du lịch thông minh là gì, và một điểm đến nhỏ có thể bắt đầu từ đâu?"
        ),
        "body": [
            (
                "paragraph",
                "<p>Du lịch thông minh thường được hình dung bằng những màn hình lớn và kính "
                "thực tế ảo. Thực ra, với phần lớn điểm đến ở địa phương, nó bắt đầu từ những "
                "việc giản dị hơn nhiều: giúp du khách tìm thấy thông tin đúng lúc, mua vé không "
                "phải xếp hàng, và giúp người quản lý biết khách đến từ đâu, ở lại bao lâu.</p>",
            ),
            ("heading", "Ba lớp của một điểm đến thông minh"),
            (
                "paragraph",
                "<p><b>Lớp thông tin</b>: trang giới thiệu điểm đến, bản đồ số, thuyết minh tự "
                "động bằng nhiều ngôn ngữ khi du khách quét mã QR ở từng hạng mục. <b>Lớp giao "
                "dịch</b>: đặt phòng, mua vé, thanh toán không dùng tiền mặt. <b>Lớp dữ liệu</b>: "
                "số lượt khách, thời gian lưu trú, đánh giá, được tổng hợp để lập kế hoạch thay "
                "vì ước đoán.</p>",
            ),
            (
                "table",
                {
                    "data": [
                        ["Việc nên làm trước", "Chi phí", "Ai làm được"],
                        [
                            "Cập nhật thông tin trên bản đồ số",
                            "Gần như bằng không",
                            "Cán bộ văn hóa xã",
                        ],
                        ["Thuyết minh tự động qua mã QR", "Thấp", "Ban quản lý di tích"],
                        ["Thanh toán không dùng tiền mặt", "Thấp", "Hộ kinh doanh, homestay"],
                        [
                            "Thống kê lượt khách bằng vé điện tử",
                            "Trung bình",
                            "Phòng văn hóa huyện",
                        ],
                    ],
                    "first_row_is_table_header": True,
                    "first_col_is_header": True,
                    "table_caption": "Bước đi phù hợp cho một điểm đến nhỏ",
                },
            ),
            ("heading", "Kể chuyện bằng dữ liệu có sẵn"),
            (
                "paragraph",
                "<p>Nhiều di tích, làng nghề đã có tư liệu quý nằm trong hồ sơ xếp hạng, sách "
                "địa chí hay trí nhớ của các cụ cao niên. Số hóa những tư liệu ấy thành bài "
                "thuyết minh ngắn, có ảnh và âm thanh, là cách rẻ nhất để du khách hiểu điều họ "
                "đang nhìn thấy, và để thế hệ trẻ trong làng cùng tham gia.</p>",
            ),
            (
                "quote",
                {
                    "text": "Du khách không chỉ cần biết đường đến. Họ cần một lý do để ở lại "
                    "thêm một buổi.",
                    "attribution": "Cán bộ Sở Văn hóa, Thể thao và Du lịch",
                },
            ),
            ("heading", "Đừng quên người làm du lịch"),
            (
                "paragraph",
                "<p>Công nghệ chỉ phát huy khi chủ homestay, hướng dẫn viên, người bán hàng lưu "
                "niệm đều dùng được. Vì vậy, kế hoạch du lịch thông minh của một huyện nên đi "
                "kèm kế hoạch bồi dưỡng kỹ năng số cho những người trực tiếp đón khách.</p>",
            ),
            (
                "paragraph",
                "<p>Khi thông tin, giao dịch và dữ liệu cùng hoạt động, điểm đến không chỉ thu "
                "hút thêm khách mà còn biết mình nên đầu tư vào đâu trong mùa tới.</p>",
            ),
        ],
    },
    {
        "slug": "nhan-biet-lua-dao-truc-tuyen",
        "title": "Năm dấu hiệu nhận biết cuộc gọi, tin nhắn lừa đảo",
        "kind": "explainer",
        "pillar": "digital_society",
        "days_ago": 27,
        "authors": [0],
        "tags": ["kỹ năng số", "an toàn số", "lừa đảo trực tuyến"],
        "standfirst": (
            "Kẻ gian thay đổi kịch bản liên tục, nhưng các cuộc lừa đảo qua điện thoại và mạng "
            "xã hội có những dấu hiệu chung. Nhớ năm dấu hiệu này, bạn đã tránh được phần lớn "
            "rủi ro."
        ),
        "body": [
            (
                "paragraph",
                "<p>Giả danh công an, nhân viên ngân hàng, cán bộ thuế; nhắn tin báo trúng "
                "thưởng; mời làm cộng tác viên “việc nhẹ lương cao”… Kịch bản nào cũng nhằm một "
                "mục đích: khiến bạn chuyển tiền hoặc đưa ra thông tin đăng nhập. Dưới đây là "
                "những dấu hiệu lặp lại trong hầu hết các vụ việc.</p>",
            ),
            ("heading", "1. Thúc giục, đe dọa"),
            (
                "paragraph",
                "<p>“Tài khoản của anh sẽ bị khóa trong 30 phút”, “chị đang liên quan đến một "
                "vụ án”. Cơ quan nhà nước và ngân hàng không giải quyết công việc bằng cách dọa "
                "nạt qua điện thoại. Khi bị thúc giục, hãy dừng lại và gác máy.</p>",
            ),
            ("heading", "2. Xin mã OTP hoặc mật khẩu"),
            (
                "paragraph",
                "<p>Mã OTP là chìa khóa cuối cùng của tài khoản. Không ai, kể cả nhân viên ngân "
                "hàng, có lý do để hỏi mã này. Ai hỏi mã OTP là kẻ lừa đảo.</p>",
            ),
            ("heading", "3. Đường link lạ, ứng dụng ngoài kho chính thức"),
            (
                "paragraph",
                "<p>Đường link có tên gần giống trang chính thức, hoặc lời đề nghị cài ứng dụng "
                "từ một tệp gửi qua tin nhắn, là cách kẻ gian chiếm quyền điều khiển điện "
                "thoại. Chỉ cài ứng dụng từ kho ứng dụng chính thức, gõ địa chỉ trang web thay vì "
                "bấm vào link.</p>",
            ),
            ("heading", "4. Yêu cầu chuyển tiền vào tài khoản cá nhân"),
            (
                "paragraph",
                "<p>Không có thủ tục nhà nước nào yêu cầu chuyển tiền vào tài khoản cá nhân để "
                "“xác minh” hay “tạm giữ”. Cơ quan nhà nước thu phí, lệ phí qua cổng thanh toán "
                "của Cổng Dịch vụ công hoặc tại quầy, có biên lai đầy đủ.</p>",
            ),
            ("heading", "5. Lợi ích quá hấp dẫn"),
            (
                "paragraph",
                "<p>Những khoản lời nhanh, quà tặng lớn không điều kiện, công việc chỉ cần bấm "
                "“thích” để nhận tiền gần như luôn là mồi nhử: lần đầu bạn được trả vài chục "
                "nghìn, lần sau bị yêu cầu “nạp” vài chục triệu. Khi nghi ngờ, hãy hỏi người "
                "thân, gọi tổng đài chính thức của ngân hàng, hoặc báo cho công an xã.</p>",
            ),
            (
                "quote",
                {
                    "text": "Dừng lại, kiểm tra, rồi mới làm. Một phút bình tĩnh giữ được tiền "
                    "tiết kiệm của cả gia đình.",
                    "attribution": "Khuyến cáo của tổ công nghệ số cộng đồng",
                },
            ),
            (
                "related_course",
                (
                    "xa-hoi-so-cho-nguoi-dan",
                    "Thực hành nhận diện lừa đảo với các tình huống có thật.",
                ),
            ),
        ],
    },
]


def seed_news_index(home: HomePage) -> ArticleIndexPage:
    """The article index at /news/, created once under the home page."""
    news = ArticleIndexPage.objects.child_of(home).filter(slug=NEWS_SLUG).first()
    if news is None:
        home.refresh_from_db()  # the tree moved on since `home` was read: keep numchild right
        news = home.add_child(
            instance=ArticleIndexPage(title=NEWS_TITLE, slug=NEWS_SLUG, intro=NEWS_INTRO)
        )
        news.save_revision().publish()
    return news


def seed_authors() -> list[Author]:
    """The demo authors, matched by name."""
    return [
        Author.objects.get_or_create(name=name, defaults={"role": role})[0]
        for name, role in AUTHORS
    ]


def _body(
    blocks: list[tuple[str, Any]], *, courses: dict[str, CoursePage], poll: Poll
) -> list[dict[str, Any]]:
    """The StreamField's raw form of an article's short-form blocks."""
    raw = []
    for block_type, value in blocks:
        if block_type == "related_course":
            slug, note = value
            value = {"course": courses[slug].pk, "note": note}
        elif block_type == "poll":
            value = poll.pk
        elif block_type == "table":
            value = {**value, "cell": [], "mergeCells": []}
        raw.append({"type": block_type, "value": value})
    return raw


def _published_at(days_ago: int) -> datetime.datetime:
    """Half past eight in the morning, `days_ago` days before today (local time)."""
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(8, 30)))


def seed_article(
    news: ArticleIndexPage,
    data: dict[str, Any],
    *,
    authors: list[Author],
    courses: dict[str, CoursePage],
    poll: Poll,
) -> ArticlePage:
    """One article, created and published once (matched by slug under the index)."""
    article = ArticlePage.objects.child_of(news).filter(slug=data["slug"]).first()
    if article is not None:
        return article
    published_at = _published_at(data["days_ago"])
    article = ArticlePage(
        title=data["title"],
        slug=data["slug"],
        kind=data["kind"],
        pillar=data["pillar"],
        standfirst=data["standfirst"],
        body=_body(data["body"], courses=courses, poll=poll),
        published_date=published_at.date(),
        # Publishing keeps a date already set: the list's order is the story's, not the seed's.
        first_published_at=published_at,
    )
    article.authors = [authors[i] for i in data["authors"]]
    article.tags.add(*data["tags"])
    news.refresh_from_db()
    news.add_child(instance=article)
    article.save_revision().publish()
    return article


@transaction.atomic
def seed_articles(home: HomePage, *, courses: list[CoursePage], poll: Poll) -> ArticleIndexPage:
    """The news index, its authors and articles: whatever is missing, nothing else.

    Saving a page indexes it for search (Wagtail's post-save handler, run at once by the
    immediate task backend), so the articles are searchable without `update_index`.
    """
    news = seed_news_index(home)
    authors = seed_authors()
    by_slug = {course.slug: course for course in courses}
    for data in ARTICLES:
        seed_article(news, data, authors=authors, courses=by_slug, poll=poll)
    return news
