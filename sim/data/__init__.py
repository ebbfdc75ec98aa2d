"""A unit's own data: the import format of docs/data-format.md, read, checked and written."""
