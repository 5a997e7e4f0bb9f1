"""The help-desk archive (docs/archive-format.md): one zip that carries a whole help desk
between the editions. `reader` checks a file completely before anything is written,
`writer` writes one, `export` and `importer` map it to and from Native's tables."""
