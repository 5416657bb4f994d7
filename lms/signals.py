"""Signals `lms` sends to the feature apps above it."""

from django.dispatch import Signal

# Sent once per enrollment, after the transaction that recorded the completion commits.
# provides args: enrollment_id (int), user_id (int), course_id (int)
course_completed = Signal()

# Sent after a learner enrols (or re-enrols after withdrawing).
# provides args: enrollment_id (int), user_id (int), course_id (int), source (str)
learner_enrolled = Signal()
