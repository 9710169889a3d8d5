"""Production settings with the LRS benchmark's floor endpoint added.

`benchmarks/lrs.py` runs gunicorn with these settings, so that the same
server answers `/xapi/about`, the LRS and the floor in one run. Nothing else
uses them.
"""

from techcampus.settings.production import *  # noqa: F403

ROOT_URLCONF = "benchmarks.floor_urls"
