"""Normalised lookup keys for agents, activities and verbs.

Query filters compare these keys in indexed columns, so two statements about
the same agent or activity always produce the same key whatever extra
properties (names, definitions) they carry.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

MAX_KEY_LENGTH = 255


def short_key(text: str) -> str:
    """Return the text itself, or a digest of it when it would not fit a column."""
    if len(text) <= MAX_KEY_LENGTH:
        return text
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def agent_key(agent: dict[str, Any]) -> str:
    """Return the key of an Agent or identified Group, or '' when anonymous."""
    if "mbox" in agent:
        return short_key("mbox:" + agent["mbox"])
    if "mbox_sha1sum" in agent:
        return "mbox_sha1sum:" + agent["mbox_sha1sum"].lower()
    if "openid" in agent:
        return short_key("openid:" + agent["openid"])
    account = agent.get("account")
    if account:
        return short_key(f"account:{account['homePage']} {account['name']}")
    return ""


def agent_keys(actor: dict[str, Any] | None) -> Iterator[str]:
    """Yield the keys of an actor and, for a Group, of its members."""
    if not actor:
        return
    key = agent_key(actor)
    if key:
        yield key
    for member in actor.get("member", ()):
        member_key = agent_key(member)
        if member_key:
            yield member_key


def identifying_agent(agent: dict[str, Any]) -> dict[str, Any]:
    """Return an Agent or Group reduced to its objectType and identifier."""
    reduced: dict[str, Any] = {}
    if "objectType" in agent:
        reduced["objectType"] = agent["objectType"]
    for key in ("mbox", "mbox_sha1sum", "openid", "account"):
        if key in agent:
            reduced[key] = agent[key]
            break
    else:
        if "member" in agent:
            reduced["member"] = [identifying_agent(m) for m in agent["member"]]
    return reduced
