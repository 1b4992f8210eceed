"""The JSON Schemas say what the validator accepts, key by key, because both read load/shapes.py.

The check is generated from the table: for every key of every shape, in a
document that holds them all, a value of the wrong kind, a missing required
key and an unknown key are refused by the validator AND by the schema; the
demo passes both; and the validator reads no mapping but through a shape.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator import cli
from generator.load import reader as reader_module
from generator.load.campaigns import read_campaign
from generator.load.config import load_config
from generator.load.json_schema import schemas
from generator.load.shapes import CAMPAIGN_SHAPES, CONFIG_SHAPES, SHAPES, Field
from generator.load.workspace import load_workspace
from generator.schema_cli import SHIPPED
from tests.conftest import REPO
from tests.unit import yaml12
from tests.unit.full_documents import CAMPAIGN, CONFIG, PNG

CAMPAIGN_FILE = "content/campaigns/launch.yml"
# A value of the wrong kind for each kind of key; each is one the schema can say is wrong, as the validator does.
WRONG = {
    "text": [{"a": 1}], "plain": [{"a": 1}], "id": ["Not An Id"], "ids": ["x"], "texts": ["x"],
    "date": ["next week", "2026-13-01"], "datetime": ["soon", "2026-01-21T25:00:00"], "boolean": ["maybe"], "integer": ["x"], "number": ["x"],
    "visibility": [5, "secret"], "tier": ["internal", 5], "enum": ["zzz"], "url": ["ftp://x.example/"],
    "address": ["ftp://x.example/"], "path": [""], "pattern": ["!!!"], "shape": ["x"], "list": ["x"],
    "table": ["x"], "scope": ["some"], "env_names": ["1BAD"],
}


def _schema(name: str) -> dict:
    return json.loads(schemas()[name])


def _workspace(root: Path, config: dict, campaign: dict) -> Path:
    (root / "content" / "campaigns").mkdir(parents=True, exist_ok=True)
    (root / "content" / "assets").mkdir(exist_ok=True)
    (root / "content" / "assets" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (root / "content" / "assets" / "final.png").write_bytes(PNG)
    (root / "content" / "assets" / "board.pdf").write_bytes(b"%PDF-1.4\n")
    (root / "site_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    (root / CAMPAIGN_FILE).write_text(yaml.safe_dump(campaign, allow_unicode=True), encoding="utf-8")
    return root


def _config_problems(root: Path, config: dict) -> list:
    (root / "site_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return load_config(root)[1]


def _campaign_problems(root: Path, campaign: dict) -> list:
    config, problems = load_config(root)
    assert not problems
    data = yaml.safe_dump(campaign, allow_unicode=True).encode()
    return read_campaign(data, CAMPAIGN_FILE, config, root)[1]


def _places(value, shape_name: str, shapes: dict, path: tuple = ()):
    """(path to a mapping, its shape, key, field) for every key of every mapping in `value`."""
    shape = shapes[shape_name]
    for key, field in shape.fields.items():
        if key not in value:
            continue
        yield path, shape_name, key, field
        inner = value[key]
        if field.kind == "shape":
            yield from _places(inner, field.shape, shapes, path + (key,))
        elif field.kind == "list":
            for index, item in enumerate(inner):
                yield from _places(item, field.shape, shapes, path + (key, index))
        elif field.kind == "table":
            for name, item in inner.items():
                yield from _places(item, field.shape, shapes, path + (key, name))


def _at(document, path: tuple):
    for step in path:
        document = document[step]
    return document


def _mutations(base: dict, top: str, shapes: dict):
    """(what, document) pairs the validator refuses: a wrong value, a required key gone, an unknown key."""
    seen_unknown = set()
    yield "unknown top key", {**base, "zzz": 1}
    for path, shape_name, key, field in _places(base, top, shapes):
        for wrong in WRONG[field.kind] + _out_of_range(field):
            document = copy.deepcopy(base)
            _at(document, path)[key] = wrong
            yield f"{shape_name}.{key} = {wrong!r} at {path}", document
        if field.required:
            document = copy.deepcopy(base)
            del _at(document, path)[key]
            yield f"{shape_name}.{key} missing at {path}", document
        if shape_name not in seen_unknown:
            seen_unknown.add(shape_name)
            document = copy.deepcopy(base)
            _at(document, path)["zzz-unknown"] = 1
            yield f"unknown key in {shape_name} at {path}", document


def _out_of_range(field: Field) -> list:
    return [field.high + 1] if field.high is not None else []


def test_the_base_documents_hold_every_key_of_every_shape():
    found = {(shape, key) for _, shape, key, _ in _places(CONFIG, "config", CONFIG_SHAPES)}
    found |= {(shape, key) for _, shape, key, _ in _places(CAMPAIGN, "campaign", CAMPAIGN_SHAPES)}
    found |= {("history", "bundle")}  # at most one of repo and bundle: checked apart below
    every = {(name, key) for name, shape in SHAPES.items() for key in shape.fields}
    assert every - found == set()


def test_the_base_documents_pass_the_validator_and_the_schemas(tmp_path):
    root = _workspace(tmp_path, CONFIG, CAMPAIGN)
    assert _config_problems(root, CONFIG) == []
    assert _campaign_problems(root, CAMPAIGN) == []
    jsonschema.validate(CONFIG, _schema("site_config.schema.json"))
    jsonschema.validate(CAMPAIGN, _schema("campaign.schema.json"))


@pytest.mark.parametrize("top, base, schema_name", [
    ("config", CONFIG, "site_config.schema.json"), ("campaign", CAMPAIGN, "campaign.schema.json")])
def test_what_the_validator_refuses_key_by_key_the_schema_refuses(tmp_path, top, base, schema_name):
    root = _workspace(tmp_path, CONFIG, CAMPAIGN)
    validator = jsonschema.Draft7Validator(_schema(schema_name))
    problems_of = _config_problems if top == "config" else _campaign_problems
    tried, disagree = 0, []
    for what, document in _mutations(base, top, SHAPES):
        tried += 1
        refused_by_validator = bool(problems_of(root, document))
        refused_by_schema = not validator.is_valid(document)
        if not (refused_by_validator and refused_by_schema):
            disagree.append(f"{what}: validator refused={refused_by_validator}, schema refused={refused_by_schema}")
    assert tried > 50
    assert disagree == []


def test_both_refuse_repo_and_bundle_together_and_an_asset_with_file_and_url(tmp_path):
    root = _workspace(tmp_path, CONFIG, CAMPAIGN)
    config = copy.deepcopy(CONFIG)
    config["history"]["bundle"] = "content/history.bundle"
    campaign = copy.deepcopy(CAMPAIGN)
    campaign["assets"][0]["url"] = "https://cdn.example/final.png"
    assert _config_problems(root, config)
    assert not jsonschema.Draft7Validator(_schema("site_config.schema.json")).is_valid(config)
    _config_problems(root, CONFIG)
    assert _campaign_problems(root, campaign)
    assert not jsonschema.Draft7Validator(_schema("campaign.schema.json")).is_valid(campaign)


def test_every_key_is_in_the_schema_with_its_type_and_allowed_values():
    for file_name, shapes in (("site_config.schema.json", CONFIG_SHAPES), ("campaign.schema.json", CAMPAIGN_SHAPES)):
        schema = _schema(file_name)
        for name, shape in shapes.items():
            where = schema if name in ("config", "campaign") else schema["definitions"][name]
            assert set(where["properties"]) == set(shape.fields), name
            assert set(where.get("required", [])) == set(shape.required), name
            assert where["additionalProperties"] is False
            for key, field in shape.fields.items():
                if field.values:
                    assert where["properties"][key]["enum"] == list(field.values), (name, key)


def test_the_validator_reads_every_mapping_through_a_shape_of_the_table(monkeypatch):
    seen = []
    original = reader_module.Reader.mapping

    def recording(self, node, path, required, optional=()):
        seen.append((tuple(required), tuple(optional), path))
        return original(self, node, path, required, optional)

    monkeypatch.setattr(reader_module.Reader, "mapping", recording)
    load_workspace(REPO)
    known = {(shape.required, shape.optional) for shape in SHAPES.values()}
    assert seen and [path for required, optional, path in seen if (required, optional) not in known] == []


def test_the_demo_validates_against_the_schemas():
    config_schema = jsonschema.Draft7Validator(_schema("site_config.schema.json"))
    campaign_schema = jsonschema.Draft7Validator(_schema("campaign.schema.json"))
    config_schema.validate(yaml12.load((REPO / "site_config.yml").read_bytes()))
    campaigns = sorted((REPO / "content" / "campaigns").glob("*.yml"))
    assert campaigns
    for path in campaigns:
        campaign_schema.validate(yaml12.load(path.read_bytes(), path.name))


# Hostile files that `validate` refuses for a reason a schema can state (tests/hostile/test_hostile.py); the
# others (a duplicate key, an unknown campaign id, 2026-02-30) only the validator can see.
HOSTILE_REFUSED = [("misspelled_key.yml", "campaign"), ("visibility_no.yml", "campaign"),
                   ("wrong_level.yml", "campaign"), ("asset_js_url.yml", "campaign"), ("merge_key.yml", "campaign"),
                   ("zero_date.yml", "campaign"), ("config_traps.yml", "site_config")]


@pytest.mark.parametrize("name, kind", HOSTILE_REFUSED)
def test_the_schema_refuses_hostile_files_the_validator_refuses(tmp_path, name, kind):
    data = (REPO / "tests" / "hostile" / "data" / name).read_bytes()
    root = _workspace(tmp_path, CONFIG, CAMPAIGN)
    if kind == "campaign":
        config, _ = load_config(root)
        assert read_campaign(data, "content/campaigns/demo.yml", config, None)[1]
    else:
        (root / "site_config.yml").write_bytes(data)
        assert load_config(root)[1]
    assert not jsonschema.Draft7Validator(_schema(f"{kind}.schema.json")).is_valid(yaml12.load(data))


def test_the_shipped_schemas_are_the_generated_ones_and_the_command_writes_them(tmp_path, capsys):
    assert {p.name: p.read_text(encoding="utf-8") for p in SHIPPED.glob("*.json")} == schemas()
    assert cli.main(["schema", "--output", str(tmp_path / "out")]) == 0
    for name, text in schemas().items():
        assert (tmp_path / "out" / name).read_text(encoding="utf-8") == text
    assert "site_config.schema.json" in capsys.readouterr().out
