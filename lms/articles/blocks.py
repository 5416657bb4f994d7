"""StreamField blocks of an article body.

Other apps add blocks through ``LMS_EXTRA_ARTICLE_BLOCKS`` (the reference site adds the poll
block of `quizzes`), so `lms` never imports them. The related-course block chooses pages of
``LMS_COURSE_PAGE_MODEL`` by its label, for the same reason.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from ..blocks import add_extra_blocks
from ..conf import lms_settings
from ..richtext import SafeRichTextBlock

# Rich-text features editors get in articles: Wagtail keeps only these when text is saved.
ARTICLE_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class ArticleImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)
    credit = blocks.CharBlock(label=_("credit"), required=False, max_length=150)
    alt_text = blocks.CharBlock(
        label=_("alternative text"),
        required=False,
        max_length=250,
        help_text=_("Describe the image for people who cannot see it."),
    )

    class Meta:
        icon = "image"
        template = "lms/articles/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quote"), max_length=1000)
    attribution = blocks.CharBlock(label=_("attribution"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "lms/articles/blocks/quote.html"


class ArticleDocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(label=_("link text"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        template = "lms/articles/blocks/document.html"


class RelatedCourseBlock(blocks.StructBlock):
    course = blocks.PageChooserBlock(label=_("course"), page_type=lms_settings.COURSE_PAGE_MODEL)
    note = blocks.CharBlock(label=_("why read it"), required=False, max_length=250)

    class Meta:
        icon = "graduation-cap"
        template = "lms/articles/blocks/related_course.html"


class ArticleBodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("heading"),
        max_length=150,
        form_classname="title",
        template="lms/articles/blocks/heading.html",
    )
    # Sanitised when rendered: text that did not come through the editor is shown safely too.
    paragraph = SafeRichTextBlock(
        label=_("paragraph"),
        features=ARTICLE_TEXT_FEATURES,
        template="lms/articles/blocks/paragraph.html",
    )
    image = ArticleImageBlock(label=_("image"))
    quote = QuoteBlock(label=_("quote"))
    embed = EmbedBlock(
        label=_("embed"),
        help_text=_("A YouTube or other video address."),
        template="lms/articles/blocks/embed.html",
    )
    document = ArticleDocumentBlock(label=_("document"))
    table = TableBlock(label=_("table"), template="lms/articles/blocks/table.html")
    related_course = RelatedCourseBlock(label=_("related course"))


add_extra_blocks(ArticleBodyBlock, lms_settings.EXTRA_ARTICLE_BLOCKS, "LMS_EXTRA_ARTICLE_BLOCKS")
