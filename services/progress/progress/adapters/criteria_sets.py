"""The published criteria sets, cached in process, for the set in force at a date (P2).

Every assessment needs every published set (P2 picks among them), and sets are few and rarely
change: they are read from the event store once per process, then kept. What makes an entry
stale, and how it is read again from the store (so the answer is always the store's):

- this process publishes a set or enters a threshold: the handler calls `invalidate(set_id)`
  right after its append committed, so the very next command sees it (strong consistency for
  the service's own writes);
- another process did: the service's own projection (ReferenceProjection, fed by
  PROGRESS_EVENTS) calls `invalidate(set_id)` when it applies that set's event.

The ids are listed from the `events` table once, at the first command (the kernel's EventStore
loads one stream by id but cannot list streams); never per command.
"""
import asyncio
from collections.abc import Awaitable, Callable

import asyncpg

from thidua_kernel.eventstore import EventStore
from thidua_kernel.memory_store import InMemoryEventStore

from ..domain.model import PublishedSet
from ..mapping import CRITERIA_SET, published_set

ListSetIds = Callable[[], Awaitable[list[str]]]
PREFIX = f"{CRITERIA_SET}:"


class CriteriaSetCache:
    """The published sets (latest version with entered thresholds), read again only when stale."""

    def __init__(self, store: EventStore, list_ids: ListSetIds) -> None:
        self._store = store
        self._list_ids = list_ids
        self._sets: dict[str, PublishedSet] = {}
        self._stale: set[str] = set()
        self._listed = False
        self._lock = asyncio.Lock()

    def invalidate(self, set_id: str) -> None:
        """The set's stream changed (or a new set appeared): read it again before the next use."""
        self._stale.add(set_id)

    async def published(self) -> list[PublishedSet]:
        """Every published set; no I/O unless something was invalidated since the last call.

        While one caller refreshes, the others wait for it (`locked()`): the refresh takes a set
        off `_stale` before its load returns, so "nothing stale" alone does not mean "loaded" (a
        service's first commands, arriving together after a start, were refused P2 with no set)."""
        if not self._listed or self._stale or self._lock.locked():
            async with self._lock:
                await self._refresh()
        return list(self._sets.values())

    async def _refresh(self) -> None:
        if not self._listed:
            self._stale.update(await self._list_ids())
            self._listed = True
        while self._stale:
            set_id = self._stale.pop()
            found = published_set(await self._store.load(CRITERIA_SET, set_id))
            if found is not None:
                self._sets[set_id] = found


def postgres_criteria_set_ids(pool: asyncpg.Pool) -> ListSetIds:
    async def ids() -> list[str]:
        rows = await pool.fetch(
            "SELECT DISTINCT substr(stream_id, $2) FROM events WHERE stream_id LIKE $1",
            PREFIX + "%",
            len(PREFIX) + 1,
        )
        return [r[0] for r in rows]

    return ids


def memory_criteria_set_ids(store: InMemoryEventStore) -> ListSetIds:
    async def ids() -> list[str]:
        return list(dict.fromkeys(e.aggregate_id for e in store.events if e.aggregate_type == CRITERIA_SET))

    return ids
