"""From staged pages to a deployed folder: engine, search index, output swap, deploy."""
