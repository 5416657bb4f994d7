"""StreamField blocks of a lesson body."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from lms.blocks import add_extra_blocks
from lms.richtext import SafeRichTextBlock

from .conf import courses_settings

# Rich-text features editors get in lessons: Wagtail keeps only these, so pasted scripts,
# styles and javascript: links are dropped when the text is saved.
LESSON_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)
    alt_text = blocks.CharBlock(
        label=_("alternative text"),
        required=False,
        max_length=250,
        help_text=_("Describe the image for people who cannot see it."),
    )

    class Meta:
        icon = "image"
        template = "courses/blocks/image.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(label=_("link text"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        template = "courses/blocks/document.html"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("kind"),
        choices=[("tip", _("Tip")), ("note", _("Note")), ("warning", _("Warning"))],
        default="tip",
    )
    title = blocks.CharBlock(label=_("title"), required=False, max_length=120)
    text = SafeRichTextBlock(label=_("text"), features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "help"
        template = "courses/blocks/callout.html"


class LessonBodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("heading"),
        max_length=150,
        form_classname="title",
        template="courses/blocks/heading.html",
    )
    # Sanitised when rendered, whatever way the text reached the database (lms.richtext).
    paragraph = SafeRichTextBlock(label=_("rich text"), features=LESSON_TEXT_FEATURES)
    image = ImageBlock(label=_("image"))
    video = EmbedBlock(label=_("video"), help_text=_("A YouTube or other video address."))
    document = DocumentBlock(label=_("document download"))
    callout = CalloutBlock(label=_("callout or tip"))


# After the built-in blocks: what other apps add through the setting (the poll of quizzes).
add_extra_blocks(
    LessonBodyBlock, courses_settings.EXTRA_LESSON_BLOCKS, "COURSES_EXTRA_LESSON_BLOCKS"
)
