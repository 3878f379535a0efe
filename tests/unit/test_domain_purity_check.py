from pathlib import Path

from tools.check_domain_stdlib import main, third_party_imports


def test_the_real_domain_imports_the_standard_library_only() -> None:
    assert main(Path("domain")) == 0


def test_a_third_party_import_is_caught(tmp_path: Path) -> None:
    (tmp_path / "model.py").write_text(
        "import json\nfrom decimal import Decimal\nimport numpy as np\nfrom sqlalchemy import orm\n"
    )
    assert third_party_imports(tmp_path / "model.py") == ["numpy", "sqlalchemy"]
    assert main(tmp_path) == 1


def test_relative_imports_stay_inside_the_domain(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("from . import b\nfrom domain.odds import Odds\n")
    assert main(tmp_path) == 0
