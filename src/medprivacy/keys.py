"""The secret key and the keyed (HMAC-SHA256) functions derived from it.

Every pseudonym, UID remap and date offset is HMAC(key, namespace + value): the same key gives the
same outputs across runs and machines, and nobody without the key can recompute or invert them.
The key itself never leaves this module: ``repr`` hides it and only a keyed fingerprint may be
logged.
"""

from __future__ import annotations

import base64
import hmac
import logging
import os
import secrets
import stat
from pathlib import Path

from medprivacy.errors import KeyConfigError

ENV_VAR = "MEDPRIVACY_KEY"
# Below this many characters a key can be guessed by brute force over likely passwords; the
# generated keys have 64 hex characters (256 bits).
MIN_KEY_CHARS = 16
MIN_DISTINCT_CHARS = 8  # a long key of one or two repeated characters is no better
log = logging.getLogger(__name__)


class Key:
    """A secret used for keyed pseudonymisation. Create with :func:`load_key`."""

    __slots__ = ("_secret",)

    def __init__(self, secret: str | bytes) -> None:
        # str.strip() also drops NBSP and other Unicode spaces a copied key may carry
        raw = secret.strip().encode() if isinstance(secret, str) else bytes(secret)
        raw = raw.strip()
        if not raw:
            raise KeyConfigError("the secret key is empty")
        self._secret = raw

    def __repr__(self) -> str:
        return "Key(<secret>)"

    def __reduce__(self) -> tuple[type[Key], tuple[bytes]]:  # picklable for worker processes
        return (Key, (self._secret,))

    def digest(self, namespace: str, value: str) -> bytes:
        """HMAC-SHA256 of ``value`` in ``namespace`` (namespaces keep uses independent)."""
        msg = namespace.encode() + b"\x00" + value.encode("utf-8", "surrogateescape")
        return hmac.digest(self._secret, msg, "sha256")

    def path_id(self, rel: str) -> str:
        """A keyed short id of a path below an input folder, safe to print where the path is not
        (paths can hold PHI): the same for the same path and key."""
        return self.digest("input-path-id", rel).hex()[:10]

    def fingerprint(self) -> str:
        """A short keyed identifier of the key, safe to record in private logs."""
        return self.digest("fingerprint", "medprivacy").hex()[:12]

    def pseudonym(self, value: str, namespace: str = "patient-id", length: int = 16) -> str:
        """A stable, upper-case base32 pseudonym for an identifier.

        Identifiers are normalised (surrounding whitespace stripped, upper-cased) so that the
        same patient gets the same pseudonym in DICOM headers and EHR tables.
        """
        digest = self.digest(namespace, normalize_id(value))
        return base64.b32encode(digest[: (length * 5 + 7) // 8]).decode()[:length]

    def uid(self, uid: str) -> str:
        """Map a DICOM UID to ``2.25.<int>``: a keyed, collision-resistant 128-bit value.

        The integer is laid out as an RFC 9562 version-8 UUID, as PS3.5 B.2 expects of 2.25 UIDs.
        """
        n = int.from_bytes(self.digest("dicom-uid", uid.strip().rstrip("\x00"))[:16], "big")
        n = (n & ~(0xF << 76)) | (0x8 << 76)  # version 8
        n = (n & ~(0x3 << 62)) | (0x2 << 62)  # RFC variant
        return f"2.25.{n}"


def normalize_id(value: str) -> str:
    """Normalise a patient identifier before keying: strip whitespace/NULs and upper-case."""
    return value.strip().strip("\x00").strip().upper()


def generate_key() -> str:
    """A new random secret: 64 hex characters (256 bits)."""
    return secrets.token_hex(32)


def write_key_file(path: str | Path) -> Path:
    """Write a new key to ``path`` readable by the owner only; refuse to overwrite."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise KeyConfigError(f"{path}: key file exists; refusing to overwrite it") from None
    with os.fdopen(fd, "w") as fh:
        fh.write(generate_key() + "\n")
    return path


def load_key(key_file: str | Path | None = None, *, env: str = ENV_VAR) -> Key:
    """Load the key from ``key_file`` or, if none is given, from the environment variable.

    A key file readable by group or others gets a warning (the key is still used).
    """
    if key_file is not None:
        path = Path(key_file)
        try:
            mode = path.stat().st_mode
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise KeyConfigError(f"{path}: key file not found") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise KeyConfigError(f"{path}: key file unreadable ({type(exc).__name__})") from None
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            log.warning("%s: key file is readable by others; run `chmod 600` on it", path)
        if not text.strip():
            raise KeyConfigError(f"{path}: key file is empty")
        _warn_if_short(text, str(path))
        return Key(text)
    secret = os.environ.get(env, "")
    if not secret.strip():
        raise KeyConfigError(f"no key: pass --key-file FILE or set {env} (see `medprivacy keygen`)")
    _warn_if_short(secret, env)
    return Key(secret)


def _warn_if_short(secret: str, where: str) -> None:
    """A short key is still used (a steward may be testing) but never silently."""
    secret = secret.strip()
    if len(secret) < MIN_KEY_CHARS:
        why = f"fewer than {MIN_KEY_CHARS} characters"
    elif len(set(secret)) < MIN_DISTINCT_CHARS:  # xxxxxxxxxxxxxxxx, 0000..., abababab...
        why = f"fewer than {MIN_DISTINCT_CHARS} distinct characters"
    else:
        return
    log.warning(
        "%s: the key has %s and can be guessed; use `medprivacy keygen` for a random 256-bit key",
        where,
        why,
    )
