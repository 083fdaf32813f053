"""The journal file's clear-text part and key slots, formats 1 and 2 (see docs/FORMAT.md).

Layout::

    magic "RFLCTJNL" | major u16 | minor u16 | header length u32 | header (canonical JSON)
    | SHA-256 of everything before it | the body

Format 1's body is the AES-256-GCM ciphertext of the whole payload (tag at the end); format
2's body is the payload split into sealed segments and a sealed directory
(reflect.vault.segments), so one entry can be read without decrypting the others. reflect
reads both and writes format 2.

The checksum lets a damaged header be told apart from a wrong passphrase; the whole prefix,
header and checksum are the associated data of the payload (format 1) or the directory
(format 2), so any change to them also fails authentication. Key slots wrap one random data
key; each save derives a fresh key from it with HKDF and a random salt, and uses a fresh
random nonce.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import struct
from dataclasses import dataclass, replace
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from reflect.errors import JournalDamaged, WrongPassphrase
from reflect.i18n import t
from reflect.vault.kdf import KdfParams

MAGIC = b"RFLCTJNL"
FORMAT_MAJOR = 2  # the format reflect writes; 1 is still read
SEGMENTED_MAJOR = 2
FORMAT_MINOR = 0
_PREFIX = struct.Struct(">8sHHI")
# Format 2: after the checksum, where the directory starts (it runs to the end of the file).
_DIRECTORY_AT = struct.Struct(">Q")
_CHECKSUM_LENGTH = 32
_MAX_HEADER_LENGTH = 64 * 1024
_NONCE_LENGTH = 12
_TAG_LENGTH = 16
DATA_KEY_LENGTH = 32

SLOT_PASSPHRASE = "passphrase"
SLOT_RECOVERY = "recovery"
SLOT_KINDS = (SLOT_PASSPHRASE, SLOT_RECOVERY)


def _damaged(reason_key: str) -> JournalDamaged:
    """The one "damaged: find a backup" message, naming the check that failed (a clue for a
    bug report). Translated when raised, so it follows the current language."""
    return JournalDamaged(t("vault.damaged", reason=t(reason_key)))


@dataclass(frozen=True)
class KeySlot:
    """The data key, wrapped with a key derived from a passphrase or a recovery code."""

    kind: str
    kdf: KdfParams
    nonce: bytes
    wrapped_key: bytes

    @classmethod
    def wrap(cls, kind: str, secret: str, data_key: bytes, kdf: KdfParams) -> KeySlot:
        kek = kdf.derive(secret)
        nonce = os.urandom(_NONCE_LENGTH)
        wrapped = AESGCM(kek).encrypt(nonce, data_key, _slot_aad(kind))
        return cls(kind, kdf, nonce, wrapped)

    def unwrap(self, secret: str) -> bytes | None:
        """The data key, or None when ``secret`` is not the one this slot was made with."""
        kek = self.kdf.derive(secret)
        try:
            return AESGCM(kek).decrypt(self.nonce, self.wrapped_key, _slot_aad(self.kind))
        except InvalidTag:
            return None


def _slot_aad(kind: str) -> bytes:
    return b"reflect/slot/" + kind.encode("ascii")


@dataclass(frozen=True)
class Header:
    """Everything stored in the clear: no titles, no dates of entries, no counts."""

    slots: tuple[KeySlot, ...]
    generation: int  # raised by one on every save
    payload_salt: bytes = b""
    payload_nonce: bytes = b""
    minor: int = FORMAT_MINOR

    def slots_of(self, kind: str) -> list[KeySlot]:
        return [slot for slot in self.slots if slot.kind == kind]

    def with_slot(self, slot: KeySlot) -> Header:
        """Replace every slot of the same kind with ``slot``."""
        kept = tuple(s for s in self.slots if s.kind != slot.kind)
        return replace(self, slots=(*kept, slot))


@dataclass(frozen=True)
class ParsedFile:
    header: Header
    authenticated: bytes  # prefix + header + checksum: associated data of payload/directory
    # Format 1: the payload's ciphertext, a view into the file's bytes (a 20 MB journal, not
    # copied). Format 2: the sealed directory.
    ciphertext: bytes | memoryview
    major: int = 1
    # Format 2, parsed from the whole file: the file's bytes, to read segments from.
    whole: memoryview | None = None
    # Format 2: where its first segment starts and where its directory starts (the
    # directory's own table of parts must fill exactly the bytes between).
    body_start: int = 0
    directory_at: int = 0

    @property
    def segmented(self) -> bool:
        return self.major >= SEGMENTED_MAJOR


def unlock_data_key(header: Header, secret: str, kind: str) -> bytes:
    """Try each slot of ``kind``; raise WrongPassphrase when none opens."""
    for slot in header.slots_of(kind):
        key = slot.unwrap(secret)
        if key is not None:
            return key
    if kind == SLOT_RECOVERY:
        raise WrongPassphrase(t("vault.wrong_recovery_code"))
    raise WrongPassphrase(t("vault.wrong_passphrase"))


def next_header(header: Header) -> Header:
    """The header of the next save: one generation on, a fresh salt and nonce."""
    return replace(
        header,
        generation=header.generation + 1,
        payload_salt=os.urandom(32),
        payload_nonce=os.urandom(_NONCE_LENGTH),
        minor=FORMAT_MINOR,
    )


def open_payload(parsed: ParsedFile, data_key: bytes) -> bytes:
    """Decrypt a format 1 payload; any change to the file fails here as 'damaged'."""
    if parsed.segmented:
        raise ValueError("a format 2 file has no single payload (reflect.vault.files)")
    key = _payload_key(data_key, parsed.header.payload_salt)
    try:
        return AESGCM(key).decrypt(
            parsed.header.payload_nonce, parsed.ciphertext, parsed.authenticated
        )
    except InvalidTag:
        raise _damaged("vault.damaged.authentication") from None


def _payload_key(data_key: bytes, salt: bytes) -> bytes:
    return derive_key(data_key, salt, b"reflect/payload/v1")


def derive_key(data_key: bytes, salt: bytes, info: bytes) -> bytes:
    """A key for one sealed part of a file, from the data key (HKDF-SHA256)."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(data_key)


