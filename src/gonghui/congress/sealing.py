"""Sealing secret ballots while a vote is open: the keys, the padding and the urn.

While an electronic vote is open nothing in the database says what a ballot says, nor
which ballot is whose — not to the application's users and not to anyone holding a copy
of the database and its audit trail. So (following OpenSlides' crypto votes):

* At the opening the vote gets its own key pair (Curve25519, PyNaCl). The public key is
  stored in the item's :class:`~gonghui.congress.models_sealed.SealedUrn`; the private key
  only encrypted (``SecretBox``) under a key derived from the server's ``SECRET_KEY`` and
  the urn's identity (BLAKE2b), and — if the 总监票人 sets one — under a PIN as well
  (Argon2id). ``SECRET_KEY`` is never in the database or its backups.
* A cast seals the whole sheet (``SealedBox``: anonymous, an ephemeral key per ballot) after
  padding it to the vote's fixed size, and puts it in the urn — one row per vote, of a
  length fixed at the opening, whose filled slots are kept sorted by their random-looking
  bytes. There is no row per ballot, so there is no row order (rowid, ctid, key, xmin) that
  could follow the order of casting; on SQLite the row is overwritten in place (same
  length), so no older copy of it is left in the file's free pages.
* At the close the private key is recovered (``SECRET_KEY``, or one of
  ``SECRET_KEY_FALLBACKS``; and the PIN) and every ballot opened; the caller writes them as
  plain ballot rows in random order and deletes the urn.

This module knows nothing of the kinds of vote: ``congress/ballots.py`` gives it bytes.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import struct
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from nacl import pwhash
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.secret import SecretBox
from nacl.utils import random as random_bytes

from .models_sealed import SealedUrn

SEAL = 48  # what SealedBox adds: the ephemeral public key (32) and the MAC (16)
LENGTH = struct.Struct(">I")  # the plaintext's own length, before the padding
PERSON = b"gonghui-urn-v1"  # BLAKE2b personalisation: this key is for nothing else
PIN_MIN = 6


class KeyChanged(Exception):
    """No SECRET_KEY in use (nor a fallback) opens the urn's private key."""


class PinNeeded(Exception):
    """The urn was sealed with a PIN and none (``given`` False) or a wrong one was given."""

    def __init__(self, given: bool) -> None:
        super().__init__(given)
        self.given = given


# --- the keys ---------------------------------------------------------------------------


def _wrapping_key(secret: str, urn: SealedUrn) -> bytes:
    """The key that encrypts the urn's private key: BLAKE2b keyed with SECRET_KEY over the
    urn's identity, so every vote's key is different and none is SECRET_KEY itself."""
    identity = f"{urn.kind}:{urn.item_id}:{urn.pk}".encode()
    key = hashlib.sha512(secret.encode()).digest()  # BLAKE2b takes a key of at most 64 bytes
    return hashlib.blake2b(identity, key=key, person=PERSON, digest_size=32).digest()


def _pin_key(pin: str, salt: bytes) -> bytes:
    return pwhash.argon2id.kdf(
        SecretBox.KEY_SIZE,
        pin.encode(),
        salt,
        opslimit=pwhash.argon2id.OPSLIMIT_INTERACTIVE,
        memlimit=pwhash.argon2id.MEMLIMIT_INTERACTIVE,
    )


def make(*, kind: str, item_id: int, slots: int, size: int, pin: str = "") -> SealedUrn:
    """A new urn for an item that opens now: a fresh key pair, ``slots`` empty slots of
    ``size`` bytes of plaintext each."""
    private = PrivateKey.generate()
    urn = SealedUrn(
        kind=kind,
        item_id=item_id,
        public_key=bytes(private.public_key),
        size=size,
        slots=bytes(slots * (size + SEAL)),
    )
    secret = bytes(private)
    if pin:
        urn.pin_salt = random_bytes(pwhash.argon2id.SALTBYTES)
        secret = bytes(SecretBox(_pin_key(pin, urn.pin_salt)).encrypt(secret))
    urn.private_key = bytes(SecretBox(_wrapping_key(settings.SECRET_KEY, urn)).encrypt(secret))
    urn.save(force_insert=True)
    return urn


def find(kind: str, item_id: int) -> SealedUrn | None:
    return SealedUrn.objects.filter(kind=kind, item_id=item_id).first()


