"""Issue 7, hostile input at scale: schemathesis against every service's OpenAPI, in process.

Each service runs in this process (ASGI, the `edge` a server runs: input guard, command fast
path, app) on the session's Kafka and PostgreSQL, its runtime started by schemathesis's lifespan
support. Every operation gets a few generated requests, valid and invalid by its schema
(bounded: MAX_EXAMPLES each, no shrinking), sent with the province board's token, and each answer must be no
5xx, a documented status with the documented content type, a body of the documented schema
(refusals: `{"error": {rule, ...}}`), and a request invalid by the schema refused.
"""
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.python.asgi import shutdown_lifespans
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from thidua_deploy.in_process import new_stack_id, provisioned_kafka, provisioned_urls, service_app

TOKENS = Path(__file__).resolve().parent / "tokens.test.json"
AUTH = {"Authorization": "Bearer demo-province-board"}
MAX_EXAMPLES = 6
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          negative_data_rejection]


@pytest.mark.parametrize("service", ["registry", "progress", "awards", "reporting"])
def test_no_input_gives_a_server_error_or_an_undocumented_answer(service, kafka_admin, database_url,
                                                                 pg_role_passwords):
    # schemathesis's own pytest plugin (from_fixture) does not run under this pytest: each
    # operation's strategy is driven by hypothesis here instead, the same checks applied.
    stack_id = new_stack_id()
    url = provisioned_urls(database_url, pg_role_passwords, stack_id)[service]
    kafka = provisioned_kafka(kafka_admin, stack_id)[service]
    _, asgi = service_app(service, kafka, url, TOKENS, stack_id)
    try:
        schema = schemathesis.openapi.from_asgi("/openapi.json", asgi)
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 5
        failures = []
        for operation in operations:
            try:
                exercise(operation)
            except Exception as failure:  # noqa: BLE001  (every operation's failures, then one assert)
                failures.append(f"{operation.label}: {failure}"[:2000])
        assert not failures, "\n\n".join(failures)
    finally:
        shutdown_lifespans()


def exercise(operation) -> None:
    @given(case=st.one_of(operation.as_strategy(mode) for mode in GenerationMode))
    @settings(max_examples=MAX_EXAMPLES, deadline=None, phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck), derandomize=True, database=None)
    def answers_as_documented(case) -> None:
        case.call_and_validate(headers=AUTH, checks=CHECKS)

    answers_as_documented()
