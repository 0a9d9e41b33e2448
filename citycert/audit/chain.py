"""How an audit event is hashed, in each format of the chain.

Format 1 (events written before 2026-12) hashed the time, the actor's name, the action, the object and the
before and after values, prefixed by the previous event's hash: not the actor's account id, nor the format.
Format 2 hashes every stored field but the row id: the format itself, the time in UTC to the microsecond,
the actor's account id and name, the action, the object, before, after and the previous hash. An event's
place is fixed by the previous hash, and signed checkpoints name events by id and count.

Events keep the format they were written in, so a log from before the change still verifies as it was
written; a chain may go from format 1 to 2 once, never back.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

# The "previous hash" of the first event: the chain starts from nothing.
GENESIS = "0" * 64
# The format new events are written in.
CHAIN_VERSION = 2
FORMATS = (1, 2)


def _canonical(content: Any) -> str:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def event_hash(
    version: int,
    previous_hash: str,
    *,
    at: datetime,
    actor_id: int | None,
    actor_name: str,
    action: str,
    object_type: str,
    object_id: str,
    before: Any,
    after: Any,
) -> str:
    """The hash of one event in chain format `version` (1 or 2)."""
    if version == 1:
        content: dict[str, Any] = {
            "at": at.isoformat(),
            "actor": actor_name,
            "action": action,
            "object": [object_type, object_id],
            "before": before,
            "after": after,
        }
        return hashlib.sha256((previous_hash + _canonical(content)).encode("utf-8")).hexdigest()
    if version == 2:
        content = {
            "format": 2,
            "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor": {"id": actor_id, "name": actor_name},
            "action": action,
            "object": [object_type, object_id],
            "before": before,
            "after": after,
            "previous": previous_hash,
        }
        return hashlib.sha256(_canonical(content).encode("utf-8")).hexdigest()
    raise ValueError(f"unknown audit chain format {version}")
