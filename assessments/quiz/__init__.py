"""Quizzes: reading a learner's answers, grading them, describing them."""
