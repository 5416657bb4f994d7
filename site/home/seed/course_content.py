"""Course content for the demo: three courses, one per pillar of the provincial resolution.

Pure data, no Django imports. Written for this project in Vietnamese (NFC) for public servants,
cooperative leaders and citizens of a province modelled on Thái Bình; a later seed step turns it
into course and lesson pages.

Each course is a dict with a slug, title, pillar, summary, objectives, audience codes, delivery
mode, duration (the sum of its lessons' minutes) and lessons. A lesson body is a list of
``(block_type, value)`` tuples where block_type is "heading" (plain text), "paragraph" (HTML
limited to p, b, i, ul, ol, li and https links) or "callout" (a dict with kind, title, text).

``QUIZ_HINTS`` maps each course slug to four multiple-choice questions (``correct`` is the index
of the right choice) for the quiz seed step.
"""

COURSES: list[dict] = [
    {
        "slug": "chinh-quyen-so-co-ban",
        "title": "Chính quyền số cho cán bộ, công chức, viên chức",
        "pillar": "digital_government",
        "summary": (
            "Những kiến thức và kỹ năng cốt lõi để làm việc trong chính quyền số: định danh điện "
            "tử, xử lý hồ sơ trực tuyến, chữ ký số, khai thác dữ liệu dùng chung và an toàn thông "
            "tin."
        ),
        "objectives": [
            (
                "Giải thích được ba trụ cột chuyển đổi số của tỉnh và sự khác biệt giữa chính "
                "quyền điện tử với chính quyền số."
            ),
            (
                "Hướng dẫn được người dân kích hoạt và dùng tài khoản định danh điện tử VNeID mức "
                "2 để nộp hồ sơ trực tuyến."
            ),
            (
                "Tiếp nhận, xử lý, ký số và trả kết quả hồ sơ đúng quy trình trên hệ thống giải "
                "quyết thủ tục hành chính."
            ),
            "Áp dụng nguyên tắc “chỉ cung cấp thông tin một lần” khi khai thác dữ liệu dùng chung.",
            "Nhận diện thư lừa đảo và áp dụng mật khẩu mạnh, xác thực hai lớp trong công việc.",
        ],
        "audience": [
            "civil_servant",
            "public_employee",
        ],
        "delivery_mode": "online",
        "duration_minutes": 76,
        "lessons": [
            {
                "slug": "tong-quan-chinh-quyen-so",
                "title": "Chính quyền số: từ giấy tờ sang dữ liệu",
                "minutes": 10,
                "required": True,
                "body": [
                    (
                        "paragraph",
                        (
                            "<p>Chuyển đổi số của tỉnh được triển khai trên ba trụ cột gắn bó "
                            "chặt chẽ: <b>chính quyền số</b>, <b>kinh tế số</b> và <b>xã hội "
                            "số</b>. Chính quyền số phải đi trước một bước, vì chỉ khi cơ quan "
                            "nhà nước làm việc trên môi trường số thì người dân và doanh nghiệp "
                            "mới có động lực và điều kiện để giao dịch trực tuyến. Chuyển đổi số "
                            "không phải là mua thêm máy tính hay phần mềm; đó là thay đổi cách "
                            "làm việc: quy trình được thiết kế lại quanh nhu cầu của người dân, "
                            "quyết định dựa trên dữ liệu, và mỗi cán bộ, công chức trực tiếp vận "
                            "hành các hệ thống đó.</p>"
                        ),
                    ),
                    (
                        "heading",
                        "Chính quyền điện tử và chính quyền số khác nhau thế nào?",
                    ),
                    (
                        "paragraph",
                        (
                            "<p>Chính quyền điện tử chủ yếu đưa các thủ tục giấy tờ lên mạng. "
                            "Chính quyền số đi xa hơn ở bốn điểm:</p><ul><li><b>Lấy người dân làm "
                            "trung tâm</b>: người dân không cần biết hồ sơ đi qua bao nhiêu phòng "
                            "ban; họ chỉ cần một đầu mối và được thông báo tiến độ.</li><li><b>Dữ "
                            "liệu là tài nguyên</b>: thông tin đã có trong cơ sở dữ liệu thì cơ "
                            "quan nhà nước tự khai thác, không yêu cầu người dân nộp "
                            "lại.</li><li><b>Điều hành dựa trên dữ liệu</b>: lãnh đạo theo dõi "
                            "các chỉ số gần như theo thời gian thực thay vì chờ báo cáo tổng hợp "
                            "cuối tháng.</li><li><b>Mặc định là số</b>: văn bản, hồ sơ, báo cáo "
                            "được tạo lập, ký và lưu trữ điện tử ngay từ đầu.</li></ul>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "note",
                            "title": "Khung pháp lý cần nắm",
                            "text": (
                                "Các văn bản nền tảng gồm Luật Giao dịch điện tử năm 2023 (công "
                                "nhận giá trị pháp lý của thông điệp dữ liệu, chữ ký điện tử và "
                                "giao dịch điện tử của cơ quan nhà nước), Luật Dữ liệu năm 2024, "
                                "các nghị định của Chính phủ về thực hiện thủ tục hành chính trên "
                                "môi trường điện tử, và Nghị quyết 57-NQ/TW của Bộ Chính trị về "
                                "đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và "
                                "chuyển đổi số quốc gia. Khi áp dụng, luôn tra cứu văn bản đang "
                                "còn hiệu lực."
                            ),
                        },
                    ),
                    (
                        "heading",
                        "Khóa học này giúp bạn làm được gì?",
                    ),
                    (
                        "paragraph",
                        (
                            "<p>Qua sáu bài, bạn sẽ làm chủ tài khoản VNeID, xử lý hồ sơ trực "
                            "tuyến, chữ ký số, khai thác dữ liệu dùng chung và an toàn thông tin. "
                            "Với mỗi việc hằng ngày, hãy tự hỏi: <i>Việc này làm được trên môi "
                            "trường số không? Dữ liệu này đã có ở đâu chưa? Người dân có phải đi "
                            "lại thêm lần nào không?</i> Hãy chọn một thủ tục hoặc báo cáo mà đơn "
                            "vị bạn làm thường xuyên nhất, ghi lại các bước hiện tại và đánh dấu "
                            "bước nào còn dùng giấy: đó là điểm khởi đầu để cải tiến.</p>"
                        ),
                    ),
                ],
            },
            {
                "slug": "dinh-danh-dien-tu-vneid",
                "title": "Định danh điện tử VNeID mức 2",
                "minutes": 12,
                "required": True,
                "body": [
                    (
                        "heading",
                        "Tài khoản định danh điện tử là gì?",
                    ),
                    (
                        "paragraph",
                        (
                            "<p>Tài khoản định danh điện tử do Bộ Công an cấp và được sử dụng qua "
                            "ứng dụng <b>VNeID</b>, giúp xác thực chính xác một người khi giao "
                            "dịch trên môi trường số. Có hai mức:</p><ul><li><b>Mức 1</b>: người "
                            "dân tự đăng ký trên ứng dụng, xác thực bằng ảnh chân dung; chỉ dùng "
                            "được một số tiện ích cơ bản.</li><li><b>Mức 2</b>: đăng ký trực tiếp "
                            "tại cơ quan công an, có thu nhận ảnh chân dung và vân tay; thông tin "
                            "hiển thị trên tài khoản có giá trị tương đương xuất trình thẻ căn "
                            "cước khi giao dịch.</li></ul><p>Tài khoản mức 2 dùng để đăng nhập "
                            "Cổng Dịch vụ công quốc gia và hệ thống giải quyết thủ tục hành chính "
                            "của tỉnh; tích hợp giấy tờ như giấy phép lái xe, thẻ bảo hiểm y tế, "
                            "đăng ký xe; và cung cấp thông tin cư trú mà người dân không phải đi "
                            "xin giấy xác nhận.</p>"
                        ),
                    ),
                    (
                        "heading",
                        "Các bước kích hoạt tài khoản mức 2",
                    ),
                    (
                        "paragraph",
                        (
                            "<ol><li>Đăng ký tại công an cấp xã hoặc nơi làm thủ tục cấp căn "
                            "cước, mang theo thẻ căn cước (hoặc căn cước công dân gắn chip) và số "
                            "điện thoại chính chủ.</li><li>Tải ứng dụng VNeID do Bộ Công an phát "
                            "hành từ App Store hoặc Google Play; không cài từ đường link do người "
                            "khác gửi.</li><li>Khi nhận tin nhắn thông báo đã duyệt, mở ứng dụng, "
                            "chọn kích hoạt tài khoản, nhập số định danh cá nhân, số điện thoại "
                            "và mã kích hoạt.</li><li>Đặt mật khẩu và mã bảo vệ (passcode) 6 chữ "
                            "số; không dùng ngày sinh.</li><li>Kiểm tra thông tin hiển thị; nếu "
                            "sai lệch, liên hệ công an nơi cư trú để điều chỉnh.</li></ol>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "warning",
                            "title": "Hướng dẫn, không làm thay",
                            "text": (
                                "Cán bộ, công chức không đăng nhập, kích hoạt hay giữ mật khẩu, "
                                "mã kích hoạt của người dân. Khi hỗ trợ, chỉ hướng dẫn để chính "
                                "người dân thao tác trên điện thoại của họ. Luôn nhắc: công an "
                                "không gọi điện yêu cầu cài ứng dụng lạ, cung cấp mã kích hoạt "
                                "hay chuyển tiền để “nâng cấp định danh”."
                            ),
                        },
                    ),
                    (
                        "paragraph",
                        (
                            "<p><b>Dùng VNeID khi nộp hồ sơ:</b> trên <a "
                            'href="https://dichvucong.gov.vn">Cổng Dịch vụ công quốc gia</a>, '
                            "người dân chọn đăng nhập bằng tài khoản định danh điện tử, quét mã "
                            "QR hoặc nhập số định danh và mật khẩu, rồi xác nhận trên ứng dụng. "
                            "Họ tên, ngày sinh, nơi cư trú được điền sẵn vào tờ khai. Với công "
                            "chức tiếp nhận, điều đó có nghĩa là thông tin nhân thân đã được xác "
                            "thực từ Cơ sở dữ liệu quốc gia về dân cư: không cần yêu cầu bản sao "
                            "giấy tờ tùy thân.</p>"
                        ),
                    ),
                ],
            },
            {
                "slug": "xu-ly-ho-so-truc-tuyen",
                "title": "Tiếp nhận và xử lý hồ sơ trực tuyến",
                "minutes": 15,
                "required": True,
                "body": [
                    (
                        "paragraph",
                        (
                            "<p>Hồ sơ người dân, doanh nghiệp nộp trên Cổng Dịch vụ công quốc gia "
                            "được chuyển về <b>Hệ thống thông tin giải quyết thủ tục hành chính "
                            "của tỉnh</b>, nơi công chức tiếp nhận và xử lý. Dịch vụ công trực "
                            "tuyến có hai loại: <b>toàn trình</b> (nộp, xử lý, thanh toán và trả "
                            "kết quả đều trên môi trường mạng) và <b>một phần</b> (còn bước phải "
                            "thực hiện trực tiếp, ví dụ xuất trình bản gốc hoặc nhận kết quả bản "
                            "giấy).</p>"
                        ),
                    ),
                    (
                        "heading",
                        "Năm bước xử lý một hồ sơ trên hệ thống",
                    ),
                    (
                        "paragraph",
                        (
                            "<ol><li><b>Tiếp nhận</b>: kiểm tra thành phần hồ sơ, tệp đính kèm có "
                            "đọc được không, thông tin đã xác thực qua VNeID. Nếu thiếu, yêu cầu "
                            "bổ sung <b>đầy đủ, cụ thể trong một lần</b>, không yêu cầu bổ sung "
                            "nhiều lần.</li><li><b>Khai thác dữ liệu</b>: tra cứu thông tin dân "
                            "cư, cư trú qua kết nối với Cơ sở dữ liệu quốc gia về dân cư thay vì "
                            "đòi người dân nộp giấy tờ.</li><li><b>Chuyển xử lý</b>: chuyển đúng "
                            "người, đúng bước trên hệ thống; không xử lý bằng giấy “ngoài luồng” "
                            "rồi cập nhật sau.</li><li><b>Ký số và trả kết quả</b>: kết quả điện "
                            "tử được ký số, trả vào tài khoản của người dân và lưu vào Kho quản "
                            "lý dữ liệu điện tử của tổ chức, cá nhân để dùng lại cho các thủ tục "
                            "sau.</li><li><b>Phí, lệ phí</b>: người dân thanh toán qua nền tảng "
                            "thanh toán trực tuyến của Cổng; công chức kiểm tra trạng thái thanh "
                            "toán trên hệ thống.</li></ol>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "warning",
                            "title": "Hồ sơ có nguy cơ trễ hạn",
                            "text": (
                                "Mọi mốc thời gian đều được hệ thống ghi nhận và phản ánh vào Bộ "
                                "chỉ số phục vụ người dân, doanh nghiệp. Khi thấy hồ sơ có thể "
                                "trễ hạn, phải gửi phiếu xin lỗi và hẹn lại thời gian trả kết quả "
                                "theo quy định, thực hiện ngay trên hệ thống, không để hồ sơ "
                                "“treo” không ai xử lý."
                            ),
                        },
                    ),
                    (
                        "paragraph",
                        (
                            "<p><b>Số hóa hồ sơ nộp trực tiếp.</b> Khi người dân nộp giấy tại Bộ "
                            "phận Một cửa hoặc Trung tâm Phục vụ hành chính công, công chức quét "
                            "thành phần hồ sơ, ký số xác nhận và gắn vào hồ sơ điện tử. Thành "
                            "phần hồ sơ và kết quả đã được số hóa đúng quy định sẽ được tái sử "
                            "dụng, nên lần sau người dân không phải nộp lại. Hãy quét rõ nét, "
                            "đúng chiều và đặt tên tệp theo quy ước của đơn vị.</p>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "tip",
                            "title": "Đặt mình vào vị trí người dân",
                            "text": (
                                "Mỗi quý, hãy tự nộp thử một thủ tục của đơn vị mình trên Cổng "
                                "Dịch vụ công bằng tài khoản cá nhân (rồi rút hồ sơ). Bạn sẽ thấy "
                                "ngay tờ khai nào khó hiểu, trường thông tin nào trùng lặp và "
                                "bước nào cần đơn giản hóa."
                            ),
                        },
                    ),
                ],
            },
            {
                "slug": "chu-ky-so-van-ban-dien-tu",
                "title": "Chữ ký số và văn bản điện tử",
                "minutes": 12,
                "required": True,
                "body": [
                    (
                        "paragraph",
                        (
                            "<p>Theo Luật Giao dịch điện tử năm 2023, <b>chữ ký số</b> là một "
                            "dạng chữ ký điện tử dùng cặp khóa: khóa bí mật để ký và khóa công "
                            "khai để kiểm tra. Văn bản được ký số hợp lệ có giá trị pháp lý như "
                            "văn bản giấy có chữ ký và con dấu. Có hai loại thường "
                            "gặp:</p><ul><li><b>Chữ ký số chuyên dùng công vụ</b>: do Ban Cơ yếu "
                            "Chính phủ cung cấp cho cơ quan nhà nước và người có thẩm quyền, dùng "
                            "ký văn bản hành chính, hồ sơ công vụ.</li><li><b>Chữ ký số công "
                            "cộng</b>: do các tổ chức cung cấp dịch vụ chứng thực chữ ký số công "
                            "cộng được cấp phép cung cấp, dùng phổ biến cho doanh nghiệp, hợp tác "
                            "xã và cá nhân khi khai thuế, bảo hiểm xã hội, ký hợp đồng điện "
                            "tử.</li></ul><p>Thiết bị ký có thể là USB token, SIM ký số hoặc dịch "
                            "vụ <i>ký số từ xa</i> trên điện thoại.</p>"
                        ),
                    ),
                    (
                        "heading",
                        "Quy trình ký số văn bản đi",
                    ),
                    (
                        "paragraph",
                        (
                            "<ol><li>Chuyên viên soạn thảo và trình dự thảo trên hệ thống quản lý "
                            "văn bản và điều hành; ý kiến góp ý được lưu vết trên hệ "
                            "thống.</li><li>Người có thẩm quyền kiểm tra nội dung cuối cùng và ký "
                            "số cá nhân.</li><li>Văn thư cơ quan cấp số, ký số của cơ quan (tương "
                            "đương đóng dấu) và phát hành qua trục liên thông văn "
                            "bản.</li><li>Văn bản điện tử được lưu trữ trên hệ thống; không in "
                            "ra, đóng dấu rồi scan lại.</li></ol>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "warning",
                            "title": "Khóa bí mật là “con dấu” của bạn",
                            "text": (
                                "Không giao USB token và không nói mã PIN cho người khác, kể cả "
                                "đồng nghiệp hay văn thư. Không cắm token vào máy tính lạ, rút ra "
                                "khi không dùng. Khi mất thiết bị hoặc nghi lộ mã PIN, báo ngay "
                                "cho đầu mối quản lý chữ ký số của đơn vị để tạm dừng hoặc thu "
                                "hồi chứng thư số."
                            ),
                        },
                    ),
                    (
                        "paragraph",
                        (
                            "<p><b>Kiểm tra văn bản đến.</b> Mở tệp PDF bằng phần mềm có hỗ trợ "
                            "chữ ký số và xem bảng thông tin chữ ký: chứng thư số do tổ chức được "
                            "công nhận cấp, còn hiệu lực tại thời điểm ký, và văn bản không bị "
                            "chỉnh sửa sau khi ký. Một hình ảnh chữ ký dán vào tệp PDF <b>không "
                            "phải</b> là chữ ký số; nếu phần mềm báo chữ ký không hợp lệ, hãy "
                            "liên hệ cơ quan gửi để xác minh trước khi xử lý.</p>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "tip",
                            "title": "Ký số từ xa khi đi công tác",
                            "text": (
                                "Với dịch vụ ký số từ xa, lãnh đạo có thể duyệt và ký văn bản "
                                "trên điện thoại mà không cần mang theo USB token. Hãy bật khóa "
                                "màn hình, xác thực sinh trắc học và chỉ cài ứng dụng ký số từ "
                                "nguồn do đơn vị hướng dẫn."
                            ),
                        },
                    ),
                ],
            },
            {
                "slug": "du-lieu-mot-lan-va-ioc",
                "title": "Chia sẻ dữ liệu, nguyên tắc “một lần” và Trung tâm IOC",
                "minutes": 15,
                "required": True,
                "body": [
                    (
                        "paragraph",
                        (
                            "<p>Nguyên tắc <b>“chỉ cung cấp thông tin một lần”</b> nghĩa là người "
                            "dân, doanh nghiệp chỉ phải khai một thông tin với cơ quan nhà nước "
                            "một lần; những lần sau, cơ quan nhà nước tự khai thác lại từ cơ sở "
                            "dữ liệu. Nguyên tắc này đã được thể chế hóa trong các quy định về "
                            "thủ tục hành chính trên môi trường điện tử và về quản lý, kết nối, "
                            "chia sẻ dữ liệu. Muốn thực hiện được, dữ liệu phải được kết nối và "
                            "công chức phải biết cách khai thác.</p>"
                        ),
                    ),
                    (
                        "heading",
                        "Dữ liệu đi qua đâu?",
                    ),
                    (
                        "paragraph",
                        (
                            "<ul><li><b>Cơ sở dữ liệu quốc gia</b> như dân cư, đăng ký doanh "
                            "nghiệp, đất đai, bảo hiểm: nguồn dữ liệu gốc, có cơ quan chịu trách "
                            "nhiệm cập nhật.</li><li><b>Nền tảng tích hợp, chia sẻ dữ liệu quốc "
                            "gia (NDXP)</b> và <b>nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh "
                            "(LGSP)</b>: “đường ống” để các hệ thống trao đổi dữ liệu mà không "
                            "phải gửi tệp qua thư điện tử.</li><li><b>Cơ sở dữ liệu chuyên "
                            "ngành</b> của các sở, ngành: hộ tịch, đất đai, hợp tác xã, an sinh "
                            "xã hội.</li></ul><p>Khi khai thác, chỉ tra cứu đúng mục đích, đúng "
                            "thẩm quyền; tài khoản khai thác gắn với cá nhân và mọi lượt truy cập "
                            "đều được ghi lại.</p>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "note",
                            "title": "Dữ liệu “đúng, đủ, sạch, sống”",
                            "text": (
                                "Đây là yêu cầu được nhấn mạnh trong Đề án 06 về phát triển ứng "
                                "dụng dữ liệu dân cư, định danh và xác thực điện tử. Người nào "
                                "cập nhật dữ liệu thì chịu trách nhiệm về độ chính xác của dữ "
                                "liệu đó; phát hiện sai lệch thì báo cơ quan quản lý dữ liệu gốc "
                                "để sửa tại nguồn, không tự sửa ở bản sao của mình."
                            ),
                        },
                    ),
                    (
                        "heading",
                        "IOC: từ dữ liệu đến điều hành",
                    ),
                    (
                        "paragraph",
                        (
                            "<p>Trung tâm Giám sát, điều hành thông minh (IOC) của tỉnh tổng hợp "
                            "dữ liệu từ hệ thống giải quyết thủ tục hành chính, hệ thống quản lý "
                            "văn bản, phản ánh hiện trường của người dân và các hệ thống chuyên "
                            "ngành, rồi trình bày trên bảng điều khiển. Lãnh đạo có thể xem tỷ lệ "
                            "hồ sơ đúng hạn theo từng đơn vị, phản ánh chưa được xử lý, tiến độ "
                            "giải ngân, để chỉ đạo kịp thời. Bảng điều khiển chỉ đúng khi dữ liệu "
                            "đầu vào trung thực: hồ sơ xử lý ngoài hệ thống hay cập nhật muộn sẽ "
                            "làm IOC phản ánh sai, và quyết định dựa trên số liệu sai còn nguy "
                            "hiểm hơn không có số liệu. Vì vậy, cập nhật đúng và kịp thời trên hệ "
                            "thống là trách nhiệm của mỗi công chức.</p>"
                        ),
                    ),
                ],
            },
            {
                "slug": "an-toan-thong-tin-cong-vu",
                "title": "An toàn thông tin trong công việc hằng ngày",
                "minutes": 12,
                "required": True,
                "body": [
                    (
                        "paragraph",
                        (
                            "<p>Nhiều sự cố mất an toàn thông tin bắt đầu từ một thao tác rất "
                            "bình thường: bấm vào đường link giả mạo, dùng lại mật khẩu cũ, cắm "
                            "một chiếc USB lạ. Kẻ tấn công nhắm vào cơ quan nhà nước vì ở đó có "
                            "dữ liệu của người dân và quyền truy cập các hệ thống quan trọng.</p>"
                        ),
                    ),
                    (
                        "heading",
                        "Nhận diện thư điện tử lừa đảo (phishing)",
                    ),
                    (
                        "paragraph",
                        (
                            "<ul><li>Địa chỉ gửi gần giống tên miền thật: thêm, bớt hoặc thay một "
                            "ký tự, hoặc dùng hộp thư miễn phí nhưng xưng là cơ quan nhà "
                            "nước.</li><li>Tạo áp lực thời gian: “tài khoản sẽ bị khóa trong 24 "
                            "giờ”, “văn bản hỏa tốc cần xem ngay”.</li><li>Yêu cầu đăng nhập qua "
                            "đường link trong thư hoặc mở tệp nén có mật khẩu, tệp văn bản đòi "
                            "“bật nội dung” (macro).</li><li>Giả danh lãnh đạo nhờ chuyển tiền, "
                            "mua thẻ cào hoặc gửi gấp tài liệu nội bộ.</li></ul><p>Khi nghi ngờ: "
                            "không bấm, không trả lời; xác minh với người gửi qua điện thoại hoặc "
                            "gặp trực tiếp, và chuyển thư cho bộ phận công nghệ thông tin của đơn "
                            "vị.</p>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "tip",
                            "title": "Mật khẩu mạnh và xác thực hai lớp",
                            "text": (
                                "Dùng cụm mật khẩu dài từ 12 ký tự trở lên, ghép từ nhiều từ dễ "
                                "nhớ với nhau; mỗi hệ thống một mật khẩu riêng; có thể dùng trình "
                                "quản lý mật khẩu. Bật xác thực hai lớp (2FA) cho thư công vụ, "
                                "tài khoản mạng xã hội và ngân hàng, ưu tiên ứng dụng tạo mã thay "
                                "vì tin nhắn. Không dán mật khẩu lên màn hình hay ghi vào sổ để "
                                "trên bàn."
                            ),
                        },
                    ),
                    (
                        "paragraph",
                        (
                            "<p><b>Thói quen an toàn mỗi ngày:</b></p><ul><li>Khóa màn hình khi "
                            "rời chỗ (trên Windows: phím Windows + L).</li><li>Cho phép hệ điều "
                            "hành và phần mềm phòng chống mã độc tự cập nhật.</li><li>Không gửi "
                            "tài liệu công việc qua hộp thư cá nhân hoặc nhóm chat công cộng; "
                            "tuyệt đối không soạn thảo, lưu giữ tài liệu mật trên máy tính có kết "
                            "nối Internet.</li><li>Hạn chế dùng Wi-Fi công cộng cho công việc; "
                            "không cắm USB không rõ nguồn gốc.</li></ul>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "warning",
                            "title": "Khi nghi ngờ máy tính bị tấn công",
                            "text": (
                                "Ngắt kết nối mạng (rút cáp, tắt Wi-Fi), không tự xóa tệp hay cài "
                                "lại máy vì sẽ mất dấu vết, báo ngay cho đầu mối an toàn thông "
                                "tin của đơn vị, và đổi mật khẩu các tài khoản quan trọng từ một "
                                "thiết bị khác."
                            ),
                        },
                    ),
                ],
            },
        ],
    },
    {
        "slug": "kinh-te-so-cho-hop-tac-xa",
        "title": "Kinh tế số cho hợp tác xã nông nghiệp",
        "pillar": "digital_economy",
        "summary": (
            "Khóa học kết hợp trực tuyến và thực hành trực tiếp, giúp lãnh đạo hợp tác xã áp dụng "
            "thanh toán không dùng tiền mặt, hóa đơn điện tử, bán hàng trên sàn thương mại điện "
            "tử và truy xuất nguồn gốc bằng mã QR."
        ),
        "objectives": [
            "Tổ chức thu, chi của hợp tác xã qua tài khoản và mã QR, đối soát dòng tiền hằng ngày.",
            "Đăng ký, lập và xử lý sai sót hóa đơn điện tử, khai và nộp thuế trực tuyến.",
            "Mở và vận hành một gian hàng nông sản trực tuyến trung thực, đúng quy định.",
            "Xây dựng nhật ký sản xuất điện tử và tem QR truy xuất nguồn gốc theo lô.",
            "Lập kế hoạch chuyển đổi số 90 ngày có người phụ trách và chỉ số đo lường.",
        ],
        "audience": [
            "cooperative_leader",
        ],
        "delivery_mode": "blended",
        "duration_minutes": 74,
        "lessons": [
            {
                "slug": "kinh-te-so-va-hop-tac-xa",
                "title": "Kinh tế số mở ra gì cho hợp tác xã?",
                "minutes": 10,
                "required": True,
                "body": [
                    (
                        "paragraph",
                        (
                            "<p>Kinh tế số là các hoạt động sản xuất, kinh doanh sử dụng công "
                            "nghệ số và dữ liệu để tạo ra giá trị. Với một hợp tác xã nông "
                            "nghiệp, kinh tế số không phải là điều gì xa vời mà là những việc rất "
                            "cụ thể: nhận tiền bằng chuyển khoản, xuất hóa đơn điện tử, ghi nhật "
                            "ký sản xuất trên điện thoại, bán gạo, rau màu, sản phẩm OCOP qua sàn "
                            "thương mại điện tử, và gắn tem truy xuất nguồn gốc cho từng lô "
                            "hàng.</p>"
                        ),
                    ),
                    (
                        "heading",
                        "Lợi ích thiết thực",
                    ),
                    (
                        "paragraph",
                        (
                            "<ul><li><b>Minh bạch với thành viên</b>: dòng tiền đi qua tài khoản "
                            "của hợp tác xã, sổ sách điện tử giúp công khai thu chi, tạo niềm tin "
                            "giữa ban quản trị và thành viên.</li><li><b>Mở rộng thị trường</b>: "
                            "người mua ở tỉnh khác có thể đặt hàng trực tiếp, giảm phụ thuộc vào "
                            "thương lái và khâu trung gian.</li><li><b>Dễ tiếp cận vốn</b>: lịch "
                            "sử giao dịch, hóa đơn và báo cáo rõ ràng là căn cứ để ngân hàng, quỹ "
                            "hỗ trợ đánh giá khi cho vay.</li><li><b>Nâng giá trị sản phẩm</b>: "
                            "thông tin truy xuất và đánh giá của khách hàng giúp sản phẩm sạch "
                            "được trả giá xứng đáng.</li></ul>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "note",
                            "title": "Khóa học kết hợp: tự học trực tuyến và thực hành trực tiếp",
                            "text": (
                                "Bạn tự học sáu bài trực tuyến theo thời gian phù hợp với mùa vụ. "
                                "Sau đó, Liên minh Hợp tác xã tỉnh phối hợp tổ chức một buổi thực "
                                "hành trực tiếp, nơi học viên được hướng dẫn tạo mã QR nhận tiền, "
                                "lập hóa đơn điện tử thử, chụp ảnh sản phẩm và mở gian hàng ngay "
                                "trên điện thoại của mình."
                            ),
                        },
                    ),
                    (
                        "paragraph",
                        (
                            "<p><b>Tự đánh giá nhanh mức độ số hóa của hợp tác xã.</b> Trả lời có "
                            "hoặc chưa cho từng câu:</p><ol><li>Hợp tác xã có tài khoản ngân hàng "
                            "đứng tên hợp tác xã và mã QR nhận tiền chưa?</li><li>Hợp tác xã đã "
                            "có chữ ký số và dùng hóa đơn điện tử chưa?</li><li>Sổ sách kế toán "
                            "có được ghi trên phần mềm không?</li><li>Quá trình sản xuất có được "
                            "ghi chép đều đặn, có thể xem lại theo từng lô không?</li><li>Hợp tác "
                            "xã có ít nhất một kênh bán hàng trực tuyến đang hoạt động "
                            "không?</li></ol>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "tip",
                            "title": "Không cần làm tất cả cùng lúc",
                            "text": (
                                "Hãy ghi lại câu trả lời và mang theo đến buổi thực hành. Mỗi câu "
                                "“chưa” là một việc cụ thể trong kế hoạch 90 ngày ở bài cuối của "
                                "khóa học."
                            ),
                        },
                    ),
                ],
            },
            {
                "slug": "thanh-toan-khong-dung-tien-mat",
                "title": "Thanh toán không dùng tiền mặt và quản lý dòng tiền",
                "minutes": 12,
                "required": True,
                "body": [
                    (
                        "paragraph",
                        (
                            "<p>Bước đầu tiên là tách bạch tiền của hợp tác xã với tiền của cá "
                            "nhân. Mọi khoản thu bán hàng, chi mua vật tư, chi trả cho thành viên "
                            "nên đi qua <b>tài khoản thanh toán đứng tên hợp tác xã</b>, không "
                            "dùng tài khoản riêng của giám đốc hay kế toán. Khi đó, sao kê ngân "
                            "hàng trở thành chứng từ đối chiếu, giúp báo cáo tài chính minh bạch "
                            "và dễ giải trình với thành viên, cơ quan thuế.</p>"
                        ),
                    ),
                    (
                        "heading",
                        "Nhận tiền bằng mã QR",
                    ),
                    (
                        "paragraph",
                        (
                            "<ol><li>Trên ứng dụng ngân hàng của hợp tác xã, tạo mã VietQR gắn "
                            "với tài khoản; in và dán tại quầy, kho hoặc trên thùng hàng giao "
                            "đi.</li><li>Quy ước nội dung chuyển khoản, ví dụ: mã đơn hàng kèm "
                            "tên khách, để kế toán đối chiếu nhanh.</li><li>Xác nhận đã nhận tiền "
                            "bằng thông báo biến động số dư trên ứng dụng ngân hàng, <b>không</b> "
                            "dựa vào ảnh chụp màn hình do khách gửi.</li><li>Cuối ngày, đối chiếu "
                            "danh sách đơn hàng với sao kê; ghi chú ngay các khoản chưa "
                            "khớp.</li></ol>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "warning",
                            "title": "Hai chiêu lừa thường gặp",
                            "text": (
                                "Thứ nhất, ảnh chụp “chuyển khoản thành công” bị làm giả để lấy "
                                "hàng: chỉ giao hàng khi tiền đã thực sự vào tài khoản. Thứ hai, "
                                "có người báo “chuyển nhầm tiền” rồi đòi chuyển trả vào một tài "
                                "khoản khác: chỉ hoàn trả qua ngân hàng theo đúng giao dịch gốc, "
                                "không chuyển cho người lạ theo yêu cầu qua điện thoại."
                            ),
                        },
                    ),
                    (
                        "paragraph",
                        (
                            "<p><b>Chi tiền cũng nên không dùng tiền mặt.</b> Trả tiền mua giống, "
                            "phân bón, chi trả sản phẩm cho thành viên, nộp thuế, đóng bảo hiểm "
                            "xã hội, thanh toán tiền điện, nước đều có thể thực hiện qua ngân "
                            "hàng điện tử. Mỗi giao dịch tự để lại chứng từ, giảm rủi ro mất "
                            "tiền, nhầm lẫn và tiết kiệm thời gian đi lại. Hằng tháng, kế toán "
                            "đối chiếu sao kê với sổ sách và báo cáo ban quản trị.</p>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "tip",
                            "title": "Phân quyền lập lệnh và duyệt lệnh",
                            "text": (
                                "Nhiều ngân hàng cho phép tài khoản tổ chức thiết lập hai cấp: kế "
                                "toán lập lệnh chuyển tiền, giám đốc duyệt lệnh. Cách này giúp "
                                "một người không thể tự ý chuyển tiền, đồng thời tạo thói quen "
                                "kiểm soát lẫn nhau trong ban quản trị."
                            ),
                        },
                    ),
                ],
            },
            {
                "slug": "hoa-don-dien-tu-va-so-sach-so",
                "title": "Hóa đơn điện tử, thuế điện tử và sổ sách số",
                "minutes": 15,
                "required": True,
                "body": [
                    (
                        "paragraph",
                        (
                            "<p>Hợp tác xã là tổ chức kinh tế, nên khi bán hàng hóa, cung cấp "
                            "dịch vụ phải lập <b>hóa đơn điện tử</b> theo quy định về hóa đơn, "
                            "chứng từ. Hợp tác xã nhỏ thường dùng <b>hóa đơn có mã của cơ quan "
                            "thuế</b>: hóa đơn được gửi lên hệ thống của cơ quan thuế để cấp mã "
                            "trước khi gửi cho người mua. Với hoạt động bán lẻ trực tiếp cho "
                            "người tiêu dùng, có thể dùng hóa đơn điện tử khởi tạo từ máy tính "
                            "tiền.</p>"
                        ),
                    ),
                    (
                        "heading",
                        "Các bước bắt đầu dùng hóa đơn điện tử",
                    ),
                    (
                        "paragraph",
                        (
                            "<ol><li>Đăng ký chữ ký số công cộng cho hợp tác xã.</li><li>Chọn nhà "
                            "cung cấp dịch vụ hóa đơn điện tử đủ điều kiện kết nối với cơ quan "
                            "thuế; so sánh phí khởi tạo, giá mỗi gói hóa đơn và hỗ trợ kỹ "
                            "thuật.</li><li>Gửi tờ khai đăng ký sử dụng hóa đơn điện tử tới cơ "
                            "quan thuế và chờ thông báo chấp nhận.</li><li>Khai báo danh mục hàng "
                            "hóa, đơn vị tính, thuế suất, mẫu hóa đơn.</li><li>Khi giao hàng: lập "
                            "hóa đơn đủ tên, địa chỉ, mã số thuế người mua (nếu có), tên hàng, số "
                            "lượng, đơn giá; ký số và gửi cho người mua qua thư điện tử hoặc tin "
                            "nhắn.</li></ol>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "warning",
                            "title": "Hóa đơn lập sai thì xử lý thế nào?",
                            "text": (
                                "Không tự ý xóa, hủy rồi lập hóa đơn mới trùng nội dung. Hóa đơn "
                                "đã gửi người mua mà có sai sót phải được điều chỉnh hoặc thay "
                                "thế theo đúng quy định, kèm thông báo với cơ quan thuế khi cần. "
                                "Trước khi thao tác, hỏi nhà cung cấp dịch vụ hoặc cơ quan thuế "
                                "quản lý trực tiếp."
                            ),
                        },
                    ),
                    (
                        "paragraph",
                        (
                            "<p><b>Tra cứu, khai và nộp thuế trực tuyến.</b> Trên <a "
                            'href="https://hoadondientu.gdt.gov.vn">Cổng hóa đơn điện tử của cơ '
                            "quan thuế</a>, kế toán kiểm tra hóa đơn mua vào (vật tư, phân bón) "
                            "có hợp lệ không. Tờ khai thuế được nộp và tiền thuế được thanh toán "
                            'qua <a href="https://thuedientu.gdt.gov.vn">hệ thống thuế điện '
                            "tử</a> hoặc ứng dụng eTax Mobile. Nên dùng phần mềm kế toán có chức "
                            "năng nhận hóa đơn tự động, để doanh thu, chi phí, công nợ với thành "
                            "viên và khách hàng được cập nhật một lần và dùng chung cho mọi báo "
                            "cáo.</p>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "tip",
                            "title": "Lưu trữ hóa đơn và chứng từ",
                            "text": (
                                "Hóa đơn, chứng từ điện tử phải được lưu trữ theo thời hạn của "
                                "pháp luật về kế toán. Đừng chỉ để chúng trong hộp thư cá nhân "
                                "của kế toán: hãy lưu trong phần mềm hoặc thư mục chung của hợp "
                                "tác xã và sao lưu định kỳ ra một nơi khác."
                            ),
                        },
                    ),
                ],
            },
            {
                "slug": "ban-nong-san-tren-san-tmdt",
                "title": "Bán nông sản trên sàn thương mại điện tử",
                "minutes": 15,
                "required": True,
                "body": [
                    (
                        "paragraph",
                        (
                            "<p>Có ba nhóm kênh trực tuyến: <b>sàn chuyên về nông sản, đặc "
                            "sản</b> như Postmart của Bưu điện Việt Nam hay Voso của Viettel "
                            "Post; <b>sàn thương mại điện tử phổ biến</b> như Shopee, Lazada, "
                            "TikTok Shop; và <b>mạng xã hội</b> như Zalo OA, Facebook fanpage. "
                            "Hãy chọn theo đặc điểm sản phẩm: rau tươi, thời gian bảo quản ngắn "
                            "nên bán cho khách trong tỉnh và vùng lân cận, nhận đặt trước qua "
                            "Zalo; gạo, bánh cáy, sản phẩm OCOP đã đóng gói có thể bán trên sàn "
                            "toàn quốc.</p>"
                        ),
                    ),
                    (
                        "heading",
                        "Chuẩn bị gian hàng",
                    ),
                    (
                        "paragraph",
                        (
                            "<ol><li><b>Giấy tờ</b>: giấy chứng nhận đăng ký hợp tác xã, mã số "
                            "thuế, tài khoản ngân hàng của hợp tác xã; giấy tờ về an toàn thực "
                            "phẩm, công bố sản phẩm, chứng nhận VietGAP hoặc OCOP nếu "
                            "có.</li><li><b>Hình ảnh</b>: chụp dưới ánh sáng tự nhiên, nhiều góc, "
                            "có ảnh bao bì, ảnh sản phẩm thật và ảnh ruộng, xưởng sản "
                            "xuất.</li><li><b>Mô tả trung thực</b>: khối lượng tịnh, hạn sử dụng, "
                            "cách bảo quản, vùng trồng, giá đã gồm hay chưa gồm phí vận "
                            "chuyển.</li><li><b>Đóng gói</b>: thử gửi một đơn cho người quen ở xa "
                            "để kiểm tra hàng có còn nguyên vẹn khi đến nơi.</li></ol>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "note",
                            "title": "Quảng cáo đúng và tuân thủ pháp luật",
                            "text": (
                                "Không quảng cáo thực phẩm có tác dụng chữa bệnh, không dùng biểu "
                                "trưng OCOP hay chứng nhận khi chưa được công nhận. Doanh thu bán "
                                "trên sàn phải được kê khai như các kênh khác và xuất hóa đơn "
                                "theo quy định. Nếu hợp tác xã tự lập website bán hàng, cần thông "
                                "báo với Bộ Công Thương qua <a "
                                'href="https://online.gov.vn">online.gov.vn</a>.'
                            ),
                        },
                    ),
                    (
                        "paragraph",
                        (
                            "<p><b>Vận hành gian hàng.</b> Trả lời tin nhắn của khách trong ngày; "
                            "tiếp nhận đánh giá tiêu cực một cách cầu thị và xử lý đổi trả rõ "
                            "ràng. Livestream ngay tại ruộng hoặc xưởng giúp khách tin tưởng hơn, "
                            "nhưng cần chuẩn bị kịch bản: giới thiệu sản phẩm, quy trình, giá và "
                            "ưu đãi. Hằng tuần, xem số liệu trên trang quản lý gian hàng: lượt "
                            "xem, số đơn, tỷ lệ đơn hoàn, để biết sản phẩm nào nên đẩy mạnh và "
                            "khâu nào cần cải thiện.</p>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "tip",
                            "title": "Bắt đầu nhỏ, giữ chữ tín",
                            "text": (
                                "Chọn một hoặc hai sản phẩm chủ lực có chất lượng ổn định và "
                                "nguồn hàng đủ đáp ứng. Một gian hàng giao đúng hẹn và được đánh "
                                "giá tốt có giá trị hơn nhiều gian hàng mở ra rồi bỏ trống."
                            ),
                        },
                    ),
                ],
            },
            {
                "slug": "truy-xuat-nguon-goc-ma-qr",
                "title": "Truy xuất nguồn gốc bằng mã QR",
                "minutes": 12,
                "required": True,
                "body": [
                    (
                        "paragraph",
                        (
                            "<p>Truy xuất nguồn gốc là khả năng theo dõi một sản phẩm qua từng "
                            "công đoạn: vùng trồng, giống và vật tư đầu vào, chăm sóc, thu hoạch, "
                            "sơ chế, đóng gói, vận chuyển. Mã QR trên tem chỉ là “cửa sổ” để "
                            "người mua nhìn vào những thông tin đó. Vì vậy, một tem QR chỉ có giá "
                            "trị khi phía sau là dữ liệu thật, được cập nhật thường xuyên.</p>"
                        ),
                    ),
                    (
                        "heading",
                        "Xây dựng truy xuất nguồn gốc cho hợp tác xã",
                    ),
                    (
                        "paragraph",
                        (
                            "<ol><li><b>Chuẩn hóa thông tin</b>: tên, địa chỉ hợp tác xã, danh "
                            "sách hộ, thửa ruộng hoặc vùng sản xuất, mã số vùng trồng nếu "
                            "có.</li><li><b>Ghi nhật ký sản xuất điện tử</b> hằng ngày trên điện "
                            "thoại: ngày gieo trồng, loại và lượng phân bón, thuốc bảo vệ thực "
                            "vật đã dùng (tên thuốc, liều lượng, ngày phun).</li><li><b>Quản lý "
                            "theo lô</b>: mỗi đợt thu hoạch là một mã lô; lô nào đi đến khách "
                            "hàng nào đều được ghi lại.</li><li><b>Phát hành tem</b> theo lô hoặc "
                            "theo sản phẩm, quét thử trước khi dán.</li></ol>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "warning",
                            "title": "Tôn trọng thời gian cách ly",
                            "text": (
                                "Khi nhật ký cho thấy lô rau chưa đủ thời gian cách ly kể từ lần "
                                "phun thuốc bảo vệ thực vật gần nhất, không thu hoạch và không "
                                "cấp tem cho lô đó. Một lần khai gian dữ liệu bị phát hiện có thể "
                                "làm mất uy tín của cả hợp tác xã và của mọi hộ thành viên."
                            ),
                        },
                    ),
                    (
                        "paragraph",
                        (
                            "<p><b>Chọn giải pháp.</b> Hợp tác xã có thể dùng nền tảng truy xuất "
                            "do tỉnh, ngành triển khai hoặc của doanh nghiệp công nghệ. Nên ưu "
                            "tiên giải pháp có ứng dụng ghi nhật ký đơn giản trên điện thoại, cho "
                            "phép xuất dữ liệu khi đổi nhà cung cấp, có khả năng kết nối với Cổng "
                            "thông tin truy xuất nguồn gốc sản phẩm, hàng hóa quốc gia, và chi "
                            "phí tem phù hợp với giá trị sản phẩm. Khi quét mã, người tiêu dùng "
                            "nên thấy tên sản phẩm, hợp tác xã, vùng trồng, ngày thu hoạch, chứng "
                            "nhận và một vài hình ảnh thật của quá trình sản xuất.</p>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "tip",
                            "title": "Dùng tem QR để kể câu chuyện sản phẩm",
                            "text": (
                                "Mời khách quét mã ngay tại hội chợ hoặc điểm bán. Hình ảnh người "
                                "nông dân, cánh đồng và nhật ký chăm sóc là lợi thế mà hàng không "
                                "rõ nguồn gốc không thể có."
                            ),
                        },
                    ),
                ],
            },
            {
                "slug": "ke-hoach-chuyen-doi-so-90-ngay",
                "title": "Lập kế hoạch chuyển đổi số 90 ngày cho hợp tác xã",
                "minutes": 10,
                "required": True,
                "body": [
                    (
                        "paragraph",
                        (
                            "<p>Bài cuối giúp bạn biến những gì đã học thành một kế hoạch ngắn, "
                            "cụ thể, có người phụ trách và thời hạn. Kế hoạch tốt không cần dài: "
                            "một trang giấy, được ban quản trị thống nhất và dán ở văn phòng hợp "
                            "tác xã, có giá trị hơn một đề án đẹp nhưng không ai thực hiện.</p>"
                        ),
                    ),
                    (
                        "heading",
                        "Khung kế hoạch 90 ngày",
                    ),
                    (
                        "paragraph",
                        (
                            "<ul><li><b>Tháng thứ nhất – nền tảng</b>: tài khoản ngân hàng đứng "
                            "tên hợp tác xã, mã QR nhận tiền, chữ ký số, đăng ký hóa đơn điện "
                            "tử.</li><li><b>Tháng thứ hai – sản xuất</b>: ghi nhật ký sản xuất "
                            "điện tử cho một sản phẩm chủ lực, thử phát hành tem QR cho một vài "
                            "lô.</li><li><b>Tháng thứ ba – thị trường</b>: mở một gian hàng trực "
                            "tuyến và một kênh mạng xã hội, đăng bài đều đặn, theo dõi số đơn "
                            "hằng tuần.</li></ul><p>Đo kết quả bằng vài chỉ số đơn giản: tỷ lệ "
                            "doanh thu thu qua chuyển khoản, số hóa đơn điện tử đã lập, số lô có "
                            "tem truy xuất, số đơn hàng trực tuyến mỗi tháng.</p>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "note",
                            "title": "Chuẩn bị cho buổi thực hành trực tiếp",
                            "text": (
                                "Mang theo điện thoại thông minh đã cài ứng dụng ngân hàng của "
                                "hợp tác xã, thông tin đăng ký hợp tác xã, ba đến năm ảnh sản "
                                "phẩm, bảng tự đánh giá ở bài 1 và danh sách những vướng mắc bạn "
                                "muốn được giải đáp."
                            ),
                        },
                    ),
                    (
                        "paragraph",
                        (
                            "<p><b>Phân công và tìm hỗ trợ.</b> Giao cho một thành viên trẻ, thạo "
                            "điện thoại làm “đầu mối số” của hợp tác xã. Kết nối với tổ công nghệ "
                            "số cộng đồng ở thôn, Liên minh Hợp tác xã tỉnh, ngân hàng, bưu điện "
                            "và nhà cung cấp hóa đơn điện tử: nhiều đơn vị có chương trình hướng "
                            "dẫn miễn phí cho hợp tác xã.</p>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "tip",
                            "title": "Đừng để một người giữ mọi mật khẩu",
                            "text": (
                                "Bật xác thực hai lớp cho thư điện tử và tài khoản gian hàng, lưu "
                                "danh sách tài khoản của hợp tác xã ở nơi an toàn mà giám đốc có "
                                "quyền truy cập. Khi thành viên phụ trách nghỉ việc, đổi mật khẩu "
                                "ngay trong ngày."
                            ),
                        },
                    ),
                ],
            },
        ],
    },
    {
        "slug": "xa-hoi-so-cho-nguoi-dan",
        "title": "Kỹ năng số an toàn cho mọi người dân",
        "pillar": "digital_society",
        "summary": (
            "Kỹ năng số thiết yếu để người dân dùng VNeID, dịch vụ công trực tuyến, thanh toán "
            "không dùng tiền mặt và mạng xã hội một cách an toàn, tỉnh táo trước lừa đảo trực "
            "tuyến."
        ),
        "objectives": [
            "Sử dụng điện thoại thông minh để tìm thông tin chính thống và giao tiếp trực tuyến.",
            "Tự nộp một hồ sơ dịch vụ công trực tuyến bằng tài khoản VNeID.",
            "Thanh toán không dùng tiền mặt an toàn và biết cách xử lý khi chuyển nhầm, bị lừa.",
            "Bảo vệ tài khoản, thông tin cá nhân và ứng xử văn minh trên mạng xã hội.",
            "Nhận diện các kịch bản lừa đảo trực tuyến phổ biến và biết nơi báo cáo, nhờ hỗ trợ.",
        ],
        "audience": [
            "citizen",
            "public_employee",
        ],
        "delivery_mode": "online",
        "duration_minutes": 65,
        "lessons": [
            {
                "slug": "ky-nang-so-thiet-yeu",
                "title": "Kỹ năng số thiết yếu trên điện thoại thông minh",
                "minutes": 10,
                "required": True,
                "body": [
                    (
                        "paragraph",
                        (
                            "<p>Xã hội số là khi mỗi người dân đều có thể dùng công nghệ để học "
                            "tập, làm việc, giao dịch với chính quyền và chăm lo cuộc sống gia "
                            "đình một cách an toàn. Chiếc điện thoại thông minh là công cụ gần "
                            "gũi nhất. Phong trào “Bình dân học vụ số” khuyến khích mọi người, "
                            "không phân biệt tuổi tác, cùng học những kỹ năng số cơ bản, người "
                            "biết hướng dẫn người chưa biết.</p>"
                        ),
                    ),
                    (
                        "heading",
                        "Sáu việc mỗi người nên tự làm được",
                    ),
                    (
                        "paragraph",
                        (
                            "<ol><li>Cài đặt và cập nhật ứng dụng từ kho chính thức (App Store, "
                            "Google Play).</li><li>Kết nối Wi-Fi, kiểm tra dung lượng, xóa bớt "
                            "ảnh và ứng dụng không dùng.</li><li>Gọi video, gửi ảnh, tệp tài liệu "
                            "qua Zalo hoặc ứng dụng nhắn tin khác.</li><li>Tìm thông tin từ nguồn "
                            "chính thống: trang có đuôi .gov.vn, báo chí chính thức, cổng thông "
                            "tin của tỉnh và xã.</li><li>Dùng ứng dụng VNeID và ứng dụng ngân "
                            "hàng cho các giao dịch hằng ngày.</li><li>Sao lưu danh bạ và ảnh "
                            "quan trọng để không mất khi hỏng hoặc mất máy.</li></ol>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "tip",
                            "title": "Nhờ người hướng dẫn, nhưng tự tay làm",
                            "text": (
                                "Khi con cháu hay cán bộ hướng dẫn, hãy đề nghị họ nói từng bước "
                                "để bạn tự bấm. Ghi các bước vào một cuốn sổ nhỏ. Làm lại vài "
                                "lần, bạn sẽ tự tin hơn nhiều so với việc nhờ người khác làm hộ."
                            ),
                        },
                    ),
                    (
                        "paragraph",
                        (
                            "<p><b>Đánh giá thông tin trên mạng.</b> Trước khi tin một tin tức, "
                            "hãy tự hỏi: Ai đăng tin này? Đăng từ khi nào? Tiêu đề có giật gân, "
                            "kêu gọi chia sẻ gấp không? Các cơ quan, báo chí chính thống có đưa "
                            "tin tương tự không? Những thông tin về chính sách, giá cả, dịch "
                            "bệnh, thời tiết nên được kiểm tra lại trên cổng thông tin của cơ "
                            "quan nhà nước.</p>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "note",
                            "title": "Ai có thể giúp bạn?",
                            "text": (
                                "Ở mỗi thôn, tổ dân phố đều có tổ công nghệ số cộng đồng. Bạn "
                                "cũng có thể hỏi đoàn viên thanh niên, cán bộ tại Bộ phận Một cửa "
                                "của xã, hoặc nhân viên bưu điện, nhà mạng khi làm các thủ tục "
                                "liên quan đến điện thoại và tài khoản."
                            ),
                        },
                    ),
                ],
            },
            {
                "slug": "vneid-va-dich-vu-cong-tai-nha",
                "title": "Dùng VNeID và làm thủ tục hành chính tại nhà",
                "minutes": 12,
                "required": True,
                "body": [
                    (
                        "paragraph",
                        (
                            "<p>Ứng dụng <b>VNeID</b> của Bộ Công an là “chiếc ví giấy tờ” trên "
                            "điện thoại. Với tài khoản định danh điện tử mức 2, bạn có thể xuất "
                            "trình căn cước điện tử, tích hợp giấy phép lái xe, thẻ bảo hiểm y "
                            "tế, thông tin đăng ký xe, xem sổ sức khỏe điện tử, thông báo lưu trú "
                            "và đăng nhập các trang dịch vụ công mà không cần nhớ thêm tài khoản "
                            "nào khác.</p>"
                        ),
                    ),
                    (
                        "heading",
                        "Ví dụ: đăng ký khai sinh cho con qua mạng",
                    ),
                    (
                        "paragraph",
                        (
                            '<ol><li>Truy cập <a href="https://dichvucong.gov.vn">Cổng Dịch vụ '
                            "công quốc gia</a> và đăng nhập bằng tài khoản VNeID (quét mã QR hoặc "
                            "nhập số định danh, rồi xác nhận trên ứng dụng).</li><li>Tìm nhóm thủ "
                            "tục liên thông đăng ký khai sinh, đăng ký thường trú và cấp thẻ bảo "
                            "hiểm y tế cho trẻ em dưới 6 tuổi.</li><li>Điền tờ khai; thông tin "
                            "của cha mẹ được điền sẵn từ dữ liệu dân cư.</li><li>Chụp và tải lên "
                            "giấy chứng sinh cùng các giấy tờ được yêu cầu.</li><li>Nộp hồ sơ, "
                            "ghi lại mã hồ sơ và theo dõi trạng thái trên Cổng hoặc qua thông "
                            "báo.</li></ol>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "warning",
                            "title": "Chỉ dùng trang và ứng dụng chính thức",
                            "text": (
                                "Trang dịch vụ công của nhà nước có tên miền .gov.vn. Không làm "
                                "thủ tục qua trang lạ, không trả tiền cho “dịch vụ làm hộ” quảng "
                                "cáo trên mạng, không đọc mật khẩu, mã bảo vệ hay mã OTP cho bất "
                                "kỳ ai, kể cả người tự xưng là cán bộ."
                            ),
                        },
                    ),
                    (
                        "paragraph",
                        (
                            "<p><b>Nhận và dùng lại kết quả.</b> Kết quả giải quyết thủ tục có "
                            "thể được trả bản điện tử vào tài khoản của bạn, hoặc bản giấy qua "
                            "bưu điện hay tại Bộ phận Một cửa, tùy thủ tục. Giấy tờ điện tử được "
                            "lưu trong kho dữ liệu cá nhân trên Cổng để dùng lại cho lần sau. Khi "
                            "xong việc, hãy đánh giá mức độ hài lòng: ý kiến của bạn giúp cơ quan "
                            "nhà nước cải thiện dịch vụ.</p>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "tip",
                            "title": "Chụp giấy tờ sao cho rõ",
                            "text": (
                                "Đặt giấy tờ trên mặt bàn phẳng, đủ ánh sáng, chụp thẳng từ trên "
                                "xuống, thấy rõ cả bốn góc. Ảnh mờ, bị lóa là lý do phổ biến "
                                "khiến hồ sơ bị yêu cầu bổ sung."
                            ),
                        },
                    ),
                ],
            },
            {
                "slug": "thanh-toan-so-an-toan",
                "title": "Thanh toán không dùng tiền mặt an toàn",
                "minutes": 10,
                "required": True,
                "body": [
                    (
                        "paragraph",
                        (
                            "<p>Thanh toán không dùng tiền mặt giúp trả tiền điện, nước, học phí, "
                            "viện phí, mua hàng ở chợ bằng mã QR, nhận lương hưu hay trợ cấp qua "
                            "tài khoản mà không phải đi lại hay mang nhiều tiền mặt. Người dân có "
                            "thể dùng ứng dụng ngân hàng, ví điện tử, hoặc dịch vụ Mobile Money "
                            "của nhà mạng gắn với số thuê bao di động, thuận tiện cho người chưa "
                            "có tài khoản ngân hàng.</p>"
                        ),
                    ),
                    (
                        "heading",
                        "Nguyên tắc an toàn",
                    ),
                    (
                        "paragraph",
                        (
                            "<ul><li>Chỉ tải ứng dụng ngân hàng, ví điện tử từ kho ứng dụng chính "
                            "thức.</li><li>Trước khi bấm xác nhận, kiểm tra <b>tên người nhận</b> "
                            "hiển thị có đúng người bạn định trả tiền không.</li><li>Bật thông "
                            "báo biến động số dư và đặt hạn mức chuyển tiền phù hợp.</li><li>Giao "
                            "dịch giá trị lớn phải xác thực bằng sinh trắc học khuôn mặt: không "
                            "gửi ảnh, video khuôn mặt của mình cho người lạ.</li><li>Không cho "
                            "mượn, cho thuê hay bán tài khoản ngân hàng; kẻ gian dùng các tài "
                            "khoản này để nhận tiền lừa đảo và người chủ tài khoản có thể bị liên "
                            "đới trách nhiệm.</li></ul>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "warning",
                            "title": "Ngân hàng không bao giờ…",
                            "text": (
                                "…gọi điện hay nhắn tin yêu cầu bạn đọc mã OTP, mật khẩu; gửi "
                                "đường link bắt đăng nhập để “nhận quà”, “mở khóa tài khoản”; hay "
                                "đề nghị cài ứng dụng ngoài kho chính thức. Gặp những yêu cầu "
                                "này, đó chắc chắn là lừa đảo."
                            ),
                        },
                    ),
                    (
                        "paragraph",
                        (
                            "<p><b>Khi chuyển nhầm hoặc bị lừa chuyển tiền:</b> gọi ngay tổng đài "
                            "ngân hàng theo số in trên thẻ hoặc trên trang web chính thức để đề "
                            "nghị phong tỏa giao dịch; đến công an cấp xã gần nhất để trình báo; "
                            "giữ lại tin nhắn, ảnh chụp màn hình, số tài khoản nhận tiền làm bằng "
                            "chứng. Càng báo sớm, khả năng giữ lại tiền càng cao.</p>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "tip",
                            "title": "Cài đặt an toàn cho ông bà, cha mẹ",
                            "text": (
                                "Với người cao tuổi, hãy cùng họ đặt hạn mức chuyển tiền thấp, "
                                "dùng mật khẩu khác ngày sinh, và thống nhất quy tắc: mọi khoản "
                                "chuyển tiền cho người lạ hoặc theo lời nhắn gấp đều phải gọi hỏi "
                                "con cháu trước."
                            ),
                        },
                    ),
                ],
            },
            {
                "slug": "mang-xa-hoi-an-toan-van-minh",
                "title": "Dùng mạng xã hội an toàn, văn minh",
                "minutes": 10,
                "required": True,
                "body": [
                    (
                        "paragraph",
                        (
                            "<p>Mạng xã hội giúp kết nối người thân, buôn bán, cập nhật tin tức "
                            "địa phương. Bộ Quy tắc ứng xử trên mạng xã hội khuyến nghị người "
                            "dùng tôn trọng, tuân thủ pháp luật, ứng xử lành mạnh, bảo vệ an toàn "
                            "và chịu trách nhiệm về những gì mình đăng, chia sẻ. Môi trường mạng "
                            "văn minh bắt đầu từ mỗi tài khoản.</p>"
                        ),
                    ),
                    (
                        "heading",
                        "Bảo vệ tài khoản và thông tin cá nhân",
                    ),
                    (
                        "paragraph",
                        (
                            "<ul><li>Đặt mật khẩu riêng cho từng tài khoản và bật xác thực hai "
                            "lớp.</li><li>Kiểm tra phần cài đặt quyền riêng tư: ai xem được bài "
                            "đăng, số điện thoại, danh sách bạn bè.</li><li>Không đăng ảnh thẻ "
                            "căn cước, thẻ ngân hàng, vé máy bay có mã, biển số xe, hay vị trí "
                            "nhà mình theo thời gian thực.</li><li>Hạn chế đăng tên trường, lớp "
                            "và lịch sinh hoạt của con nhỏ.</li><li>Cẩn trọng với trò chơi, trắc "
                            "nghiệm vui đòi quyền truy cập tài khoản hoặc danh bạ.</li></ul>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "warning",
                            "title": "Dừng lại trước khi chia sẻ",
                            "text": (
                                "Tin “nóng”, chưa rõ nguồn thường là tin giả. Đăng tải, chia sẻ "
                                "thông tin sai sự thật, xúc phạm danh dự người khác có thể bị xử "
                                "phạt vi phạm hành chính, thậm chí bị truy cứu trách nhiệm hình "
                                "sự. Nếu không chắc chắn, đừng chia sẻ."
                            ),
                        },
                    ),
                    (
                        "paragraph",
                        (
                            "<p><b>Đồng hành cùng trẻ em trên mạng.</b> Cùng con thống nhất thời "
                            "gian dùng thiết bị, bật chế độ kiểm soát của phụ huynh trên điện "
                            "thoại và ứng dụng video, để máy tính ở phòng chung. Trò chuyện với "
                            "con về việc không kết bạn, không gửi ảnh riêng tư cho người lạ và "
                            "luôn kể với bố mẹ khi gặp điều khiến con sợ hãi hay khó chịu. Trẻ "
                            "cần cảm thấy an toàn khi kể, thay vì sợ bị mắng hay bị tịch thu điện "
                            "thoại.</p>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "tip",
                            "title": "Dùng nút báo cáo",
                            "text": (
                                "Khi gặp nội dung xấu độc, lừa đảo hay tài khoản giả mạo người "
                                "quen, hãy dùng chức năng báo cáo của nền tảng và báo cho người "
                                "bị giả mạo biết, thay vì bình luận tranh cãi làm nội dung lan "
                                "rộng hơn."
                            ),
                        },
                    ),
                ],
            },
            {
                "slug": "nhan-dien-lua-dao-truc-tuyen",
                "title": "Nhận diện và phòng tránh lừa đảo trực tuyến",
                "minutes": 15,
                "required": True,
                "body": [
                    (
                        "paragraph",
                        (
                            "<p>Kẻ lừa đảo liên tục thay đổi kịch bản, nhưng hầu hết đều đánh vào "
                            "ba điểm: <b>nỗi sợ</b> (bị liên quan vụ án, bị cắt điện), <b>lòng "
                            "tham</b> (trúng thưởng, việc nhẹ lương cao) và <b>sự gấp gáp</b> "
                            "(phải làm ngay, không kịp hỏi ai). Nhận ra ba dấu hiệu này là bạn đã "
                            "tránh được phần lớn nguy cơ.</p>"
                        ),
                    ),
                    (
                        "heading",
                        "Các kịch bản thường gặp",
                    ),
                    (
                        "paragraph",
                        (
                            "<ul><li>Giả danh công an, viện kiểm sát, tòa án gọi điện báo bạn "
                            "liên quan vụ án, yêu cầu chuyển tiền để “xác minh”. Cơ quan tố tụng "
                            "làm việc bằng giấy mời, giấy triệu tập, không yêu cầu chuyển tiền "
                            "qua điện thoại.</li><li>Giả cán bộ hỗ trợ “cập nhật định danh điện "
                            "tử”, gửi đường link cài ứng dụng giả để chiếm quyền điều khiển điện "
                            "thoại và tài khoản ngân hàng.</li><li>Giả nhân viên điện lực, nhà "
                            "mạng báo sắp cắt điện, khóa sim.</li><li>Tin nhắn, cuộc gọi báo "
                            "người thân bị tai nạn, đang cấp cứu cần tiền gấp.</li><li>Việc làm "
                            "online “làm nhiệm vụ nhận hoa hồng”, đầu tư lãi cao bất "
                            "thường.</li><li>Lời mời “lấy lại tiền đã bị lừa” có thu phí: đây là "
                            "lừa đảo lần thứ hai.</li></ul>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "warning",
                            "title": "Bốn quy tắc vàng",
                            "text": (
                                "Không chuyển tiền cho người chưa xác minh trực tiếp. Không bấm "
                                "đường link lạ, không cài ứng dụng ngoài kho chính thức. Không "
                                "cung cấp mã OTP, mật khẩu, ảnh giấy tờ, ảnh hay video khuôn mặt. "
                                "Luôn gọi lại cho người thân, cơ quan bằng số điện thoại bạn đã "
                                "biết từ trước."
                            ),
                        },
                    ),
                    (
                        "paragraph",
                        (
                            "<p><b>Kiểm tra và báo cáo.</b> Trước khi giao dịch với một trang web "
                            "hay số tài khoản lạ, hãy tra cứu và phản ánh dấu hiệu lừa đảo tại <a "
                            'href="https://canhbao.khonggianmang.vn">canhbao.khonggianmang.vn</a>; '
                            "kiểm tra mức độ tín nhiệm của trang web tại <a "
                            'href="https://tinnhiemmang.vn">tinnhiemmang.vn</a>. Nếu đã bị lừa, '
                            "báo ngay cho ngân hàng để phong tỏa giao dịch và trình báo công an "
                            "cấp xã, mang theo mọi bằng chứng còn lưu được.</p>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "tip",
                            "title": "Thống nhất “mật khẩu gia đình”",
                            "text": (
                                "Cả nhà hãy chọn một câu hỏi hoặc một từ bí mật chỉ người trong "
                                "nhà biết. Khi có ai gọi điện, gọi video xưng là người thân và "
                                "xin tiền gấp, hãy hỏi từ bí mật đó: giọng nói và hình ảnh hiện "
                                "nay có thể bị làm giả bằng công nghệ."
                            ),
                        },
                    ),
                ],
            },
            {
                "slug": "doc-them-to-cong-nghe-so-cong-dong",
                "title": "Đọc thêm: Tổ công nghệ số cộng đồng",
                "minutes": 8,
                "required": False,
                "body": [
                    (
                        "paragraph",
                        (
                            "<p>Tổ công nghệ số cộng đồng được thành lập ở thôn, tổ dân phố, là "
                            "“cánh tay nối dài” đưa chuyển đổi số đến từng hộ gia đình. Thành "
                            "viên thường gồm trưởng thôn hoặc tổ trưởng tổ dân phố, công an viên, "
                            "đoàn viên thanh niên, hội viên phụ nữ, cựu chiến binh, giáo viên, "
                            "nhân viên bưu điện, nhà mạng và những người dân thạo công nghệ. Tổ "
                            "hoạt động tự nguyện, gần dân và hiểu từng gia đình.</p>"
                        ),
                    ),
                    (
                        "heading",
                        "Tổ có thể giúp gì?",
                    ),
                    (
                        "paragraph",
                        (
                            "<ul><li>Hướng dẫn cài đặt và sử dụng VNeID, ứng dụng ngân hàng, nộp "
                            "hồ sơ dịch vụ công trực tuyến.</li><li>Phổ biến kỹ năng số cơ bản, "
                            "cảnh báo các thủ đoạn lừa đảo mới tới từng nhóm Zalo của "
                            "thôn.</li><li>Hỗ trợ hộ kinh doanh, hợp tác xã tạo mã QR nhận tiền, "
                            "mở gian hàng trực tuyến.</li><li>Tiếp nhận khó khăn, kiến nghị của "
                            "người dân khi dùng các dịch vụ số để phản ánh với chính quyền "
                            "xã.</li></ul>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "note",
                            "title": "Nguyên tắc khi hỗ trợ người dân",
                            "text": (
                                "Hướng dẫn để người dân tự làm, không làm thay. Thao tác trên "
                                "điện thoại của người dân, trước mặt họ. Không hỏi, không ghi lại "
                                "mật khẩu, mã OTP; không chụp giấy tờ của người dân vào điện "
                                "thoại cá nhân của mình."
                            ),
                        },
                    ),
                    (
                        "paragraph",
                        (
                            "<p><b>Tham gia và kết nối.</b> Nếu bạn thạo điện thoại và muốn giúp "
                            "bà con, hãy đăng ký với trưởng thôn, tổ trưởng tổ dân phố hoặc Ủy "
                            "ban nhân dân xã. Nếu cần hỗ trợ, hãy hỏi trưởng thôn danh sách thành "
                            "viên tổ và số điện thoại liên hệ, thường được niêm yết tại nhà văn "
                            "hóa thôn.</p>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "tip",
                            "title": "Một mô hình dễ làm",
                            "text": (
                                "Nhiều nơi tổ chức “buổi sáng số” định kỳ tại nhà văn hóa: người "
                                "dân mang điện thoại đến, được hướng dẫn từng việc như kích hoạt "
                                "VNeID, thanh toán tiền điện hay nhận diện tin nhắn lừa đảo."
                            ),
                        },
                    ),
                ],
            },
        ],
    },
]

