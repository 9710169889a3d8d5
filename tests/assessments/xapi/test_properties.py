"""Property-based tests: random and broken statements never cause a 500."""

import copy
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.xapi.models import Statement

from .conftest import make_statement

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**40), max_value=2**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
statement_keys = st.sampled_from(
    [
        "id",
        "actor",
        "verb",
        "object",
        "result",
        "context",
        "timestamp",
        "version",
        "attachments",
        "authority",
        "stored",
        "objectType",
    ]
)
HYPOTHESIS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@st.composite
def mutated_statements(draw) -> dict:
    """Draw a valid statement with some properties replaced or removed."""
    statement = copy.deepcopy(make_statement(context={"platform": "VR"}))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        key = draw(statement_keys)
        if draw(st.booleans()) and key in statement:
            del statement[key]
        else:
            statement[key] = draw(json_values)
    return statement


def post_and_count(lrs, body) -> tuple[int, int, int]:
    """POST a body; return the status and the statement count before and after."""
    before = Statement.objects.count()
    response = lrs.post_statements(body)
    return response.status_code, before, Statement.objects.count()


@HYPOTHESIS
@given(body=json_values)
def test_random_json_never_causes_a_server_error(lrs, body):
    """Any JSON body is answered with 200 or 400, never a 500."""
    status, before, after = post_and_count(lrs, body)

    assert status in (200, 400)
    if status == 400:
        assert after == before


@HYPOTHESIS
@given(statement=mutated_statements(), batch_size=st.integers(1, 3))
def test_broken_statements_are_rejected_whole(lrs, statement, batch_size):
    """A batch with a broken statement stores nothing; a valid one stores all."""
    batch = [statement] + [make_statement() for _ in range(batch_size - 1)]

    status, before, after = post_and_count(lrs, batch)

    assert status in (200, 400, 409)
    assert after == (before + batch_size if status == 200 else before)


@HYPOTHESIS
@given(
    params=st.dictionaries(
        st.sampled_from(
            [
                "agent",
                "verb",
                "activity",
                "registration",
                "since",
                "until",
                "limit",
                "format",
                "ascending",
                "related_agents",
                "statementId",
            ]
        ),
        st.text(max_size=30),
        max_size=4,
    )
)
def test_random_query_parameters_never_cause_a_server_error(lrs, params):
    """Any query is answered with 200, 400 or 404, never a 500."""
    response = lrs.get("statements", params)

    assert response.status_code in (200, 400, 404)


@HYPOTHESIS
@given(body=st.binary(max_size=200))
def test_random_bytes_as_multipart_never_cause_a_server_error(lrs, body):
    """Garbage multipart bodies are refused cleanly."""
    before = Statement.objects.count()

    response = lrs.send(
        "POST", "statements", body, content_type="multipart/mixed; boundary=b"
    )

    assert response.status_code == 400
    assert Statement.objects.count() == before
    assert "error" in json.loads(response.content)
