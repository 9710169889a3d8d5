"""The platform's URLs plus `benchmark/floor`, for `benchmarks/lrs.py`.

The floor is the least any LRS on this stack must do for a single POST:
read the body, store it durably with one INSERT of a fresh id and the JSON,
and answer with the id. Like the LRS's own INSERT, it is a prepared
statement sent outside a transaction. It checks no credentials, validates
nothing, and writes no index beyond the primary key: its rate is an upper
bound for a single-statement POST through the same server, framework and
database.
"""

import json
import uuid

import psycopg
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from techcampus.urls import urlpatterns as platform_urlpatterns

# Created by benchmarks/lrs.py in the benchmark database.
FLOOR_TABLE = "bench_floor"
INSERT = f"INSERT INTO {FLOOR_TABLE} (statement_id, data) VALUES (%s, %s)"
# psycopg prepares on request only with a threshold set; none reaches this.
NEVER_BY_COUNT = 2**31 - 1


@csrf_exempt
def floor(request: HttpRequest) -> HttpResponse:
    """Store the request body as one JSON row; answer with its new id."""
    statement_id = str(uuid.uuid4())
    connection.ensure_connection()
    if connection.connection.prepare_threshold is None:
        connection.connection.prepare_threshold = NEVER_BY_COUNT
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(INSERT, [statement_id, request.body.decode()], prepare=True)
    return HttpResponse(json.dumps([statement_id]), content_type="application/json")


# Before the site's catch-all page route, after every route of the platform,
# so that the platform's own requests resolve exactly as in production.
if str(platform_urlpatterns[-1].pattern) != "":
    raise RuntimeError("the platform's last route is no longer the page catch-all")
urlpatterns = [
    *platform_urlpatterns[:-1],
    path("benchmark/floor", floor),
    platform_urlpatterns[-1],
]
