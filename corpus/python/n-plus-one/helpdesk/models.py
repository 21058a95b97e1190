"""Models of the helpdesk app."""
from django.db import models


class Organization(models.Model):
    name = models.CharField(max_length=200)
    plan = models.CharField(max_length=20, default="basic")


class Contact(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="contacts")
    email = models.EmailField()
    full_name = models.CharField(max_length=200)


class Team(models.Model):
    name = models.CharField(max_length=100)


class SLAPolicy(models.Model):
    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="sla")
    response_hours = models.PositiveIntegerField(default=8)
    resolution_hours = models.PositiveIntegerField(default=72)


class Agent(models.Model):
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="agents")
    email = models.EmailField(unique=True)
    display_name = models.CharField(max_length=100)
    is_active = models.BooleanField(default=True)


class Label(models.Model):
    name = models.CharField(max_length=50, unique=True)
    color = models.CharField(max_length=7, default="#999999")


class Ticket(models.Model):
    PRIORITIES = [(1, "Low"), (2, "Normal"), (3, "High"), (4, "Urgent")]

    subject = models.CharField(max_length=300)
    status = models.CharField(max_length=20, default="open")
    priority = models.PositiveSmallIntegerField(choices=PRIORITIES, default=2)
    requester = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="tickets")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="queue")
    assignee = models.ForeignKey(Agent, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_tickets")
    labels = models.ManyToManyField(Label, related_name="tickets", blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)


class Comment(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(Agent, null=True, on_delete=models.SET_NULL, related_name="comments")
    body = models.TextField()
    public = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)


class Attachment(models.Model):
    # No related_name: the reverse accessor is ticket.attachment_set.
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE)
    filename = models.CharField(max_length=255)
    size = models.PositiveIntegerField()


class SiteConfiguration(models.Model):
    support_email = models.EmailField()
    business_hours_only = models.BooleanField(default=True)
