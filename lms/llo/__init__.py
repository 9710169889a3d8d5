"""Lifelong learning (LLO): certificates, credentials, hours and reminders.

The entry points for other parts of the platform are in ``services``:
``record_completion`` for the progress projection, ``issue_certificate`` and
``revoke_certificate``.
"""
