"""Awareness articles: the news index (`ArticleIndexPage`), articles (`ArticlePage`), their
authors and tags, body blocks, feeds. The models are imported by `lms.models`."""
