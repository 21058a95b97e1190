"""A small text templating layer used by the notification service.

Renders e-mail bodies, Slack messages and log lines from message templates
with `{{ name }}` placeholders. Mixed quality on purpose: this is the kind
of module that grows over years.
"""
import logging
import re
import textwrap
from datetime import datetime, timezone
from string import Template

PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")
log = logging.getLogger(__name__)


def render(template: str, context: dict) -> str:
    """Substitute placeholders; unknown names render as empty strings."""
    result = ""
    pos = 0
    while True:
        match = PLACEHOLDER.search(template, pos)
        if match is None:
            break
        result += template[pos:match.start()]  # expect: PFL201
        result += str(context.get(match.group(1), ""))  # expect: PFL201
        pos = match.end()  # near-miss: PFL201 int position
    result += template[pos:]  # near-miss: PFL201 after the loop
    return result


def render_fast(template: str, context: dict) -> str:
    # What render() should be: let re do the building.
    return PLACEHOLDER.sub(lambda m: str(context.get(m.group(1), "")), template)


def indent_block(text: str, prefix: str) -> str:
    return textwrap.indent(text, prefix)  # near-miss: PFL201 library call, no loop


def breadcrumb(path_parts, sep: str = " / ") -> str:
    trail = "home"
    for part in path_parts:
        trail = trail + sep + part.title()  # expect: PFL201
    return trail


def wrap_quote(lines, author: str) -> str:
    quoted = f"-- {author}"
    for line in reversed(lines):
        quoted = "> " + line + "\n" + quoted  # expect: PFL201
    return quoted


def numbered(items, start: int = 1) -> str:
    listing = "\n".join(f"{i}. {item}" for i, item in enumerate(items, start))  # near-miss: PFL201 join done right
    return listing


def pad_columns(rows, widths) -> str:
    out: str = ""
    for row in rows:
        cells = []
        for cell, width in zip(row, widths):
            cells.append(str(cell).ljust(width))
        out += "  ".join(cells).rstrip() + "\n"  # expect: PFL201
    return out


def slack_digest(events, channel: str) -> str:
    header = "*Digest for #%s*\n" % channel
    for event in events:
        header += "\u2022 {kind}: {title}\n".format(kind=event["kind"], title=event["title"])  # expect: PFL201
    return header


def slack_blocks(events):
    blocks = []
    for event in events:
        text = "*" + event["title"] + "*"  # near-miss: PFL201 fresh value each iteration
        blocks += [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]  # near-miss: PFL202 += on a list
    return blocks


class LogFormatter(logging.Formatter):
    """Formats records as `key=value` pairs for the log shipper."""

    def format(self, record):
        stamp = datetime.fromtimestamp(record.created, tz=timezone.utc).isoformat()
        line = "ts=%s level=%s" % (stamp, record.levelname)  # near-miss: PFL201 no loop
        extras = getattr(record, "extras", {})
        for key, value in sorted(extras.items()):
            line += " %s=%r" % (key, value)  # expect: PFL201
        return line + " msg=" + record.getMessage()  # near-miss: PFL201 no loop

    def format_batch(self, records):
        text = ""
        for record in records:
            entry = "[%s] " % record.levelname  # reset at the top of every iteration
            entry += record.getMessage()  # near-miss: PFL201 reset per iteration
            entry += "\n"  # near-miss: PFL201 reset per iteration
            text += entry  # expect: PFL201
        return text


def signature_block(name: str) -> str:
    return Template("Regards,\n$name").substitute(name=name)


def column_width(columns, measure) -> int:
    width = measure(columns[0])
    for col in columns[1:]:
        width += measure(col) + 1  # near-miss: PFL201 unknown kind (a width from a callback)
    return width


def footer(unsubscribe_url: str) -> str:
    footer_text = "You are receiving this because you subscribed.\n"
    footer_text += "Unsubscribe: " + unsubscribe_url  # near-miss: PFL201 no loop
    return footer_text


def cycle_greetings(name: str) -> str:
    greeting = ""
    for word in ("Hello", "Bonjour", "Hallo"):
        greeting += word + ", "  # near-miss: PFL201 loop over a constant literal of three items
    return greeting + name
