"""The ``rebuild_progress`` management command."""

import time

from django.core.management.base import BaseCommand

from assessments.xapi.services import count_statements
from lms.progress.projector import rebuild

BAR_WIDTH = 30


class Command(BaseCommand):
    """Drop the progress projections and replay every statement."""

    help = (
        "Drop progress, competence evidence and the list of unlinked "
        "activities, and build them again from all statements in the LRS."
    )

    def handle(self, *args, **options) -> None:
        """Replay the statement stream with a progress bar."""
        total = count_statements()
        started = time.monotonic()
        done = 0

        def show(count: int) -> None:
            nonlocal done
            done += count
            share = done / total if total else 1
            filled = round(BAR_WIDTH * min(share, 1))
            rate = done / max(time.monotonic() - started, 1e-9)
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            self.stdout.write(
                f"\r[{bar}] {done}/{total} statements ({rate:,.0f}/s)", ending=""
            )
            self.stdout.flush()

        applied = rebuild(on_page=show)
        seconds = time.monotonic() - started
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"Replayed {applied} statements in {seconds:.1f} s; "
                "the projections are rebuilt."
            )
        )
