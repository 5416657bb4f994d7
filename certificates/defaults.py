"""The certificate template the library ships: Vietnamese, landscape A4, "GIẤY CHỨNG NHẬN".

`services.get_or_create_default_template()` creates it (the demo seed calls it). The layout
keeps to what xhtml2pdf draws reliably: tables for columns, fixed sizes in points.
"""

DEFAULT_TEMPLATE_NAME = "Giấy chứng nhận hoàn thành khóa học (mặc định)"

DEFAULT_TEMPLATE_BODY = """<style>
  .frame { margin: 26pt; padding: 18pt 30pt; border: 3pt double #8a1c1c; height: 490pt; }
  .nation { text-align: center; font-weight: bold; font-size: 12pt; line-height: 1.3; }
  .motto { text-align: center; font-weight: bold; font-size: 11.5pt; }
  .title { text-align: center; color: #8a1c1c; font-size: 30pt; font-weight: bold;
           margin-top: 22pt; margin-bottom: 8pt; }
  .lead { text-align: center; font-size: 13pt; margin: 6pt 0 0 0; }
  .name { text-align: center; font-size: 26pt; font-weight: bold; color: #1b3a6b;
          margin: 4pt 0 2pt 0; }
  .detail { text-align: center; font-size: 12pt; margin: 2pt 0; }
  .course { text-align: center; font-size: 17pt; font-weight: bold; margin: 4pt 0; }
  .small { font-size: 9pt; color: #333333; line-height: 1.4; }
  .sign { text-align: center; font-size: 11pt; }
  img.qr-code { width: 78pt; height: 78pt; }
  img.seal { width: 62pt; height: 62pt; }
  img.signature { height: 42pt; }
</style>
<div class="frame">
  <table>
    <tr>
      <td width="18%" valign="top">{{ seal_image }}</td>
      <td width="64%" valign="top">
        <p class="nation">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>
        <p class="motto">Độc lập - Tự do - Hạnh phúc</p>
      </td>
      <td width="18%" valign="top" align="right">{{ qr_code }}</td>
    </tr>
  </table>
  <p class="title">GIẤY CHỨNG NHẬN</p>
  <p class="lead">Chứng nhận Ông/Bà</p>
  <p class="name">{{ learner_name }}</p>
  <p class="detail">Chức vụ: {{ position }} &nbsp;·&nbsp; Đơn vị: {{ unit }}</p>
  <p class="lead">Đã hoàn thành khóa bồi dưỡng</p>
  <p class="course">{{ course_title }}</p>
  <p class="detail">Thời lượng: {{ duration }}</p>
  <table style="margin-top: 30pt;">
    <tr>
      <td width="55%" valign="bottom" class="small">
        Số hiệu: <b>{{ serial }}</b><br>
        Ngày cấp: {{ issue_date }}<br>
        Tra cứu: {{ verification_url }}
      </td>
      <td width="45%" valign="top" class="sign">
        Ngày {{ issue_date }}<br>
        <b>{{ signatory_title }}</b><br>
        {{ signature_image }}<br>
        <b>{{ signatory_name }}</b>
      </td>
    </tr>
  </table>
</div>
"""
