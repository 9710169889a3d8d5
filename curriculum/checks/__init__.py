"""The curriculum check: hold the tracks against what companies demand.

``inputs`` gathers current demands and the curriculum into plain arrays,
``engine`` computes coverage, weights, gaps and surpluses from them without
touching the database, and ``compare`` tells what changed since a previous
run. ``runs`` ties them to stored :class:`CurriculumCheckRun` rows.
"""
