"""The certifying body's Ed25519 signing key, and the signatures made with it: on certificate PDFs and on the audit
log's checkpoints (citycert.audit.checkpoints). It belongs to neither app, so that both use it without one importing
the other. What follows describes a certificate's signature; a checkpoint is signed the same way.

A signed PDF is the PDF as WeasyPrint wrote it, followed by one comment line after its end:

    %citycert-signature:v2:<key id>:<certificate number>:<base64 signature>

The signature covers "citycert-certificate:v2:<key id>:<number>:" followed by every byte of the PDF before that
line, so changing any byte of the document, or putting another number or key on it, breaks it. PDF readers
ignore what follows %%EOF, so the signed file opens like any other. The key id (the first 16 hex digits of the
SHA-256 of the raw public key) names the key that signed, so a site that moves to a new key still checks the
certificates signed with the old one, kept among the retired public keys. Version 1 lines (no key id) are still
checked, against every key the site knows.

The private key is a deploy secret: `CITYCERT_SIGNING_KEY_PEM` (the PEM itself) or the PEM file
`CITYCERT_SIGNING_KEY` names, the same on every server. In production it is never made here (`citycert check
--deploy` fails without it; `citycert certificates new-key FILE` makes one); elsewhere a file is made on first need.
Its public part is published at /certificates/signing-key.pem.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_noop

MARK = b"%citycert-signature:v2:"
TRAILER = re.compile(
    rb"\n%citycert-signature:(?:v1|v2:(?P<key>[0-9a-f]{16})):(?P<number>[A-Z0-9-]{1,40}):(?P<signature>[A-Za-z0-9+/=]{40,120})\n?$"
)
TAIL = 320  # the signature line is shorter than this
MISSING = (
    "the certificate signing key is not configured: set CITYCERT_SIGNING_KEY_PEM to the PEM of an Ed25519 private "
    "key, or CITYCERT_SIGNING_KEY to a file holding it, the same on every server (`citycert certificates new-key "
    "FILE` makes one)"
)


def _message(number: str, document: bytes, key: str | None) -> bytes:
    if key is None:  # version 1
        return b"citycert-certificate:v1:" + number.encode("ascii") + b":" + document
    return b"citycert-certificate:v2:" + key.encode("ascii") + b":" + number.encode("ascii") + b":" + document


def key_id(public_key: Ed25519PublicKey) -> str:
    """The name a signature gives its key: 16 hex digits of the SHA-256 of the raw public key."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def write_new_key(path: Path) -> Ed25519PrivateKey:
    """A new key written to `path` (0600, its folder 0700); an existing file there is never replaced."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.parent.chmod(0o700)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    # Written under a temporary name and linked in, so a half-written key never exists and none is overwritten.
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(pem)
            file.flush()
            os.fsync(file.fileno())
        os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return key


def configured_pem() -> bytes | None:
    """The signing key's PEM from the environment or its file; None when neither has one."""
    if settings.SIGNING_KEY_PEM.strip():
        return settings.SIGNING_KEY_PEM.strip().encode("ascii") + b"\n"
    path = Path(settings.SIGNING_KEY_FILE)
    return path.read_bytes() if path.exists() else None


def private_key(path: Path | None = None) -> Ed25519PrivateKey:
    """The key this site signs with. Outside production a missing key file is made (0600, in a 0700 folder) the
    first time it is needed; in production a missing key is an error, never a new key per server."""
    if path is not None:
        where = str(path)
        pem = Path(path).read_bytes() if Path(path).exists() else None
    else:
        from_environment = bool(settings.SIGNING_KEY_PEM.strip())
        where = "CITYCERT_SIGNING_KEY_PEM" if from_environment else str(settings.SIGNING_KEY_FILE)
        pem = configured_pem()
    if pem is None:
        if settings.PRODUCTION:
            raise ImproperlyConfigured(MISSING)
        try:
            return write_new_key(Path(path or settings.SIGNING_KEY_FILE))
        except FileExistsError:  # another process made it first: use theirs
            return private_key(path)
    return load_private_key(pem, where)


