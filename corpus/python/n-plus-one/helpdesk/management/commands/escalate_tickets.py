"""manage.py escalate_tickets: bump overdue tickets and notify their owners."""
from datetime import timedelta

from django.core.mail import send_mass_mail
from django.core.management.base import BaseCommand
from django.utils import timezone

from helpdesk.models import Comment, Ticket


class Command(BaseCommand):
    help = "Escalate tickets that breached their SLA and e-mail the assignees."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--hours", type=int, default=24)

    def handle(self, *args, **options):
        cutoff = timezone.now() - timedelta(hours=options["hours"])
        overdue = Ticket.objects.filter(status="open", updated_at__lt=cutoff).select_related("team")
        messages = []
        for ticket in overdue:
            limit = ticket.team.sla.resolution_hours  # expect: PFL103
            team_name = ticket.team.name  # near-miss: PFL103 select_related("team")
            if ticket.assignee_id is None:  # near-miss: PFL103 the _id column
                continue
            owner = ticket.assignee.email  # expect: PFL103
            messages.append((f"[#{ticket.id}] {team_name}: over {limit}h", ticket.subject, "helpdesk@example.com", [owner]))
            if not options["dry_run"]:
                ticket.priority = min(ticket.priority + 1, 4)
                ticket.save(update_fields=["priority"])  # expect: PFL101
        send_mass_mail(messages, fail_silently=False)
        self.report_authors(cutoff)
        self.report_authors_joined(cutoff)

    def report_authors(self, cutoff):
        for comment in Comment.objects.filter(created_at__gte=cutoff, public=False):
            self.stdout.write(f"{comment.author.display_name}: {comment.body[:60]}")  # expect: PFL103

    def report_authors_joined(self, cutoff):
        for comment in Comment.objects.filter(created_at__gte=cutoff, public=False).select_related("author"):
            self.stdout.write(f"{comment.author.display_name}: {comment.body[:60]}")  # near-miss: PFL103 select_related("author")

    def close_resolved(self, ticket_ids):
        Ticket.objects.filter(pk__in=ticket_ids, status="resolved").update(status="closed")  # near-miss: PFL101 one bulk update, no loop
