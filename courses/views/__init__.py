"""The learner's and the trainer's pages of `courses` outside the page tree: enrolling and
lesson progress (`learning`), session registration and self check-in (`sessions`), the
trainer's attendance sheet, check-in screen and exports (`attendance`), calendar files
(`calendar`)."""
