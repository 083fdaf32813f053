"""Looking inside journal files in tests: their plaintext, and old-format files."""

from __future__ import annotations

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from reflect.vault import format as fmt
from reflect.vault.files import open_tables
from reflect.vault.payload import encode_tables


def plaintext_of(parsed: fmt.ParsedFile, data_key: bytes) -> bytes:
    """Everything a file holds, decrypted, as one JSON text (format 1: its payload as
    stored; format 2: its directory's tables and every segment, merged)."""
    return encode_tables(open_tables(parsed, data_key))


def seal_format_1(header: fmt.Header, data_key: bytes, plaintext: bytes) -> bytes:
    """A whole format 1 file, as reflect wrote them before format 2: one payload."""
    sealed = fmt.next_header(header)
    authenticated = fmt.encode_authenticated(sealed, 1)
    key = fmt.derive_key(data_key, sealed.payload_salt, b"reflect/payload/v1")
    return authenticated + AESGCM(key).encrypt(sealed.payload_nonce, plaintext, authenticated)


