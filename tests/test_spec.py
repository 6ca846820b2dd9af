"""Pipeline specs: validated by pydantic, errors name the YAML line, steps come from a registry."""

from __future__ import annotations

import pytest

from medprivacy.errors import ConfigError
from medprivacy.spec import parse_pipeline, steps

GOOD = """\
name: t
steps:
  - step: deid_dicom
    input: /data/in
    options: [retain_uids]
"""


def test_valid_spec_builds_registered_step_objects() -> None:
    spec = parse_pipeline(GOOD)
    ((sid, step),) = spec.built
    assert sid == "deid_dicom"
    assert type(step) is steps.get("deid_dicom")
    assert step.config.options == ["retain_uids"]


def test_public_dict_drops_private_fields() -> None:
    public = parse_pipeline(GOOD).public_dict()
    assert "input" not in public["steps"][0]
    assert "/data/in" not in str(public)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("name: t\nsteps:\n  - step: deid_dicom\n    input: a\n    workers: 0\n", 5, "workers"),
        ("name: t\nsteps:\n  - step: deid_dicom\n    input: a\n    option: []\n", 5, "option"),
        ("name: t\nsteps:\n  - step: nope\n", 3, "unknown pipeline step"),
        (
            "name: t\nsteps:\n  - step: deid_dicom\n    input: a\n    options: [bad]\n",
            5,
            "unknown DICOM option",
        ),
        ("name: t\nsteps:\n  - step: deid_dicom\n", 3, "input"),
        ("name: t\nsteps: []\n", 2, "steps"),
        ("name: t\nsteps:\n  - step: deid_dicom\n   input: [a\n", 4, "YAML syntax"),
    ],
)
def test_errors_name_the_yaml_line(text: str, line: int, words: str) -> None:
    with pytest.raises(ConfigError) as err:
        parse_pipeline(text, "p.yaml")
    message = str(err.value)
    assert message.startswith(f"p.yaml:{line}:")
    assert words in message
    assert "\n" not in message


def test_error_never_echoes_the_offending_value() -> None:
    text = "name: t\nsteps:\n  - step: deid_dicom\n    input: a\n    workers: JOHN-DOE-1950\n"
    with pytest.raises(ConfigError) as err:
        parse_pipeline(text, "p.yaml")
    assert "JOHN-DOE-1950" not in str(err.value)


def test_duplicate_step_ids_are_refused() -> None:
    text = GOOD + "  - step: deid_dicom\n    input: b\n"
    with pytest.raises(ConfigError, match="duplicate step id"):
        parse_pipeline(text, "p.yaml")


def test_step_id_longer_than_a_file_name_allows_is_a_spec_error() -> None:
    text = f"name: t\nsteps:\n  - step: deid_dicom\n    id: {'s' * 300}\n    input: a\n"
    with pytest.raises(ConfigError, match=r"<pipeline>:4: steps.0.id: .*at most 64"):
        parse_pipeline(text)


def test_output_name_longer_than_64_characters_is_a_spec_error() -> None:
    text = f"name: t\nsteps:\n  - step: deid_dicom\n    input: a\n    output: {'o' * 300}\n"
    with pytest.raises(ConfigError, match="output name longer than 64"):
        parse_pipeline(text)


def test_two_steps_sharing_one_output_are_refused_with_the_line() -> None:
    text = (
        "name: t\nsteps:\n"
        "  - {step: deid_dicom, id: a, input: x, output: same}\n"
        "  - {step: deid_dicom, id: b, input: y, output: Same}\n"
    )
    with pytest.raises(ConfigError, match=r"<pipeline>:4: steps 'a' and 'b' both write output"):
        parse_pipeline(text)


@pytest.mark.parametrize("name", ['"."', '".."', ".hidden"])
def test_a_pipeline_name_of_dots_is_refused(name: str) -> None:
    """The name is the default output folder out/<name>: '..' wrote release/ and private/ into
    the working directory and swept the user's own release/ folder into private/stale."""
    text = f"name: {name}\nsteps:\n  - step: deid_dicom\n    input: a\n"
    with pytest.raises(ConfigError, match=r"<pipeline>:1: name"):
        parse_pipeline(text)
