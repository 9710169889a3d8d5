"""Progress and competence mastery, derived from the statement stream."""