def load_private_key(pem: bytes, where: str) -> Ed25519PrivateKey:
    try:
        loaded = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(f"{where}: not a readable PEM private key ({error})") from None
    if not isinstance(loaded, Ed25519PrivateKey):
        raise ImproperlyConfigured(f"{where}: not an Ed25519 private key")
    return loaded


def public_key_pem() -> bytes:
    return (
        private_key()
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )


def retired_public_keys() -> dict[str, Ed25519PublicKey]:
    """The keys this site signed with before, by key id: every PEM file (public, or a private key whose public part
    is taken) in settings.RETIRED_SIGNING_KEYS_DIR. A file that is not an Ed25519 key stops the check loudly."""
    folder = Path(settings.RETIRED_SIGNING_KEYS_DIR)
    keys: dict[str, Ed25519PublicKey] = {}
    for path in sorted(folder.glob("*.pem")) if folder.is_dir() else []:
        pem = path.read_bytes()
        public: object
        if b"PRIVATE KEY" in pem:
            public = load_private_key(pem, str(path)).public_key()
        else:
            try:
                public = serialization.load_pem_public_key(pem)
            except ValueError as error:
                raise ImproperlyConfigured(f"{path}: not a readable PEM public key ({error})") from None
        if not isinstance(public, Ed25519PublicKey):
            raise ImproperlyConfigured(f"{path}: not an Ed25519 public key")
        keys[key_id(public)] = public
    return keys


def known_public_keys() -> dict[str, Ed25519PublicKey]:
    """Every key whose signatures this site accepts, by key id: the retired ones and the current one."""
    current = private_key().public_key()
    return {**retired_public_keys(), key_id(current): current}


def sign(number: str, document: bytes) -> bytes:
    """The document with its signature line appended, naming the key that signed."""
    key = private_key()
    kid = key_id(key.public_key())
    body = document if document.endswith(b"\n") else document + b"\n"
    signature = key.sign(_message(number, body, kid))
    return (
        body + MARK + kid.encode("ascii") + b":" + number.encode("ascii") + b":" + base64.b64encode(signature) + b"\n"
    )


@dataclass(frozen=True)
class Checked:
    """What a signature check found: `number` is set only when the signature holds; `key_id` names the key the
    signature holds with (or, when it names one this site does not know, that one)."""

    genuine: bool
    number: str | None
    problem: str = ""
    key_id: str = ""


def check(signed: bytes, public_key: Ed25519PublicKey | None = None) -> Checked:
    """Whether `signed` is a PDF exactly as citycert signed it, and for which certificate and with which key.
    `public_key` checks against that key alone; by default every key the site knows (current and retired)."""
    found = TRAILER.search(signed[-TAIL:])
    if found is None:
        return Checked(False, None, gettext_noop("no citycert signature at the end of the file"))
    start = len(signed) - TAIL + found.start() if len(signed) > TAIL else found.start()
    document = signed[: start + 1]  # the newline before the signature line belongs to the document
    number = found.group("number").decode("ascii")
    named = found.group("key").decode("ascii") if found.group("key") else None
    keys = {key_id(public_key): public_key} if public_key is not None else known_public_keys()
    if named is not None and named not in keys:
        return Checked(False, None, gettext_noop("it was signed with a key this site does not know"), named)
    try:
        signature = base64.b64decode(found.group("signature"), validate=True)
    except ValueError:
        signature = b""
    candidates = [named] if named is not None else list(keys)
    for kid in candidates:
        try:
            keys[kid].verify(signature, _message(number, document, named))
        except (InvalidSignature, ValueError):
            continue
        return Checked(True, number, key_id=kid)
    return Checked(False, None, gettext_noop("the signature does not match the content: the file was altered"))


if __name__ == "__main__":
    # `python -m citycert.signing`: a new private key's PEM on standard output, for a throwaway check.
    print(
        Ed25519PrivateKey.generate()
        .private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        .decode("ascii"),
        end="",
    )
