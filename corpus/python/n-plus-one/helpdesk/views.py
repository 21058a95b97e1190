"""Agent-facing views of the helpdesk app."""
from dataclasses import dataclass
from typing import List

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render

from .models import Agent, Comment, Contact, Label, Organization, SiteConfiguration, Team, Ticket


@login_required
def open_queue(request):
    tickets = Ticket.objects.filter(status="open").order_by("-priority", "opened_at")
    rows = []
    for ticket in tickets:
        requester = ticket.requester.email  # expect: PFL103
        team = ticket.team.name  # expect: PFL103
        rows.append({"id": ticket.id, "subject": ticket.subject, "requester": requester, "team": team})  # near-miss: PFL103 plain columns
    return render(request, "helpdesk/queue.html", {"rows": rows})


@login_required
def open_queue_joined(request):
    tickets = Ticket.objects.filter(status="open").select_related("requester", "team").order_by("-priority", "opened_at")
    rows = []
    for ticket in tickets:
        requester = ticket.requester.email  # near-miss: PFL103 select_related("requester", ...)
        team = ticket.team.name  # near-miss: PFL103 select_related(..., "team")
        rows.append({"id": ticket.id, "subject": ticket.subject, "requester": requester, "team": team})
    return render(request, "helpdesk/queue.html", {"rows": rows})


@login_required
def team_queue(request, team_id):
    tickets = Ticket.objects.filter(team_id=team_id, status="open").select_related("team")
    rows = []
    for ticket in tickets:
        owner = ticket.assignee.display_name if ticket.assignee_id else "unassigned"  # expect: PFL103
        rows.append({"id": ticket.id, "team": ticket.team.name, "owner": owner})  # near-miss: PFL103 team is select_related
    return JsonResponse({"tickets": rows})


@login_required
def my_tickets(request):
    agent = get_object_or_404(Agent, email=request.user.email)
    team_name = agent.team.name  # near-miss: PFL103 one object, outside any loop
    mine = Ticket.objects.filter(assignee=agent).exclude(status="closed")
    rows = []
    for ticket in mine:
        rows.append({"id": ticket.id, "priority": ticket.get_priority_display(), "assignee": ticket.assignee_id})  # near-miss: PFL103 display method and the _id column
    return render(request, "helpdesk/mine.html", {"team": team_name, "rows": rows})


@login_required
def ticket_threads(request):
    tickets = Ticket.objects.filter(status="pending").order_by("-updated_at")[:50]
    threads = []
    for ticket in tickets:
        bodies = [c.body for c in ticket.comments.all()]  # expect: PFL103
        labels = [label.name for label in ticket.labels.all()]  # expect: PFL103
        files = [a.filename for a in ticket.attachment_set.all()]  # expect: PFL103
        threads.append({"id": ticket.id, "comments": bodies, "labels": labels, "files": files})
    return JsonResponse({"threads": threads})


@login_required
def ticket_threads_prefetched(request):
    tickets = Ticket.objects.filter(status="pending").order_by("-updated_at")
    tickets = tickets.prefetch_related("comments", Prefetch("labels", queryset=Label.objects.order_by("name")), "attachment_set")
    threads = []
    for ticket in tickets[:50]:
        bodies = [c.body for c in ticket.comments.all()]  # near-miss: PFL103 prefetch_related("comments")
        labels = [label.name for label in ticket.labels.all()]  # near-miss: PFL103 Prefetch("labels", ...)
        files = [a.filename for a in ticket.attachment_set.all()]  # near-miss: PFL103 prefetch_related("attachment_set")
        threads.append({"id": ticket.id, "comments": bodies, "labels": labels, "files": files})
    return JsonResponse({"threads": threads})


@login_required
def team_board(request):
    board = []
    for team in Team.objects.order_by("name"):
        members = [agent.display_name for agent in team.agents.all()]  # expect: PFL103
        response_hours = team.sla.response_hours  # expect: PFL103
        board.append({"team": team.name, "members": members, "sla": response_hours})
    return render(request, "helpdesk/board.html", {"board": board})


@login_required
def team_board_prefetched(request):
    teams = Team.objects.order_by("name").select_related("sla").prefetch_related("agents")
    board = []
    for team in teams:
        members = [agent.display_name for agent in team.agents.all()]  # near-miss: PFL103 prefetch_related("agents")
        response_hours = team.sla.response_hours  # near-miss: PFL103 select_related("sla"), reverse one-to-one
        board.append({"team": team.name, "members": members, "sla": response_hours})
    return render(request, "helpdesk/board.html", {"board": board})


@login_required
def agent_directory(request):
    entries = []
    for agent in Agent.objects.filter(is_active=True).order_by("display_name"):
        entries.append({"name": agent.display_name, "team": agent.team.name})  # expect: PFL103
    return JsonResponse({"agents": entries})


@login_required
def requester_emails(request):
    emails = [t.requester.email for t in Ticket.objects.filter(status="open", priority__gte=3)]  # expect: PFL103
    return JsonResponse({"emails": sorted(set(emails))})


@login_required
def requester_emails_values(request):
    rows = Ticket.objects.filter(status="open", priority__gte=3).values("id", "requester__email")
    emails = [row["requester__email"] for row in rows]  # near-miss: PFL103 .values() rows are dicts, the join is in the query
    return JsonResponse({"emails": sorted(set(emails))})


@login_required
def recent_activity(request):
    feed = []
    for comment in Comment.objects.filter(public=True).order_by("-created_at")[:30]:
        feed.append({"ticket": comment.ticket.subject, "at": comment.created_at.isoformat()})  # expect: PFL103
    return JsonResponse({"feed": feed})


