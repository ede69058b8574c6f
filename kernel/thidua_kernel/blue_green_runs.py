"""Blue/green rebuilds a service runs: the new version's runner beside the live one, its
progress, and the switch (the database's side is blue_green.py).

The switch stops both runners, brings each exactly to the topics' end offsets seen then (events
arriving meanwhile wait on Kafka), compares the two versions row for row and, when they are
equal (or the operator forces it), switches; both runners start again either way: after a
refused switch the new version keeps following the topics, so the operator can look and retry.
The new version's runner applies `build_instance(projection)`; after a switch, the live
projection's `after_switch(conn)` runs before its runner starts again (blue_green.py's readings).
"""
import asyncio
import os
from dataclasses import dataclass
from typing import Any

import asyncpg

from . import blue_green
from .blue_green import BlueGreenRefused
from .clock import Clock, SystemClock
from .errors import NotFound
from .kafka_admin import end_offsets
from .projection import ProjectionRunner
from .runtime import Runtime
from .settings import crash_hook

# Batch size of a new version's runner (smaller ones commit their offsets more often).
BATCH_ENV = "THIDUA_BLUE_GREEN_BATCH"


@dataclass
class Build:
    projection: str
    version: int
    resumed: bool
    started_at: str
    offsets_at_start: int
    runner: ProjectionRunner
    pool: asyncpg.Pool

    @property
    def task(self) -> str:
        return f"projection:{self.projection}@v{self.version}"


def build_instance(projection: Any) -> Any:
    """What the new version's runner applies with: a fresh instance without the live one's side
    effects (`for_blue_green()`), or the live instance when it keeps no state (blue_green.py)."""
    fresh = getattr(projection, "for_blue_green", None)
    return projection if fresh is None else fresh()


def blue_green_runs(runtime: Runtime) -> "BlueGreenRuns":
    """The service's one BlueGreenRuns (kept in runtime.wired, closed with the runtime)."""
    runs = runtime.wired.get("blue_green")
    if runs is None:
        runs = runtime.wired["blue_green"] = BlueGreenRuns(runtime)
    return runs


