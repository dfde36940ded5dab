"""The pages a newcomer reads name the modules as they are."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parent.parent
MODULES = sorted(path.name for path in (ROOT / "generator").glob("*.py") if not path.name.startswith("__"))


def test_the_readme_module_map_lists_every_module() -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## How it is built") :]
    listed = re.findall(r"^    ([a-z_]+\.py) ", section, re.MULTILINE)
    assert sorted(listed) == MODULES


def test_the_contributing_page_names_only_modules_that_exist() -> None:
    page = (ROOT / "CONTRIBUTING.md").read_text()
    named = set(re.findall(r"[\w/.]*\.py\b", page))
    paths = {name for name in named if "/" in name}
    assert {name for name in named - paths if name not in MODULES} == set()
    assert {path for path in paths if not (ROOT / path).is_file()} == set()
    assert {"model.py", "layout.py", "design.py", "render.py", "text.py"} <= named


def test_the_contributing_picture_of_the_data_flow_names_every_module() -> None:
    page = (ROOT / "CONTRIBUTING.md").read_text()
    picture = page[page.index("## How the data flows") : page.index("## One place for each idea")]
    assert [name for name in MODULES if not re.search(rf"\b{re.escape(name)}\b", picture)] == []
