"""Role, scope and network checks for the admin API.

Membership in a list scans it: inside a loop or a comprehension that is
O(n*m) (PFL301). The same checks against sets, frozensets, dicts, ranges,
strings and tuples of constants are fine.
"""
import ipaddress
import os
from typing import List

ADMIN_ROLES = ["owner", "admin", "billing-admin"]
BLOCKED_COUNTRIES = os.environ.get("BLOCKED_COUNTRIES", "").split(",")
INTERNAL_NETWORKS = [ipaddress.ip_network(n) for n in os.environ.get("INTERNAL_NETS", "10.0.0.0/8").split(",")]
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
AUDITED_METHODS = ("POST", "PUT", "PATCH", "DELETE")
ROLE_LEVELS = {"viewer": 1, "editor": 2, "admin": 3, "owner": 4}


def admin_users(users):
    return [user for user in users if user.role in ADMIN_ROLES]  # expect: PFL301


def allowed_requests(requests_):
    allowed = []
    for req in requests_:
        if req.country not in BLOCKED_COUNTRIES:  # expect: PFL301  # near-miss: PFL302 appends req to another list
            allowed.append(req)
    return allowed


def audited(requests_):
    return [req for req in requests_ if req.method in AUDITED_METHODS]  # near-miss: PFL301 tuple of constants


def cacheable(requests_):
    return [req for req in requests_ if req.method in SAFE_METHODS]  # near-miss: PFL301 frozenset


def known_roles(users):
    return [user for user in users if user.role in ROLE_LEVELS]  # near-miss: PFL301 dict


def known_roles_by_key(users):
    return [user for user in users if user.role in ROLE_LEVELS.keys()]  # near-miss: PFL301 dict keys view


def is_admin(user):
    return user.role in ADMIN_ROLES  # near-miss: PFL301 a single test, not in a loop


class ScopeChecker:
    def __init__(self, granted_scopes, denied_env="DENIED_SCOPES"):
        self.granted = list(granted_scopes)
        self.denied = sorted(os.environ.get(denied_env, "").split())
        self.superusers = set(os.environ.get("SUPERUSERS", "").split(","))

    def missing(self, required):
        return [scope for scope in required if scope not in self.granted]  # expect: PFL301

    def rejected(self, requests_):
        rejected = []
        for req in requests_:
            if req.user in self.superusers:  # near-miss: PFL301 set built in __init__
                continue
            if req.scope in self.denied:  # expect: PFL301
                rejected.append(req.id)
        return rejected


def visible_projects(projects, member_ids: list[int]):
    return [project for project in projects if project.owner_id in member_ids]  # expect: PFL301


def visible_projects_fast(projects, member_ids: list[int]):
    members = set(member_ids)
    return [project for project in projects if project.owner_id in members]  # near-miss: PFL301 converted to a set before the comprehension


def with_any_tag(items, wanted: List[str]):
    matches = []
    for item in items:
        if any(tag in wanted for tag in item.tags):  # expect: PFL301
            matches.append(item)
    return matches


def with_any_tag_of(items, wanted: set[str]):
    return [item for item in items if any(tag in wanted for tag in item.tags)]  # near-miss: PFL301 parameter annotated set[str]


def from_internal_network(remote_addrs):
    internal = []
    for addr in remote_addrs:
        ip = ipaddress.ip_address(addr)
        if any(ip in net for net in INTERNAL_NETWORKS):  # near-miss: PFL301 `ip in net` tests an address in a network object, and INTERNAL_NETWORKS is only iterated
            internal.append(addr)
    return internal


def ports_in_range(ports):
    return [port for port in ports if port in range(1024, 49152)]  # near-miss: PFL301 range membership is O(1)


def strip_punctuation(usernames):
    return ["".join(ch for ch in name if ch not in "-_.") for name in usernames]  # near-miss: PFL301 string membership


def role_level_names(levels):
    for role in ADMIN_ROLES:  # near-miss: PFL301 `in` of a for header is iteration, not a membership test
        levels.setdefault(role, 3)
    return levels