class BlueGreenRuns:
    def __init__(self, runtime: Runtime) -> None:
        self._rt = runtime
        self._builds: dict[str, Build] = {}
        self._lock = asyncio.Lock()  # one start or switch at a time per service

    def _clock(self) -> Clock:
        return self._rt.clock or SystemClock()

    async def live_schema(self) -> str:
        return await self._rt.pool.fetchval("SELECT current_schema()")

    def _live_runner(self, name: str) -> ProjectionRunner:
        runner = self._rt.runners.get(name)
        if runner is None:
            raise NotFound("OPS", f"Không có projection {name}.", f"No projection named {name}.")
        return runner

    async def start(self, name: str) -> tuple[Build, bool]:
        """(the build, True) when started or resumed now; (the running one, False) to join it."""
        live_runner = self._live_runner(name)
        tables = blue_green.tables_of(live_runner.projection)
        async with self._lock:
            if name in self._builds:
                return self._builds[name], False
            if live_runner.rebuilding:
                raise BlueGreenRefused("OPS", f"Projection {name} đang được dựng lại tại chỗ.",
                                       f"Projection {name} is being rebuilt in place: wait until it has caught up.")
            live = await self.live_schema()
            clock = self._clock()
            async with self._rt.pool.acquire() as conn:
                found = await blue_green.prepare_next(conn, live, name, tables, clock.now())
            next_, _ = blue_green.schemas(live)
            settings = self._rt.settings
            pool = await asyncpg.create_pool(
                settings.database_url, min_size=1, max_size=3,
                server_settings={"search_path": f'"{next_}", "{live}"', "application_name": f"thidua-{next_}"})
            hook = crash_hook(settings.crash_at)
            runner = ProjectionRunner(pool, settings.kafka_access(), build_instance(live_runner.projection),
                                      max_records=int(os.environ.get(BATCH_ENV, 0)) or 5000,
                                      crash_at=lambda point: hook(f"blue_green_{point}"),
                                      topic_prefix=settings.topic_prefix, clock=clock)
            applied = await pool.fetchval("SELECT coalesce(sum(next_offset), 0) FROM projection_offsets"
                                          " WHERE projection = $1", name)
            build = Build(name, found["version"], found["resumed"], found["started_at"], applied, runner, pool)
            self._builds[name] = build
            self._rt.spawn(build.task, runner.run)
            return build, True

    async def resume_pending(self) -> None:
        """At a service's start: the builds a killed process left go on (their offsets are committed)."""
        async with self._rt.pool.acquire() as conn:
            pending = await blue_green.pending_builds(conn, await self.live_schema())
        for name in pending:
            if name in self._rt.runners:
                await self.start(name)

    async def status(self, name: str) -> dict[str, Any]:
        live_runner = self._live_runner(name)
        build = self._builds.get(name)
        async with self._rt.pool.acquire() as conn:
            old_kept = await blue_green.kept_old(conn, await self.live_schema(),
                                                 blue_green.tables_of(live_runner.projection))
        if build is None:
            return {"projection": name, "phase": "none", "old_version_kept": old_kept}
        ends = await end_offsets(self._rt.settings.kafka_access(), list(build.runner.topics))
        rows = await build.pool.fetch("SELECT topic, partition, next_offset FROM projection_offsets"
                                      " WHERE projection = $1", name)
        stored = {(r["topic"], r["partition"]): r["next_offset"] for r in rows}
        task = self._rt.health()["tasks"].get(build.task, {})
        return {"projection": name, "version": build.version, "resumed": build.resumed,
                "started_at": build.started_at, "offsets_at_start": build.offsets_at_start,
                "phase": "caught_up" if build.runner.caught_up.is_set() else "building",
                "events_applied": sum(stored.values()), "end_offsets": sum(ends.values()),
                "lag": sum(end - stored.get(key, 0) for key, end in ends.items()),
                "task": task or None, "old_version_kept": old_kept}

    async def switch(self, name: str, force: bool) -> dict[str, Any]:
        live_runner = self._live_runner(name)
        tables = blue_green.tables_of(live_runner.projection)
        async with self._lock:
            build = self._builds.get(name)
            if build is None:
                raise NotFound("OPS-BLUE-GREEN", f"Không có phiên bản mới nào của {name} đang dựng.",
                               f"No new version of {name} is being built: start one first.")
            if not build.runner.caught_up.is_set():
                raise BlueGreenRefused("OPS-BLUE-GREEN", f"Phiên bản mới của {name} chưa theo kịp.",
                                       f"The new version of {name} has not caught up yet.", **await self.status(name))
            supervisor, live = self._rt.supervisor, await self.live_schema()
            await supervisor.stop(f"projection:{name}")
            await supervisor.stop(build.task)
            switched, count, version = False, 0, 0
            try:
                ends = await end_offsets(self._rt.settings.kafka_access(), list(live_runner.topics))
                await live_runner.run_until(ends)
                await build.runner.run_until(ends)
                async with self._rt.pool.acquire() as conn:
                    comparison = await blue_green.compare(conn, live, tables)
                    count = blue_green.differences(comparison)
                    if count == 0 or force:
                        now = self._clock().now()
                        version = await blue_green.switch(conn, live, name, tables, comparison, count > 0, now)
                        switched = True
                        after = getattr(live_runner.projection, "after_switch", None)
                        if after is not None:  # before the live runner goes on: its state from the new tables
                            await after(conn)
            finally:
                self._rt.spawn(f"projection:{name}", live_runner.run)
                if not switched:
                    self._rt.spawn(build.task, build.runner.run)
                else:  # switched even if after_switch failed (that failure is raised): the build is over
                    del self._builds[name]
                    await build.pool.close()
            if not switched:
                raise BlueGreenRefused(
                    "OPS-BLUE-GREEN", f"Hai phiên bản của {name} khác nhau ở {count} dòng: không chuyển.",
                    f"The two versions of {name} differ in {count} rows: not switched (force it to switch anyway).",
                    differences=count, comparison=comparison, compared_at_offsets=sum(ends.values()))
            return {"projection": name, "switched": True, "version": version, "differences": count,
                    "forced": count > 0, "compared_at_offsets": sum(ends.values()), "comparison": comparison}

    async def drop_old(self, name: str) -> dict[str, Any]:
        tables = blue_green.tables_of(self._live_runner(name).projection)
        async with self._lock, self._rt.pool.acquire() as conn:
            dropped = await blue_green.drop_old(conn, await self.live_schema(), name, tables)
        return {"projection": name, "dropped": dropped}

    async def close(self) -> None:
        for build in self._builds.values():
            await self._rt.supervisor.stop(build.task)
            await build.pool.close()
        self._builds.clear()