def private_key(urn: SealedUrn, pin: str = "") -> PrivateKey:
    """The urn's private key, or :class:`KeyChanged` / :class:`PinNeeded`."""
    sealed = bytes(urn.private_key)
    for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        try:
            inner = SecretBox(_wrapping_key(secret, urn)).decrypt(sealed)
            break
        except CryptoError:
            continue
    else:
        raise KeyChanged
    salt = bytes(urn.pin_salt)
    if salt:
        if not pin:
            raise PinNeeded(given=False)
        try:
            inner = SecretBox(_pin_key(pin, salt)).decrypt(inner)
        except CryptoError:
            raise PinNeeded(given=True) from None
    return PrivateKey(inner)


# --- the slots --------------------------------------------------------------------------


def _slots(urn: SealedUrn) -> tuple[list[bytes], bytes]:
    width = urn.size + SEAL
    blob = bytes(urn.slots)
    return [blob[i : i + width] for i in range(0, len(blob), width)], bytes(width)


def drop(urn: SealedUrn, plaintext: bytes) -> None:
    """Seal ``plaintext`` (padded already: exactly ``urn.size`` bytes) into the urn and
    write the urn back, the same length as before. The filled slots stay sorted by their
    bytes, which begin with the ballot's random ephemeral key: where a ballot lands says
    nothing of when it was cast."""
    if len(plaintext) != urn.size:
        raise ValueError("a ballot must be padded to its urn's size")
    sealed = SealedBox(PublicKey(bytes(urn.public_key))).encrypt(plaintext)
    slots, empty = _slots(urn)
    filled = [s for s in slots if s != empty]
    if len(filled) == len(slots):
        raise RuntimeError(f"the urn of {urn.kind} {urn.item_id} is full")
    bisect.insort(filled, bytes(sealed))
    urn.slots = b"".join(filled) + empty * (len(slots) - len(filled))
    urn.save(update_fields=["slots"])


def sealed(urn: SealedUrn) -> list[bytes]:
    """The sealed ballots in the urn, in their (byte) order."""
    slots, empty = _slots(urn)
    return [s for s in slots if s != empty]


def unseal(urn: SealedUrn, pin: str = "") -> list[bytes]:
    """Every ballot of the urn opened (padded plaintexts), or KeyChanged / PinNeeded before
    anything is opened."""
    box = SealedBox(private_key(urn, pin))
    return [box.decrypt(s) for s in sealed(urn)]


# --- the padding ------------------------------------------------------------------------


def budget(field: models.Field) -> int:
    """The most bytes one value of ``field`` takes in a ballot's JSON."""
    if field.choices:
        most = max(len(json.dumps(v, ensure_ascii=False).encode()) for v, _ in field.flatchoices)
    elif isinstance(field, models.BooleanField):
        most = len("false")
    elif isinstance(field, models.IntegerField) or (
        field.is_relation and isinstance(field.target_field, models.IntegerField)
    ):
        most = len(str(-(2**63)))
    elif isinstance(field, models.CharField) and field.max_length:
        most = 2 + 6 * field.max_length  # every character escaped as \\u and four hex digits
    else:
        raise ImproperlyConfigured(f"{field} cannot be put on a sealed ballot")
    return max(most, len("null")) if field.null else most


def row_budget(fields: Iterable[models.Field]) -> int:
    """The most bytes a JSON array of one value of each of ``fields`` takes."""
    sizes = [budget(f) for f in fields]
    return 2 + sum(sizes) + len(sizes)


def pad(fields: list, lines: list[list], size: int) -> bytes:
    """One ballot as ``size`` bytes: its length, the JSON ``[fields, lines]``, zeros."""
    data = json.dumps([fields, lines], ensure_ascii=False, separators=(",", ":")).encode()
    if LENGTH.size + len(data) > size:
        raise RuntimeError("a ballot larger than its vote allows (see BallotBox.most_lines)")
    return (LENGTH.pack(len(data)) + data).ljust(size, b"\0")


def unpad(plaintext: bytes) -> tuple[list, list[list]]:
    (n,) = LENGTH.unpack_from(plaintext)
    fields, lines = json.loads(plaintext[LENGTH.size : LENGTH.size + n])
    return fields, lines
