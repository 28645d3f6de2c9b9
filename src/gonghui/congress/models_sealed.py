"""The sealed urn (密封票箱): where an electronic secret vote keeps its ballots while it is
open. How it is filled and opened is ``congress/sealing.py``; why it looks like this is in
docs/congress-votes.md ("Sealed while open").

One row per open electronic item, written when the vote opens, rewritten whole by every
cast, deleted when the vote closes (its ballots then become the kind's plain, shuffled
ballot rows). Nothing here names a voter or keeps a time, and there is no row per ballot
whose position could follow the order of casting.
"""

from __future__ import annotations

import uuid

from django.db import models


class SealedUrn(models.Model):
    """The ballots of one open electronic vote, each sealed to the vote's own public key.

    ``slots`` has a fixed length from the opening (one slot per seated voting
    representative, each ``size`` bytes of padded ballot plus the seal), so neither its
    length nor the place of a cell in the database file changes while ballots arrive; the
    filled slots are kept sorted by their (random-looking) bytes, the rest are zero. The
    private key is stored only encrypted with a key derived from the server's SECRET_KEY
    (and, if the 总监票人 set one at the opening, a PIN), so a copy of the database alone
    cannot open a ballot."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField("表决种类", max_length=20)  # the ballot box's name: poll, …
    item_id = models.PositiveBigIntegerField("事项")
    public_key = models.BinaryField("公钥", max_length=32)
    private_key = models.BinaryField("加密的私钥")
    pin_salt = models.BinaryField("监票口令盐", blank=True, default=b"")
    size = models.PositiveIntegerField("每张选票字节数")
    slots = models.BinaryField("密封选票")

    class Meta:
        verbose_name = "密封票箱"
        verbose_name_plural = "密封票箱"
        constraints = [models.UniqueConstraint(fields=["kind", "item_id"], name="one_urn_per_item")]

    def __str__(self) -> str:
        return f"{self.kind} {self.item_id} 密封票箱"
