"""Celery tasks of the lms app.

The reminders run daily through Celery beat (``CELERY_BEAT_SCHEDULE`` in
the settings) or, without a broker, through ``send_llo_reminders`` in cron.
"""

from celery import shared_task
from celery.utils.log import get_task_logger
from django.core.files.base import ContentFile

from .llo import pdf, reminders
from .models import Certificate

logger = get_task_logger(__name__)


@shared_task(
    bind=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def render_certificate_pdf_task(self, certificate_id: int) -> str:
    """Render a platform certificate as PDF and store it privately."""
    certificate = Certificate.objects.select_related("holder").get(pk=certificate_id)
    content = pdf.certificate_pdf(certificate)
    if certificate.pdf:
        certificate.pdf.delete(save=False)
    certificate.pdf.save(
        f"{certificate.uuid.hex}.pdf", ContentFile(content), save=False
    )
    Certificate.objects.filter(pk=certificate.pk).update(pdf=certificate.pdf.name)
    logger.info("Rendered the PDF of certificate %s", certificate_id)
    return certificate.pdf.name


@shared_task(
    bind=True,
    autoretry_for=(reminders.ReminderDeliveryError,),
    retry_backoff=600,
    max_retries=3,
)
def send_llo_reminders_task(self) -> int:
    """Send the LLO expiry reminders that are due today."""
    sent = reminders.send_due_reminders()
    logger.info("LLO reminder run sent %d mails", sent)
    return sent
