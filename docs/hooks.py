"""mkdocs hooks: add the typed-client pages to the build and fill the "Typed clients" nav section.

Built-in mkdocs hooks rather than the mkdocs-gen-files plugin: File.generated (mkdocs 1.6) does the
same in a few lines with one dependency fewer.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from devtools.docsite import typed_clients

NAV_SECTION = "Typed clients"


def _clients(config: MkDocsConfig) -> list[typed_clients.TypedClient]:
    root = Path(config.config_file_path).parent
    try:
        return typed_clients.load_typed_clients(root)
    except typed_clients.TypedClientDocsError as error:
        raise PluginError(str(error)) from None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    for entry in config.nav or []:
        if isinstance(entry, dict) and NAV_SECTION in entry:
            entry[NAV_SECTION] = typed_clients.nav(_clients(config))
            return config
    raise PluginError(f"mkdocs.yml: the nav has no '{NAV_SECTION}' entry for the generated client pages")


def on_files(files: Files, config: MkDocsConfig) -> Files:
    guide = typed_clients.readme_has_typed_clients_guide(Path(config.config_file_path).parent)
    for uri, markdown in typed_clients.pages(_clients(config), guide=guide).items():
        files.append(File.generated(config, uri, content=markdown))
    return files