PREFIX_LENGTH = _PREFIX.size


def head_length(prefix: bytes) -> int | None:
    """From the first :data:`PREFIX_LENGTH` bytes, how many bytes the clear-text part takes
    (with format 2's directory offset); None when they cannot begin a journal file."""
    if len(prefix) < _PREFIX.size:
        return None
    magic, major, _, header_length = _PREFIX.unpack_from(prefix)
    if magic != MAGIC or header_length > _MAX_HEADER_LENGTH:
        return None
    extra = _DIRECTORY_AT.size if major >= SEGMENTED_MAJOR else 0
    return int(_PREFIX.size + header_length + _CHECKSUM_LENGTH + extra)


def parse(blob: bytes) -> ParsedFile:
    """Split a whole file into header and body, checking everything that can be checked
    without a key. Every failure is JournalDamaged, never a wrong-passphrase message."""
    parsed, body_start = parse_clear(blob)
    view = memoryview(blob)
    if not parsed.segmented:
        if len(blob) < body_start + _TAG_LENGTH:
            raise _damaged("vault.damaged.truncated")
        return replace(parsed, ciphertext=view[body_start:])
    start = directory_start(blob, len(blob))
    return replace(
        parsed, ciphertext=view[start:], whole=view, body_start=body_start, directory_at=start
    )


def parse_clear(blob: bytes) -> tuple[ParsedFile, int]:
    """The clear-text part at the start of ``blob`` (the rest may be missing: a caller that
    wants only the header reads only that far), and where the body starts."""
    if len(blob) < _PREFIX.size:
        raise _damaged("vault.damaged.truncated")
    magic, major, minor, header_length = _PREFIX.unpack_from(blob)
    if magic != MAGIC:
        raise JournalDamaged(t("vault.not_a_journal"))
    if major > FORMAT_MAJOR:
        raise JournalDamaged(t("vault.newer_format", major=major, minor=minor))
    if major < 1 or header_length > _MAX_HEADER_LENGTH:
        raise _damaged("vault.damaged.header")
    header_end = _PREFIX.size + header_length
    checksum_end = header_end + _CHECKSUM_LENGTH
    body_start = checksum_end + (_DIRECTORY_AT.size if major >= SEGMENTED_MAJOR else 0)
    if len(blob) < body_start:
        raise _damaged("vault.damaged.truncated")
    expected = hashlib.sha256(blob[:header_end]).digest()
    if blob[header_end:checksum_end] != expected:
        raise _damaged("vault.damaged.checksum")
    try:
        header = _decode_header(blob[_PREFIX.size : header_end], minor)
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise _damaged("vault.damaged.header") from None
    return ParsedFile(header, blob[:checksum_end], b"", major=major), body_start


