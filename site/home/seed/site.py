"""The home page and the Wagtail site record."""

from django.conf import settings
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from home.models import HomePage

INTRO = (
    "Nền tảng đào tạo, bồi dưỡng kiến thức chuyển đổi số cho cán bộ, công chức, viên chức, "
    "người lao động và lãnh đạo hợp tác xã trên địa bàn tỉnh."
)
BODY = (
    "<p>Học trực tuyến mọi lúc, mọi nơi theo ba trụ cột: <b>chính quyền số</b>, "
    "<b>kinh tế số</b> và <b>xã hội số</b>. Hoàn thành khóa học, làm bài kiểm tra và nhận "
    "giấy chứng nhận có thể xác minh bằng mã QR.</p>"
)


def tree_root() -> Page:
    """The page tree's root, with the default locale. Both come from Wagtail's migrations, but
    a database flushed by a transactional test has neither, so they are made again."""
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    return Page.get_first_root_node() or Page.add_root(title="Root", slug="root")


@transaction.atomic
def seed_home() -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        root = tree_root()
        # Wagtail's placeholder "Welcome" page holds the slug and the site; replace it.
        for placeholder in root.get_children().filter(content_type__model="page"):
            placeholder.delete()
        home = root.add_child(
            instance=HomePage(
                title="Chuyển đổi số Thái Bình",
                slug="home",
                intro=INTRO,
                body=BODY,
                seo_title="Đào tạo chuyển đổi số tỉnh Thái Bình",
            )
        )
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="127.0.0.1",
            port=8000,
            root_page=home,
            is_default_site=True,
            site_name="Chuyển đổi số Thái Bình",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "Chuyển đổi số Thái Bình"
        site.save()
    return home


def seed_featured_courses(home: HomePage, courses: list) -> None:
    """Feature the demo's courses on the home page, once (a later run changes nothing)."""
    from home.models import HomePageFeaturedCourse

    home = HomePage.objects.get(pk=home.pk)
    if home.featured_courses.exists():
        return
    home.featured_courses = [HomePageFeaturedCourse(course=course) for course in courses]
    home.save_revision().publish()
