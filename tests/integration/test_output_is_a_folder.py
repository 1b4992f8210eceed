"""The output must be a folder: a file there is one clear message before anything is written.

`output: site_config.yml`, or `--output` naming an existing file, passed
validate and then stopped the build with "internal error: FileExistsError".
"""

from __future__ import annotations

import pytest

from generator import pipeline
from generator.cli import main
from generator.errors import ReceiptsError
from tests.conftest import MINIMAL_CONFIG


@pytest.mark.parametrize("output,message", [
    ("site_config.yml", "'site_config.yml' is a file, not a folder"),
    ("notes.txt/site", "'notes.txt/site' goes through 'notes.txt', which is a file, not a folder"),
])
def test_an_output_that_is_a_file_is_a_config_problem(make_workspace, capsys, output, message):
    root = make_workspace.write(config=MINIMAL_CONFIG + f"output: {output}\n")
    (root / "notes.txt").write_text("keep me\n", encoding="utf-8")
    before = (root / "site_config.yml").read_bytes()
    for command in (["validate", str(root)], ["build", str(root)]):
        assert main(command) == 1
        assert capsys.readouterr().err == (
            f"site_config.yml:13: output: {message}; expected a folder for the sites, such as 'site'\n"
            "receipts: 1 problem found; nothing was built.\n")
    assert (root / "site_config.yml").read_bytes() == before
    assert (root / "notes.txt").read_text(encoding="utf-8") == "keep me\n"


def test_an_output_flag_naming_a_file_is_one_line(make_workspace, tmp_path, capsys):
    root = make_workspace.write()
    target = tmp_path / "site.zip"
    target.write_bytes(b"an archive")
    assert main(["build", str(root), "--output", str(target)]) == 1
    assert capsys.readouterr().err == (f"receipts: --output {target} is a file, not a folder; expected a folder "
                                       "for the sites (made if it does not exist)\n")
    assert target.read_bytes() == b"an archive"


def test_an_output_flag_through_a_file_is_one_line(make_workspace, tmp_path, capsys):
    root = make_workspace.write()
    (tmp_path / "site.zip").write_bytes(b"an archive")
    assert main(["build", str(root), "--output", str(tmp_path / "site.zip" / "out")]) == 1
    assert capsys.readouterr().err == (f"receipts: --output {tmp_path / 'site.zip' / 'out'} goes through "
                                       f"{tmp_path / 'site.zip'}, which is a file, not a folder; expected a folder "
                                       "for the sites (made if it does not exist)\n")


def test_a_program_building_into_a_file_gets_the_same_error_before_anything_is_written(make_workspace, tmp_path):
    root = make_workspace.write()
    target = tmp_path / "sites.txt"
    target.write_text("notes", encoding="utf-8")
    with pytest.raises(ReceiptsError, match="is not a folder: .*sites.txt is a file"):
        pipeline.build(root, output=target / "client")
    assert target.read_text(encoding="utf-8") == "notes"
