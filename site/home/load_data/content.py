"""Short Vietnamese course content for the load-test data set. Pure data, no Django imports.

Five topics, cycled when more courses are asked for (the course number tells them apart).
Each topic has a title, a pillar, a summary and three lessons of a few blocks each; the
question pool is shared, and every course's quiz takes ten questions of it in its own bank
category. Texts are NFC.
"""

TOPICS: list[dict] = [
    {
        "title": "Dịch vụ công trực tuyến cho cán bộ một cửa",
        "pillar": "digital_government",
        "summary": "Tiếp nhận, xử lý và trả kết quả hồ sơ trực tuyến đúng hạn, không giấy tờ.",
        "lessons": [
            (
                "Tiếp nhận hồ sơ trên Cổng dịch vụ công",
                "Hồ sơ nộp trực tuyến được kiểm tra ngay trong ngày làm việc. Cán bộ một cửa "
                "đối chiếu thông tin với cơ sở dữ liệu dân cư thay vì yêu cầu bản sao giấy tờ.",
            ),
            (
                "Ký số và trả kết quả điện tử",
                "Kết quả giải quyết được <b>ký số</b> và gửi về tài khoản của người dân. Bản "
                "điện tử có giá trị pháp lý như bản giấy.",
            ),
            (
                "Theo dõi tiến độ và đánh giá hài lòng",
                "Mỗi hồ sơ có trạng thái công khai. Người dân chấm điểm mức độ hài lòng sau khi "
                "nhận kết quả, giúp đơn vị cải tiến quy trình.",
            ),
        ],
    },
    {
        "title": "An toàn thông tin khi làm việc trên môi trường số",
        "pillar": "digital_government",
        "summary": "Nhận diện thư lừa đảo, đặt mật khẩu mạnh và bảo vệ dữ liệu của cơ quan.",
        "lessons": [
            (
                "Nhận diện thư điện tử lừa đảo",
                "Thư giả mạo thường tạo cảm giác gấp gáp và chứa đường link lạ. Hãy kiểm tra "
                "địa chỉ người gửi trước khi bấm vào bất cứ liên kết nào.",
            ),
            (
                "Mật khẩu mạnh và xác thực hai lớp",
                "Mỗi hệ thống một mật khẩu riêng, dài ít nhất 12 ký tự. Bật <b>xác thực hai "
                "lớp</b> cho thư công vụ và các phần mềm dùng chung.",
            ),
            (
                "Xử lý khi máy tính có dấu hiệu nhiễm mã độc",
                "Ngắt kết nối mạng, không tắt nguồn đột ngột và báo ngay cho bộ phận công nghệ "
                "thông tin của đơn vị.",
            ),
        ],
    },
    {
        "title": "Bán nông sản trên sàn thương mại điện tử",
        "pillar": "digital_economy",
        "summary": "Đưa sản phẩm của hợp tác xã lên sàn, chụp ảnh, định giá và giao hàng.",
        "lessons": [
            (
                "Chọn sàn và mở gian hàng",
                "Hợp tác xã cần mã số thuế, tài khoản ngân hàng và ảnh sản phẩm rõ nét. Bắt đầu "
                "với một hoặc hai sản phẩm chủ lực.",
            ),
            (
                "Tem truy xuất nguồn gốc bằng mã QR",
                "Mã QR trên bao bì cho người mua biết nơi sản xuất, ngày thu hoạch và mã lô. "
                "Thông tin minh bạch giúp tăng niềm tin.",
            ),
            (
                "Thanh toán không dùng tiền mặt",
                "Nhận tiền qua mã QR ngân hàng giúp đối soát nhanh. Kiểm tra số dư trên ứng dụng "
                "trước khi giao hàng cho khách.",
            ),
        ],
    },
    {
        "title": "Hóa đơn điện tử và sổ sách số cho hợp tác xã",
        "pillar": "digital_economy",
        "summary": "Lập hóa đơn điện tử có mã, lưu trữ chứng từ và báo cáo thuế trực tuyến.",
        "lessons": [
            (
                "Hóa đơn điện tử có mã của cơ quan thuế",
                "Hóa đơn được cấp mã trước khi gửi cho người mua. Sai sót được điều chỉnh bằng "
                "hóa đơn điều chỉnh, không xóa hóa đơn đã lập.",
            ),
            (
                "Lưu trữ chứng từ điện tử",
                "Chứng từ được lưu trên hệ thống có sao lưu định kỳ. Đặt tên tệp theo ngày và số "
                "hóa đơn để tra cứu nhanh.",
            ),
            (
                "Kê khai thuế qua mạng",
                "Tờ khai được nộp bằng chữ ký số. Hệ thống gửi thông báo chấp nhận về thư điện "
                "tử của hợp tác xã.",
            ),
        ],
    },
    {
        "title": "Kỹ năng số cho người dân: VNeID và thanh toán an toàn",
        "pillar": "digital_society",
        "summary": "Kích hoạt định danh điện tử, nộp hồ sơ trực tuyến và phòng tránh lừa đảo.",
        "lessons": [
            (
                "Kích hoạt tài khoản định danh điện tử mức 2",
                "Người dân đăng ký tại công an xã, sau đó kích hoạt trên ứng dụng <b>VNeID</b> "
                "bằng số điện thoại chính chủ.",
            ),
            (
                "Nộp hồ sơ trực tuyến từ điện thoại",
                "Đăng nhập Cổng dịch vụ công bằng VNeID, chọn thủ tục, điền tờ khai và theo dõi "
                "kết quả ngay trên điện thoại.",
            ),
            (
                "Không bao giờ đọc mã OTP cho người khác",
                "Ngân hàng và cơ quan nhà nước không bao giờ hỏi mã OTP. Ai hỏi mã OTP đều là "
                "kẻ lừa đảo.",
            ),
        ],
    },
]

