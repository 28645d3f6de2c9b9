"""Settings for bench/run.py: the project's own settings plus the treebeard peer model."""

from gonghui.settings import *  # noqa: F403
from gonghui.settings import INSTALLED_APPS

DEBUG = False  # no query log: it would slow every query we time
INSTALLED_APPS = [*INSTALLED_APPS, "treebeard_peer"]
