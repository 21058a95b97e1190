"""Helpdesk: a small Django app whose views and commands load related objects."""
