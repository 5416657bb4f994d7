"""Site search: courses, lessons and articles, the same on SQLite and PostgreSQL.

Text and queries are folded to ASCII words (`lms.search.folding`) before they meet the index,
so that Vietnamese typed without diacritics finds the text written with them. Pages take part
through `lms.search.indexing.FoldedSearchMixin`.
"""