QUIZ_HINTS: dict[str, list[dict]] = {
    "chinh-quyen-so-co-ban": [
        {
            "text": (
                "Tài khoản định danh điện tử nào có giá trị tương đương xuất trình thẻ căn cước "
                "và được dùng để đăng nhập Cổng Dịch vụ công quốc gia?"
            ),
            "choices": [
                "Tài khoản VNeID mức 1 tự đăng ký trên ứng dụng",
                "Tài khoản VNeID mức 2 đăng ký tại cơ quan công an",
                "Tài khoản Zalo đã xác thực số điện thoại",
                "Hộp thư công vụ của cán bộ tiếp nhận",
            ],
            "correct": 1,
            "feedback": (
                "Tài khoản mức 2 được đăng ký trực tiếp tại cơ quan công an, có thu nhận ảnh chân "
                "dung và vân tay, nên thông tin đã được xác thực đầy đủ."
            ),
        },
        {
            "text": (
                "Thông tin cư trú của người dân đã có trong Cơ sở dữ liệu quốc gia về dân cư. "
                "Theo nguyên tắc “chỉ cung cấp thông tin một lần”, công chức tiếp nhận nên làm "
                "gì?"
            ),
            "choices": [
                "Yêu cầu người dân nộp giấy xác nhận cư trú bản gốc",
                "Yêu cầu người dân nộp bản sao có chứng thực",
                "Tự khai thác thông tin qua kết nối với cơ sở dữ liệu",
                "Gửi thư hỏi công an xã và chờ trả lời bằng văn bản giấy",
            ],
            "correct": 2,
            "feedback": (
                "Thông tin đã có trong cơ sở dữ liệu thì cơ quan nhà nước tự khai thác, không yêu "
                "cầu người dân cung cấp lại."
            ),
        },
        {
            "text": "Việc nào đúng khi sử dụng USB token chữ ký số chuyên dùng công vụ?",
            "choices": [
                "Giao token và mã PIN cho văn thư để ký thay khi đi công tác",
                "Để token cắm sẵn ở máy tính cho tiện sử dụng",
                "Giữ bí mật mã PIN và báo ngay đầu mối quản lý khi mất token",
                "Dùng ảnh chụp chữ ký tay dán vào PDF thay cho ký số",
            ],
            "correct": 2,
            "feedback": (
                "Khóa bí mật là “con dấu” của người ký; khi mất thiết bị hoặc lộ mã PIN phải báo "
                "ngay để tạm dừng hoặc thu hồi chứng thư số."
            ),
        },
        {
            "text": (
                "Bạn nhận thư “từ bộ phận CNTT” yêu cầu đăng nhập qua đường link trong 24 giờ nếu "
                "không tài khoản sẽ bị khóa. Bạn nên làm gì trước tiên?"
            ),
            "choices": [
                "Bấm vào link và đăng nhập ngay để tránh bị khóa",
                "Không bấm link, xác minh qua kênh khác và báo bộ phận CNTT",
                "Trả lời thư để hỏi người gửi có đúng là bộ phận CNTT không",
                "Chuyển tiếp thư cho đồng nghiệp để cùng đăng nhập",
            ],
            "correct": 1,
            "feedback": (
                "Tạo áp lực thời gian và yêu cầu đăng nhập qua link là dấu hiệu điển hình của thư "
                "lừa đảo; hãy xác minh qua điện thoại hoặc gặp trực tiếp."
            ),
        },
    ],
    "kinh-te-so-cho-hop-tac-xa": [
        {
            "text": (
                "Cách nào đáng tin cậy nhất để xác nhận khách hàng đã chuyển khoản cho hợp tác xã?"
            ),
            "choices": [
                "Ảnh chụp màn hình “chuyển khoản thành công” do khách gửi",
                "Lời xác nhận của khách qua điện thoại",
                "Thông báo biến động số dư trên ứng dụng ngân hàng của hợp tác xã",
                "Tin nhắn từ số điện thoại lạ báo tiền đã đến",
            ],
            "correct": 2,
            "feedback": (
                "Ảnh chụp màn hình có thể bị làm giả; chỉ giao hàng khi tiền đã thực sự vào tài "
                "khoản, thể hiện trên ứng dụng ngân hàng."
            ),
        },
        {
            "text": (
                "Hóa đơn điện tử đã gửi cho người mua thì phát hiện sai đơn giá. Hợp tác xã nên "
                "làm gì?"
            ),
            "choices": [
                "Xóa hóa đơn trên phần mềm rồi lập hóa đơn mới",
                "Điều chỉnh hoặc thay thế hóa đơn theo quy định",
                "Bỏ qua vì người mua đã nhận hàng",
                "Sửa trực tiếp vào tệp PDF rồi gửi lại",
            ],
            "correct": 1,
            "feedback": (
                "Hóa đơn có sai sót phải được điều chỉnh hoặc thay thế theo quy định, kèm thông "
                "báo với cơ quan thuế khi cần; không tự ý xóa hay lập trùng."
            ),
        },
        {
            "text": "Khi mô tả sản phẩm trên sàn thương mại điện tử, việc nào cần tránh?",
            "choices": [
                "Ghi rõ khối lượng tịnh, hạn sử dụng và cách bảo quản",
                "Đăng ảnh thật của ruộng và xưởng sản xuất",
                "Ghi rõ giá đã gồm hay chưa gồm phí vận chuyển",
                "Quảng cáo thực phẩm có tác dụng chữa bệnh",
            ],
            "correct": 3,
            "feedback": (
                "Không được quảng cáo thực phẩm có tác dụng chữa bệnh hay dùng chứng nhận chưa "
                "được công nhận; mô tả trung thực giúp giữ uy tín lâu dài."
            ),
        },
        {
            "text": (
                "Nhật ký sản xuất cho thấy một lô rau chưa đủ thời gian cách ly sau lần phun "
                "thuốc bảo vệ thực vật gần nhất. Hợp tác xã nên làm gì?"
            ),
            "choices": [
                "Thu hoạch và dán tem QR như bình thường",
                "Sửa ngày phun thuốc trong nhật ký cho đủ thời gian",
                "Không thu hoạch và không cấp tem QR cho lô đó",
                "Bán lô đó qua kênh không cần tem",
            ],
            "correct": 2,
            "feedback": (
                "Tem QR chỉ có giá trị khi dữ liệu phía sau là thật; lô chưa đủ thời gian cách ly "
                "không được thu hoạch và cấp tem."
            ),
        },
    ],
    "xa-hoi-so-cho-nguoi-dan": [
        {
            "text": (
                "Một người gọi điện xưng là công an, báo bạn liên quan vụ án và yêu cầu chuyển "
                "tiền để “xác minh”. Bạn nên làm gì?"
            ),
            "choices": [
                "Chuyển tiền ngay để được xác minh nhanh",
                "Cung cấp số tài khoản và mã OTP để họ kiểm tra",
                "Cài ứng dụng họ gửi qua đường link",
                "Dừng cuộc gọi, không chuyển tiền và trình báo công an cấp xã",
            ],
            "correct": 3,
            "feedback": (
                "Cơ quan tố tụng làm việc bằng giấy mời, giấy triệu tập và không yêu cầu chuyển "
                "tiền qua điện thoại."
            ),
        },
        {
            "text": "Ai được phép biết mã OTP ngân hàng của bạn?",
            "choices": [
                "Nhân viên ngân hàng gọi điện hỗ trợ",
                "Không ai cả, chỉ mình bạn",
                "Cán bộ hỗ trợ cập nhật định danh điện tử",
                "Người bán hàng cần xác nhận đơn",
            ],
            "correct": 1,
            "feedback": (
                "Ngân hàng không bao giờ yêu cầu đọc mã OTP; ai hỏi mã OTP đều là dấu hiệu lừa đảo."
            ),
        },
        {
            "text": (
                "Bạn thấy một tin “nóng” chưa rõ nguồn đang được chia sẻ nhiều. Việc nên làm là gì?"
            ),
            "choices": [
                "Chia sẻ ngay để mọi người cùng biết",
                "Kiểm tra nguồn đăng và đối chiếu với cơ quan, báo chí chính thống",
                "Bình luận tranh luận cho rõ đúng sai",
                "Chụp màn hình gửi vào tất cả các nhóm Zalo",
            ],
            "correct": 1,
            "feedback": (
                "Tin chưa rõ nguồn thường là tin giả; chia sẻ thông tin sai sự thật có thể bị xử "
                "phạt."
            ),
        },
        {
            "text": "Đâu là địa chỉ chính thức để nộp hồ sơ dịch vụ công trực tuyến?",
            "choices": [
                "Trang web “làm giấy tờ nhanh” quảng cáo trên mạng xã hội",
                "Đường link trong tin nhắn của số điện thoại lạ",
                "dichvucong.gov.vn",
                "Nhóm Zalo nhận làm hồ sơ hộ có thu phí",
            ],
            "correct": 2,
            "feedback": (
                "Cổng Dịch vụ công quốc gia có địa chỉ dichvucong.gov.vn; trang dịch vụ công của "
                "nhà nước dùng tên miền .gov.vn."
            ),
        },
    ],
}