LESSON_TIP = (
    "Ghi lại những điểm chính của bài và thử áp dụng ngay trong công việc hằng ngày của bạn."
)

# The question pool: kind, text, choices (or accepted answers) and the correct choice indices.
QUESTIONS: list[dict] = [
    {
        "kind": "single",
        "text": "Cán bộ một cửa kiểm tra hồ sơ trực tuyến bằng cách nào?",
        "choices": [
            "Yêu cầu bản sao công chứng",
            "Đối chiếu với cơ sở dữ liệu dân cư",
            "Gọi điện cho người nộp",
        ],
        "correct": [1],
    },
    {
        "kind": "true_false",
        "text": "Văn bản điện tử có chữ ký số hợp lệ có giá trị như văn bản giấy.",
        "correct": [0],
    },
    {
        "kind": "single",
        "text": "Việc đầu tiên nên làm khi máy tính có dấu hiệu nhiễm mã độc là gì?",
        "choices": [
            "Ngắt kết nối mạng và báo bộ phận công nghệ thông tin",
            "Tiếp tục làm việc",
            "Xóa hết dữ liệu",
        ],
        "correct": [0],
    },
    {
        "kind": "multiple",
        "text": "Những việc nào giúp bảo vệ tài khoản công vụ? (chọn tất cả ý đúng)",
        "choices": [
            "Bật xác thực hai lớp",
            "Dùng một mật khẩu cho mọi hệ thống",
            "Đặt mật khẩu dài",
        ],
        "correct": [0, 2],
    },
    {
        "kind": "true_false",
        "text": "Nhân viên ngân hàng có thể hỏi mã OTP để xác minh tài khoản.",
        "correct": [1],
    },
    {
        "kind": "short_answer",
        "text": "Tên ứng dụng định danh điện tử quốc gia là gì?",
        "accepted": ["VNeID"],
    },
    {
        "kind": "single",
        "text": "Tem truy xuất nguồn gốc bằng mã QR cho người mua biết điều gì?",
        "choices": ["Nơi sản xuất và mã lô", "Mật khẩu của hợp tác xã", "Lương của xã viên"],
        "correct": [0],
    },
    {
        "kind": "single",
        "text": "Hóa đơn điện tử lập sai được xử lý thế nào?",
        "choices": ["Xóa hóa đơn", "Lập hóa đơn điều chỉnh", "Bỏ qua"],
        "correct": [1],
    },
    {
        "kind": "true_false",
        "text": "Thanh toán bằng mã QR ngân hàng giúp đối soát nhanh hơn tiền mặt.",
        "correct": [0],
    },
    {
        "kind": "multiple",
        "text": "Thư lừa đảo thường có những dấu hiệu nào? (chọn tất cả ý đúng)",
        "choices": ["Tạo cảm giác gấp gáp", "Đường link lạ", "Chữ ký số hợp lệ của cơ quan"],
        "correct": [0, 1],
    },
    {
        "kind": "short_answer",
        "text": "Viết tắt của mật khẩu dùng một lần gửi qua tin nhắn (3 chữ cái)?",
        "accepted": ["OTP"],
    },
    {
        "kind": "single",
        "text": "Người dân đăng ký định danh điện tử mức 2 ở đâu?",
        "choices": ["Tại công an xã", "Tại ngân hàng", "Tại bưu điện"],
        "correct": [0],
    },
]

TRUE_FALSE = ["Đúng", "Sai"]
WRONG_SHORT_ANSWER = "Không nhớ"
QUESTIONS_PER_QUIZ = 10