def directory_start(head: bytes, file_size: int) -> int:
    """Where a format 2 file's directory starts, read from its clear-text part and checked
    against the file's size (the directory runs to the end of the file)."""
    at = _PREFIX.size + _PREFIX.unpack_from(head)[3] + _CHECKSUM_LENGTH
    (start,) = _DIRECTORY_AT.unpack_from(head, at)
    if not at + _DIRECTORY_AT.size <= start <= file_size - _TAG_LENGTH:
        raise _damaged("vault.damaged.truncated")
    return int(start)


def directory_offset_bytes(start: int) -> bytes:
    """Format 2's field after the checksum: where the directory starts."""
    return _DIRECTORY_AT.pack(start)


def encode_authenticated(header: Header, major: int = FORMAT_MAJOR) -> bytes:
    """Prefix, header and checksum of a file in format ``major``."""
    body = json.dumps(_header_to_json(header), sort_keys=True, separators=(",", ":")).encode()
    prefix = _PREFIX.pack(MAGIC, major, header.minor, len(body)) + body
    return prefix + hashlib.sha256(prefix).digest()


_encode_authenticated = encode_authenticated


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(value: Any) -> bytes:
    if not isinstance(value, str):
        raise TypeError("expected base64 text")
    return base64.b64decode(value, validate=True)


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("expected an integer")
    return value


def _header_to_json(header: Header) -> dict[str, Any]:
    return {
        "generation": header.generation,
        "payload": {
            "cipher": "AES-256-GCM",
            "kdf": "HKDF-SHA256",
            "salt": _b64(header.payload_salt),
            "nonce": _b64(header.payload_nonce),
        },
        "slots": [
            {
                "kind": slot.kind,
                "kdf": {
                    "name": "argon2id",
                    "salt": _b64(slot.kdf.salt),
                    "memory_kib": slot.kdf.memory_kib,
                    "iterations": slot.kdf.iterations,
                    "lanes": slot.kdf.lanes,
                },
                "nonce": _b64(slot.nonce),
                "wrapped_key": _b64(slot.wrapped_key),
            }
            for slot in header.slots
        ],
    }


def _decode_header(raw: bytes, minor: int) -> Header:
    data = json.loads(raw.decode("utf-8"))
    payload = data["payload"]
    if payload["cipher"] != "AES-256-GCM" or payload["kdf"] != "HKDF-SHA256":
        raise ValueError("unknown cipher")
    slots = []
    for item in data["slots"]:
        kdf = item["kdf"]
        if kdf["name"] != "argon2id" or item["kind"] not in SLOT_KINDS:
            raise ValueError("unknown slot")
        params = KdfParams(
            salt=_unb64(kdf["salt"]),
            memory_kib=_int(kdf["memory_kib"]),
            iterations=_int(kdf["iterations"]),
            lanes=_int(kdf["lanes"]),
        )
        params.check_bounds()
        slots.append(
            KeySlot(item["kind"], params, _unb64(item["nonce"]), _unb64(item["wrapped_key"]))
        )
    if not any(slot.kind == SLOT_PASSPHRASE for slot in slots):
        raise ValueError("no passphrase slot")
    # reflect writes one slot of each kind (a new one replaces the old): more is a crafted
    # header, whose every extra slot would cost a full Argon2id run per unlock attempt.
    kinds = [slot.kind for slot in slots]
    if len(kinds) != len(set(kinds)):
        raise ValueError("more than one slot of a kind")
    return Header(
        slots=tuple(slots),
        generation=_int(data["generation"]),
        payload_salt=_unb64(payload["salt"]),
        payload_nonce=_unb64(payload["nonce"]),
        minor=minor,
    )