@login_required
def customer_accounts(request):
    accounts = []
    for org in Organization.objects.filter(plan="enterprise"):
        contacts = [c.email for c in org.contacts.all()]  # expect: PFL103
        accounts.append({"org": org.name, "contacts": contacts})
    return JsonResponse({"accounts": accounts})


@login_required
def escalations(request):
    tickets = Ticket.objects.filter(priority=4).select_related("requester")
    rows = []
    for ticket in tickets:
        org_name = ticket.requester.organization.name  # expect: PFL103
        rows.append({"id": ticket.id, "requester": ticket.requester.full_name, "org": org_name})  # near-miss: PFL103 requester is select_related
    return JsonResponse({"escalations": rows})


@login_required
def escalations_joined(request):
    tickets = Ticket.objects.filter(priority=4).select_related("requester__organization")
    rows = []
    for ticket in tickets:
        org_name = ticket.requester.organization.name  # near-miss: PFL103 select_related("requester__organization")
        rows.append({"id": ticket.id, "org": org_name})
    return JsonResponse({"escalations": rows})


@login_required
def contact_ticket_counts(request):
    counts = {}
    for contact in Contact.objects.filter(organization__plan="enterprise"):
        counts[contact.email] = Ticket.objects.filter(requester=contact).count()  # expect: PFL101
    return JsonResponse(counts)


@login_required
def contact_ticket_counts_annotated(request):
    contacts = Contact.objects.filter(organization__plan="enterprise").annotate(n=Count("tickets"))
    return JsonResponse({c.email: c.n for c in contacts})  # near-miss: PFL101 one annotated query


@login_required
def status_overview(request):
    overview = {}
    for status in ("open", "pending", "closed"):
        overview[status] = Ticket.objects.filter(status=status).count()  # near-miss: PFL101 loop over a constant tuple of three
    return JsonResponse(overview)


@login_required
def assign_bulk(request):
    agent_ids = [int(v) for v in request.POST.getlist("agent")]
    ticket_ids = [int(v) for v in request.POST.getlist("ticket")]
    config = SiteConfiguration.objects.get(pk=1)
    for ticket_id, agent_id in zip(ticket_ids, agent_ids):
        agent = Agent.objects.get(pk=agent_id)  # expect: PFL101
        Ticket.objects.filter(pk=ticket_id).update(assignee=agent)  # expect: PFL101
    return JsonResponse({"notify": config.support_email})


@login_required
def assign_bulk_batched(request):
    agent_ids = [int(v) for v in request.POST.getlist("agent")]
    ticket_ids = [int(v) for v in request.POST.getlist("ticket")]
    agents = Agent.objects.in_bulk(agent_ids)  # near-miss: PFL101 one in_bulk query before the loop
    tickets = list(Ticket.objects.filter(pk__in=ticket_ids))  # near-miss: PFL101 one query before the loop
    by_id = {t.pk: t for t in tickets}
    for ticket_id, agent_id in zip(ticket_ids, agent_ids):
        by_id[ticket_id].assignee = agents[agent_id]
    Ticket.objects.bulk_update(tickets, ["assignee"])  # near-miss: PFL101 one bulk update after the loop
    return JsonResponse({"assigned": len(tickets)})


@login_required
def tag_tickets(request, ticket_id):
    ticket = get_object_or_404(Ticket, pk=ticket_id)
    labels = []
    for name in request.POST.getlist("label"):
        label, _ = Label.objects.get_or_create(name=name.strip().lower())  # expect: PFL101
        labels.append(label)
    ticket.labels.set(labels)
    return JsonResponse({"labels": [label.name for label in labels]})


@login_required
def add_internal_notes(request):
    agent = get_object_or_404(Agent, email=request.user.email)
    notes = request.POST.getlist("note")
    ticket_ids = request.POST.getlist("ticket")
    for ticket_id, note in zip(ticket_ids, notes):
        Comment.objects.create(ticket_id=int(ticket_id), author=agent, body=note, public=False)  # expect: PFL101
    return JsonResponse({"added": len(notes)})


@login_required
def add_internal_notes_bulk(request):
    agent = get_object_or_404(Agent, email=request.user.email)
    pairs = zip(request.POST.getlist("ticket"), request.POST.getlist("note"))
    comments = [Comment(ticket_id=int(tid), author=agent, body=note, public=False) for tid, note in pairs]
    Comment.objects.bulk_create(comments)  # near-miss: PFL101 one bulk insert
    return JsonResponse({"added": len(comments)})


@login_required
def first_urgent(request):
    prefix = request.GET.get("team", "")
    for team in Team.objects.order_by("name"):
        if team.name.startswith(prefix):
            ticket = Ticket.objects.filter(team=team, priority=4).order_by("opened_at").first()  # near-miss: PFL101 followed by return: runs once
            return JsonResponse({"team": team.name, "ticket": ticket.pk if ticket else None})
    return JsonResponse({"team": None, "ticket": None})


@dataclass
class WebhookRequester:
    email: str
    full_name: str


@dataclass
class WebhookTicket:
    subject: str
    requester: WebhookRequester


def summarize_webhook(tickets: List[WebhookTicket]):
    # Plain dataclasses parsed from a JSON payload: nothing to load lazily.
    return [f"{t.subject} <{t.requester.email}>" for t in tickets]  # near-miss: PFL103 dataclasses, not a queryset
