"""Keys: loaded from a file or the environment, never shown, same key -> same pseudonyms."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from medprivacy.errors import KeyConfigError
from medprivacy.keys import ENV_VAR, Key, load_key, write_key_file


def test_same_key_gives_same_pseudonym_and_other_key_differs() -> None:
    a, b = Key("secret-one"), Key("secret-two")
    assert a.pseudonym("MRN-001") == Key("secret-one").pseudonym("MRN-001")
    assert a.pseudonym("MRN-001") != b.pseudonym("MRN-001")
    assert a.pseudonym("MRN-001") != a.pseudonym("MRN-002")


def test_pseudonym_normalises_case_and_whitespace() -> None:
    k = Key("s")
    assert k.pseudonym("  abc-123 ") == k.pseudonym("ABC-123")


def test_uid_remap_is_a_valid_2_25_uid_and_stable() -> None:
    k = Key("s")
    uid = k.uid("1.2.840.113619.2.1.1.1")
    assert uid.startswith("2.25.") and len(uid) <= 64
    assert uid == Key("s").uid("1.2.840.113619.2.1.1.1")
    assert int(uid[5:]) < 2**128
    assert (int(uid[5:]) >> 76) & 0xF == 8  # UUID version 8


def test_key_never_appears_in_repr_or_fingerprint() -> None:
    k = Key("very-secret-value")
    assert "very-secret-value" not in repr(k)
    assert "very-secret-value" not in k.fingerprint()


def test_key_file_whitespace_is_stripped(tmp_path: Path) -> None:
    p = tmp_path / "k"
    p.write_text("  abc\n")
    p.chmod(0o600)
    assert load_key(p).pseudonym("x") == Key("abc").pseudonym("x")


def test_key_file_readable_by_others_warns(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    p = tmp_path / "k"
    p.write_text("abc")
    p.chmod(0o644)
    with caplog.at_level(logging.WARNING, logger="medprivacy"):
        load_key(p)
    assert "readable by others" in caplog.text
    assert "abc" not in caplog.text


def test_env_var_is_used_without_key_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, "from-env")
    assert load_key().pseudonym("x") == Key("from-env").pseudonym("x")


@pytest.mark.parametrize("content", ["", "   \n"])
def test_empty_key_is_an_error(tmp_path: Path, content: str) -> None:
    p = tmp_path / "k"
    p.write_text(content)
    with pytest.raises(KeyConfigError, match="empty"):
        load_key(p)


def test_missing_key_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    with pytest.raises(KeyConfigError, match="no key"):
        load_key()


def test_keygen_writes_private_file_and_refuses_overwrite(tmp_path: Path) -> None:
    p = write_key_file(tmp_path / "new.key")
    assert len(p.read_text().strip()) == 64
    assert os.stat(p).st_mode & 0o077 == 0
    with pytest.raises(KeyConfigError, match="exists"):
        write_key_file(p)


@pytest.mark.parametrize("secret", ["p1", "fifteen-chars!!"])
def test_short_key_warns_without_printing_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, secret: str
) -> None:
    monkeypatch.setenv("MEDPRIVACY_KEY", secret)
    with caplog.at_level("WARNING", logger="medprivacy.keys"):
        load_key()
    assert "fewer than 16 characters" in caplog.text
    assert secret not in caplog.text


def test_sixteen_character_key_does_not_warn(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("MEDPRIVACY_KEY", "q7-Rz2!mK9vw_Lp4")
    with caplog.at_level("WARNING", logger="medprivacy.keys"):
        load_key()
    assert caplog.text == ""


@pytest.mark.parametrize("secret", ["x" * 16, "0" * 64, "ab" * 12])
def test_long_key_of_few_distinct_characters_warns(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, secret: str
) -> None:
    monkeypatch.setenv("MEDPRIVACY_KEY", secret)
    with caplog.at_level("WARNING", logger="medprivacy.keys"):
        load_key()
    assert "fewer than 8 distinct characters" in caplog.text
    assert secret not in caplog.text


def test_key_pasted_with_unicode_spaces_is_the_same_key(tmp_path: Path) -> None:
    """A key copied with no-break spaces around it must not silently change every pseudonym."""
    secret = "q7-Rz2!mK9vw_Lp4"
    p = tmp_path / "k"
    p.write_text(f"\u00a0{secret}\u2003\n")
    p.chmod(0o600)
    assert load_key(p).pseudonym("p1") == Key(secret).pseudonym("p1")
