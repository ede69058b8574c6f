"""The committed JSON Schemas are exactly what the contract models publish."""
from thidua_deploy.schemas import SCHEMAS, published, render


def test_every_published_schema_is_committed_and_current():
    expected = published()
    committed = {p.stem: p.read_text(encoding="utf-8") for p in SCHEMAS.glob("*.json")}
    assert sorted(committed) == sorted(expected), "run: python -m thidua_deploy.schemas"
    stale = [name for name, schema in expected.items() if committed[name] != render(schema)]
    assert stale == [], f"stale schemas {stale}: run python -m thidua_deploy.schemas"
