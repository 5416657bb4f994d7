"""Personal data protection (Law No. 91/2025/QH15): consent history, the learner's copy of their
data, erasure on request, the log of who viewed or exported personal data, and retention.

Feature apps contribute through two Wagtail hooks (`lms.privacy.hooks`): what they hold about a
person (for the download) and how to erase it (for erasure and retention).
"""
