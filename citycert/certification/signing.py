"""Signing certificate PDFs with Ed25519, and telling a genuine PDF from an altered one.

A signed PDF is the PDF as WeasyPrint wrote it, followed by one comment line after its end:

    %citycert-signature:v1:<certificate number>:<base64 signature>

The signature covers "citycert-certificate:v1:<number>:" followed by every byte of the PDF before that
line, so changing any byte of the document, or putting another number on it, breaks it. PDF readers
ignore what follows %%EOF, so the signed file opens like any other.

The private key is a PEM file outside the database (settings.SIGNING_KEY_FILE), made on first need and
readable only by its owner; its public part is published at /certificates/signing-key.pem.
"""

from __future__ import annotations

import base64
import os
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.utils.translation import gettext_noop

MARK = b"%citycert-signature:v1:"
TRAILER = re.compile(rb"\n%citycert-signature:v1:([A-Z0-9-]{1,40}):([A-Za-z0-9+/=]{40,120})\n?$")


def _message(number: str, document: bytes) -> bytes:
    return b"citycert-certificate:v1:" + number.encode("ascii") + b":" + document


def private_key(path: Path | None = None) -> Ed25519PrivateKey:
    """The signing key, made (0600, in a 0700 folder) the first time it is needed."""
    path = Path(path or settings.SIGNING_KEY_FILE)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.parent.chmod(0o700)
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        # Written under a temporary name and moved, so a half-written key never exists.
        temporary = path.with_suffix(".tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(pem)
        temporary.replace(path)
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(loaded, Ed25519PrivateKey):
        raise ValueError(f"{path}: not an Ed25519 private key")
    return loaded


def public_key_pem() -> bytes:
    return (
        private_key()
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )


def sign(number: str, document: bytes) -> bytes:
    """The document with its signature line appended."""
    signature = private_key().sign(_message(number, document))
    body = document if document.endswith(b"\n") else document + b"\n"
    return body + MARK + number.encode("ascii") + b":" + base64.b64encode(signature) + b"\n"


@dataclass(frozen=True)
class Checked:
    """What a signature check found: `number` is set only when the signature holds."""

    genuine: bool
    number: str | None
    problem: str = ""


def check(signed: bytes, public_key: Ed25519PublicKey | None = None) -> Checked:
    """Whether `signed` is a PDF exactly as citycert signed it, and for which certificate."""
    found = TRAILER.search(signed[-300:])
    if found is None:
        return Checked(False, None, gettext_noop("no citycert signature at the end of the file"))
    start = len(signed) - 300 + found.start() if len(signed) > 300 else found.start()
    document = signed[: start + 1]  # the newline before the signature line belongs to the document
    number = found.group(1).decode("ascii")
    try:
        signature = base64.b64decode(found.group(2), validate=True)
        (public_key or private_key().public_key()).verify(signature, _message(number, document))
    except (InvalidSignature, ValueError):
        return Checked(False, None, gettext_noop("the signature does not match the content: the file was altered"))
    return Checked(True, number)
