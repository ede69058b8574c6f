"""Migrations run once each, in order, with a record; a changed applied file stops the start."""
import pytest

from thidua_kernel.db import KERNEL_MIGRATIONS, MigrationChanged, create_pool, migrate


@pytest.fixture
async def fresh_pool(database_url: str, unique: str):
    pool = await create_pool(database_url, f"migr_{unique}", max_size=2)
    try:
        yield pool
    finally:
        await pool.close()


def service_folder(tmp_path, **files: str):
    folder = tmp_path / "svc" / "migrations"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.sql").write_text(text, encoding="utf-8")
    return folder


async def test_each_file_runs_once_in_order_and_is_recorded(fresh_pool, tmp_path):
    folder = service_folder(tmp_path, **{"001_table": "CREATE TABLE t (a int);",
                                         "002_column": "ALTER TABLE t ADD COLUMN b int;"})
    await migrate(fresh_pool, folder)
    await migrate(fresh_pool, folder)  # a second start: 002 (not idempotent) is not run again
    names = await fresh_pool.fetchval("SELECT array_agg(name ORDER BY name) FROM schema_migrations")
    kernel = [f"thidua_kernel/{f.name}" for f in sorted(KERNEL_MIGRATIONS.glob("*.sql"))]
    assert names == sorted([*kernel, "svc/001_table.sql", "svc/002_column.sql"])
    assert await fresh_pool.fetchval("SELECT count(*) FROM information_schema.columns"
                                     " WHERE table_schema = current_schema() AND table_name = 't'") == 2


async def test_a_new_file_runs_at_the_next_start(fresh_pool, tmp_path):
    folder = service_folder(tmp_path, **{"001_table": "CREATE TABLE t (a int);"})
    await migrate(fresh_pool, folder)
    service_folder(tmp_path, **{"002_column": "ALTER TABLE t ADD COLUMN b int;"})
    await migrate(fresh_pool, folder)
    assert await fresh_pool.fetchval("SELECT count(*) FROM schema_migrations WHERE name LIKE 'svc/%'") == 2


async def test_a_changed_applied_file_is_an_error_naming_it(fresh_pool, tmp_path):
    folder = service_folder(tmp_path, **{"001_table": "CREATE TABLE t (a int);"})
    await migrate(fresh_pool, folder)
    service_folder(tmp_path, **{"001_table": "CREATE TABLE t (a bigint);"})
    with pytest.raises(MigrationChanged, match="svc/001_table.sql"):
        await migrate(fresh_pool, folder)


async def test_a_database_migrated_before_the_record_existed_is_recorded_on_its_first_start(fresh_pool):
    async with fresh_pool.acquire() as conn:  # as the former code did: every file, no record
        for sql_file in sorted(KERNEL_MIGRATIONS.glob("*.sql")):
            await conn.execute(sql_file.read_text(encoding="utf-8"))
    await migrate(fresh_pool)
    recorded = await fresh_pool.fetchval("SELECT count(*) FROM schema_migrations")
    assert recorded == len(list(KERNEL_MIGRATIONS.glob("*.sql")))
