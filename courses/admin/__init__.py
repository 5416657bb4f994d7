"""Admin screens of `courses`: assigning courses (`assign`), the enrollments listing
(`enrollments`), training sessions (`sessions`) and the attendance listing (`attendance`)."""
