import json
import subprocess
import sys
from pathlib import Path

import pytest

from adapters.cli.app import run
from bootstrap.container import Container

STAKEWISE = Path(sys.executable).with_name("stakewise")


def test_devig_json_holds_one_document_in_the_order_given(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        run(["odds", "devig", "--method", "multiplicative", "--json", "3.60", "2.10", "3.40"], Container())
        == 0
    )
    document = json.loads(capsys.readouterr().out)
    assert set(document) == {"method", "overround", "probabilities"}
    implied = [1 / 3.6, 1 / 2.1, 1 / 3.4]
    assert document["probabilities"] == pytest.approx([p / sum(implied) for p in implied])
    assert document["overround"] == pytest.approx(sum(implied) - 1)


def test_human_output_is_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["odds", "devig", "--method", "shin", "1.90", "1.95"], Container()) == 0
    assert "overround" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--method", "shin", "0.5", "2"], "'0.5'"),
        (["--method", "bogus", "2", "2"], "bogus"),
        (["--method", "shin", "abc", "2"], "'abc'"),
        (["--method", "power", "10", "10", "10"], "no margin"),
        (["--method", "shin", "nan", "2.0"], "'nan'"),
        (["--method", "shin", "", "2.0"], "empty"),
        (["--method", "shin"], "ODDS"),
        (["--method", "additive", "1.01", "1.5", "100"], "additive"),
        (["--method", "shin", "2.0"], "at least 2"),
    ],
)
def test_invalid_input_exits_2_with_a_short_message_naming_it(
    args: list[str], named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["odds", "devig", *args], Container()) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert named in captured.err
    assert 1 <= len(captured.err.strip().splitlines()) <= 3


def test_the_installed_console_script_prints_no_traceback() -> None:
    done = subprocess.run(
        [str(STAKEWISE), "odds", "devig", "--method", "shin", "abc", "2"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "'abc'" in done.stderr


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run([], Container()) == 2
    assert "required" in capsys.readouterr().err
