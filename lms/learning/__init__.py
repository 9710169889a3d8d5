"""Following units and tracks: enrolment, lessons, quizzes and assignments."""
