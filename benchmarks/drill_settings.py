"""Rallying's production settings, with the collected static files in the drill's temporary folder.

The drill runs `collectstatic` as `make serve` does, but must not write into the shared working
tree's staticfiles/; everything else is rallying/settings.py unchanged.
"""

import os

from rallying.settings import *  # noqa: F403

STATIC_ROOT = os.environ["DRILL_STATIC_ROOT"]
