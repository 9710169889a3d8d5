"""The platform's URLs plus `benchmark/floor`, for `benchmarks/lrs.py`.

The floor is the least any LRS on this stack must do for a single POST:
read the body, store it durably with one INSERT of a fresh id and the JSON,
and answer with the id. It checks no credentials, validates nothing, and
writes no index beyond the primary key: its rate is an upper bound for a
single-statement POST through the same server, framework and database.
"""

import json
import uuid

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from techcampus.urls import urlpatterns as platform_urlpatterns

# Created by benchmarks/lrs.py in the benchmark database.
FLOOR_TABLE = "bench_floor"


@csrf_exempt
def floor(request: HttpRequest) -> HttpResponse:
    """Store the request body as one JSON row; answer with its new id."""
    statement_id = str(uuid.uuid4())
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {FLOOR_TABLE} (statement_id, data) VALUES (%s, %s)",
            [statement_id, request.body.decode()],
        )
    return HttpResponse(json.dumps([statement_id]), content_type="application/json")


# Before the site's catch-all page route, after every route of the platform,
# so that the platform's own requests resolve exactly as in production.
urlpatterns = [
    *platform_urlpatterns[:-1],
    path("benchmark/floor", floor),
    platform_urlpatterns[-1],
]
