"""Run a curriculum check from the command line."""

from django.core.management.base import BaseCommand, CommandError

from curriculum.checks.runs import start_run
from curriculum.models import CurriculumCheckRun, TrackPage
from curriculum.tasks import run_curriculum_check_task


class Command(BaseCommand):
    """Run the curriculum check for all tracks, or for one, and report it."""

    help = "Hold the tracks against the companies' current competence demands."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--track", default="", help="slug of the only track")

    def handle(self, *args, track: str = "", **options) -> None:
        if track and not TrackPage.objects.live().filter(slug=track).exists():
            raise CommandError(f"No live track with slug {track!r}.")
        run = start_run(track_slug=track)
        run_curriculum_check_task.apply(args=[run.pk])
        run.refresh_from_db()
        if run.status != CurriculumCheckRun.Status.FINISHED:
            raise CommandError(f"Check run {run.pk} failed: {run.error}")
        self._report(run)

    def _report(self, run: CurriculumCheckRun) -> None:
        results = run.results
        gaps = sum(1 for item in results["items"] if item["overall"] < 3)
        score = "-" if run.score is None else f"{run.score:.0%}"
        self.stdout.write(
            self.style.SUCCESS(
                f"Check run {run.pk}: {len(results['tracks'])} tracks, "
                f"{len(results['items'])} demanded items, {gaps} gaps, "
                f"coverage score {score}."
            )
        )
        for track in results["tracks"]:
            track_score = "-" if track["score"] is None else f"{track['score']:.0%}"
            self.stdout.write(f"  {track['code']}: {track_score}")
