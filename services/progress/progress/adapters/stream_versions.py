"""The versions of many streams in one read: a district's matrix appends to all its communes."""
import asyncpg

from thidua_kernel.messages import stream_id

from ..deps import StreamVersions


def postgres_stream_versions(pool: asyncpg.Pool) -> StreamVersions:
    async def versions(aggregate_type: str, aggregate_ids: list[str]) -> dict[str, int]:
        rows = await pool.fetch(
            "SELECT stream_id, max(stream_version) FROM events WHERE stream_id = ANY($1::text[]) GROUP BY stream_id",
            [stream_id(aggregate_type, i) for i in aggregate_ids],
        )
        found = {r[0]: r[1] for r in rows}
        return {i: found.get(stream_id(aggregate_type, i), 0) for i in aggregate_ids}

    return versions
