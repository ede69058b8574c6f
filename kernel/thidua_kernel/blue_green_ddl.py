"""The DDL side of a blue/green rebuild (blue_green.py's readings): the new version's indexes
named as the live ones, and moving a version's table between schemas, by ALTER when the
service's role owns it, else by copying its rows (a kernel table under provision-db)."""
import asyncpg

# What makes two indexes of two tables with the same columns the same index, whatever their name.
INDEXES = """
SELECT i.relname AS name, concat_ws('|', x.indkey::text, x.indclass::text, x.indcollation::text,
    x.indoption::text, x.indisunique, x.indisprimary, i.relam,
    coalesce(pg_get_expr(x.indexprs, x.indrelid), ''), coalesce(pg_get_expr(x.indpred, x.indrelid), '')) AS shape
FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
WHERE x.indrelid = $1::regclass ORDER BY i.relname
"""


def q(schema: str, table: str) -> str:
    return f'"{schema}"."{table}"'


async def same_names(conn: asyncpg.Connection, live: str, next_: str, tables: tuple[str, ...]) -> None:
    """Rename the indexes of the `next_` copies to their live twins' names (in two steps, so a
    generated name equal to another's wanted name never collides). Idempotent."""
    wanted: list[tuple[str, str]] = []  # (the copy's index name now, the live twin's name)
    for table in tables:
        copies = [(r["name"], r["shape"]) for r in await conn.fetch(INDEXES, q(next_, table))]
        for row in await conn.fetch(INDEXES, q(live, table)):
            twin = next((c for c in copies if c[1] == row["shape"]), None)
            if twin is None:  # the live index came after the copy was made: the build makes its own
                continue
            copies.remove(twin)
            if twin[0] != row["name"]:
                wanted.append((twin[0], row["name"]))
    for n, (now, _) in enumerate(wanted):
        await conn.execute(f'ALTER INDEX {q(next_, now)} RENAME TO "blue_green_renaming_{n}"')
    for n, (_, name) in enumerate(wanted):
        await conn.execute(f'ALTER INDEX {q(next_, f"blue_green_renaming_{n}")} RENAME TO "{name}"')


async def owned(conn: asyncpg.Connection, schema: str, table: str) -> bool:
    """Whether the connection's role may ALTER the table (owns it, or holds its owner's rights)."""
    return bool(await conn.fetchval(
        "SELECT pg_has_role(c.relowner, 'USAGE') FROM pg_class c WHERE c.oid = $1::regclass", q(schema, table)))


async def swap(conn: asyncpg.Connection, live: str, next_: str, old: str, table: str) -> None:
    """Inside the switch's transaction: the live table to `old`, the `next_` one live."""
    if await owned(conn, live, table):
        await conn.execute(f'ALTER TABLE {q(live, table)} SET SCHEMA "{old}"')
        await conn.execute(f'ALTER TABLE {q(next_, table)} SET SCHEMA "{live}"')
        return
    await conn.execute(f"CREATE TABLE {q(old, table)} (LIKE {q(live, table)} INCLUDING ALL)")
    await same_names(conn, live, old, (table,))
    await conn.execute(f"INSERT INTO {q(old, table)} SELECT * FROM {q(live, table)}")
    await conn.execute(f"DELETE FROM {q(live, table)}")  # the role may DELETE, not TRUNCATE (pg_roles.py)
    await conn.execute(f"INSERT INTO {q(live, table)} SELECT * FROM {q(next_, table)}")
    await conn.execute(f"DROP TABLE {q(next_, table)}")
