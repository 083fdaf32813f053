"""The one settings file of both front ends: written like the journal, read forgivingly."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from reflect.operations.settings import Settings, load_settings, save_settings


def test_settings_are_written_0600_in_a_0700_folder(tmp_path: Path) -> None:
    folder = tmp_path / "config"
    folder.mkdir(mode=0o755)  # made earlier by someone else, readable by all
    path = folder / "settings.json"
    save_settings(Settings(language="nl", export_folder="~/verslagen"), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert [p.name for p in folder.iterdir()] == ["settings.json"]  # no temp file left
    loaded = load_settings(path)
    assert loaded.problem is None and loaded.language_chosen
    assert loaded.settings.export_folder == "~/verslagen"


def test_each_bad_value_is_named_and_the_rest_kept(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps(
            {
                "language": "fr",
                "theme": "nord",
                "autolock_minutes": True,
                "export_template": "reflectieverslag",
                "export_format": "odt",  # not a format reflect writes
                "export_folder": 7,
            }
        ),
        encoding="utf-8",
    )
    loaded = load_settings(path)
    assert loaded.problem is not None
    named = ("language='fr'", "autolock_minutes=True", "export_format='odt'", "export_folder=7")
    for bad in named:
        assert bad in loaded.problem
    defaults = Settings(language=loaded.settings.language)
    assert loaded.settings == Settings(
        language=defaults.language,
        theme="nord",
        autolock_minutes=defaults.autolock_minutes,
        export_template="reflectieverslag",
        export_format=defaults.export_format,
        export_folder=defaults.export_folder,
    )
    assert not loaded.language_chosen
