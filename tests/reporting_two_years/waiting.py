import asyncio


async def wait_until(predicate, deadline_s: float = 60) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + deadline_s
    while not await predicate():
        assert loop.time() < end, f"condition not met within {deadline_s}s"
        await asyncio.sleep(0.1)
