"""The peer: the same union tree kept by django-treebeard's materialised path (MP_Node)."""

from django.db import models
from treebeard.mp_tree import MP_Node


class PeerUnion(MP_Node):
    # Same ids as orgs.Union, so the peer's answers can be checked against ours.
    id = models.BigIntegerField(primary_key=True)
    name = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.name
