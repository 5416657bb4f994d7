"""Signals `lms` sends to the feature apps above it."""

from django.dispatch import Signal

# Sent once per enrollment, after the transaction that recorded the completion commits.
# provides args: enrollment_id (int), user_id (int), course_id (int)
course_completed = Signal()

# Sent after a learner enrols (or re-enrols after withdrawing).
# provides args: enrollment_id (int), user_id (int), course_id (int), source (str)
learner_enrolled = Signal()

# Sent inside the transaction that withdraws a learner from a course, so that what the apps
# above undo with it (session places...) commits or rolls back together with the withdrawal.
# provides args: enrollment_id (int), user_id (int), course_id (int)
enrollment_withdrawn = Signal()
