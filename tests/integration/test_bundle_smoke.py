"""The desktop bundle: the spec names only files that exist (always), and the built
bundle passes its smoke test (when dist/sillok exists; build it with
`bash packaging/build.sh`)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / "sillok"


def _contents() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bundle_contents", ROOT / "packaging" / "bundle_contents.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


contents = _contents()


def test_every_file_the_spec_names_exists() -> None:
    missing = [str(path) for path in contents.source_paths() if not path.exists()]
    assert missing == [], "build the catalogues first: python -m app.i18n.build"
    spec = (ROOT / "packaging" / "sillok.spec").read_text(encoding="utf-8")
    assert "import bundle_contents as contents" in spec
    assert (ROOT / "packaging" / "windows" / "version_info.txt").is_file()


def test_the_qt_parts_kept_exist_in_the_pinned_qt() -> None:
    found = importlib.util.find_spec("PySide6")  # (tests outside tests/ui do not import Qt)
    assert found is not None and found.origin is not None
    qt = Path(found.origin).parent / "Qt"
    for folder in ("platforminputcontexts", "xcbglintegrations", "iconengines"):
        assert (qt / "plugins" / folder).is_dir(), folder
    for folder, names in contents.QT_PLUGINS_KEPT.items():
        for name in names or ():
            if name.endswith(".so"):  # the Linux plugins (.dll, .dylib: other systems)
                assert (qt / "plugins" / folder / name).is_file(), name
    for name in contents.QT_TRANSLATIONS:
        assert (qt / "translations" / name).is_file(), name


def test_hidden_imports_are_importable_and_exclusions_are_not_the_apps() -> None:
    for module in contents.HIDDEN_IMPORTS:
        assert importlib.util.find_spec(module) is not None, module
    assert not {"app", "ui", "sqlcipher3", "reportlab", "PySide6.QtWidgets"} & set(
        contents.EXCLUDES
    )


def test_the_filter_keeps_xcb_offscreen_and_input_methods_only() -> None:
    keep = contents.keep
    assert keep("PySide6/Qt/plugins/platforms/libqxcb.so")
    assert keep("PySide6/Qt/plugins/platforms/libqoffscreen.so")
    assert keep("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so")
    assert not keep("PySide6/Qt/plugins/platforms/libqwayland.so")
    assert not keep("PySide6/Qt/plugins/platformthemes/libqgtk3.so")
    assert not keep("PySide6/Qt/plugins/tls/libqopensslbackend.so")
    assert keep("PySide6/Qt/translations/qtbase_ko.qm")
    assert not keep("PySide6/Qt/translations/qtbase_de.qm")
    assert keep("resources/questionnaires/default.yaml")


def test_libraries_only_a_dropped_plugin_needed_are_pruned() -> None:
    binaries = [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/q/libqxcb.so", "BINARY"),
        ("PySide6/QtCore.abi3.so", "/q/QtCore.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Core.so.6", "/q/libQt6Core.so.6", "BINARY"),
        ("libQt6XcbQpa.so.6", "/q/libQt6XcbQpa.so.6", "SYMLINK"),
        ("libcairo.so.2", "/usr/lib/libcairo.so.2", "BINARY"),
        ("libpython3.11.so.1.0", "/usr/lib/libpython3.11.so.1.0", "BINARY"),
    ]
    needs = {
        "/q/libqxcb.so": {"libQt6XcbQpa.so.6", "libQt6Core.so.6"},
        "/q/QtCore.abi3.so": {"libQt6Core.so.6"},
    }
    kept = contents.prune_dependencies(binaries, lambda path: needs.get(path, set()))
    assert [entry[0] for entry in kept] == [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/QtCore.abi3.so",
        "PySide6/Qt/lib/libQt6Core.so.6",
        "libQt6XcbQpa.so.6",
        "libpython3.11.so.1.0",
    ]


@pytest.mark.slow
@pytest.mark.skipif(
    not (BUNDLE / "sillok").exists(), reason="no bundle in dist/ (bash packaging/build.sh)"
)
def test_the_built_bundle_passes_its_smoke_test() -> None:
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "smoke_bundle.sh"), str(BUNDLE)],
        capture_output=True,
        text=True,
        env={**os.environ, "SMOKE_RUNS": "1"},
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SMOKE OK" in result.stdout
