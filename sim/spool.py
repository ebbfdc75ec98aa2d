"""Event tables streamed to Parquet as a run goes, so memory does not grow with the horizon.

Each (replication, model) writes its own part file per table under a spool folder,
``<spool>/<table>/r<replication>-m<model position>.parquet``, one row group per packed
chunk (:data:`sim.engine.records.CHUNK_ROWS` rows). Part files carry the ``replication`` and
``model`` columns, so a table's final file is its parts copied row group by row group in
name order (replication, then model as compared) — the same rows, in the same order and
with the same types, as the in-memory run's table. Parallel workers write their own parts,
so the folder may be on a cluster's shared disk.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sim.engine.records import TABLE_FIELDS, typed_frame


def _schema(table: str) -> pa.Schema:
    empty = typed_frame(table, {c: [] for c in TABLE_FIELDS[table]})
    empty.insert(0, "model", pd.Series([], dtype="str"))
    empty.insert(0, "replication", pd.Series([], dtype="int64"))
    return pa.Schema.from_pandas(empty, preserve_index=False)


def part_name(replication: int, model_position: int) -> str:
    """File name of one (replication, model)'s part of a table."""
    return f"r{replication:05d}-m{model_position:02d}.parquet"


class ModelSpool:
    """The part files of one model run of one replication; ``write`` is a records sink."""

    def __init__(self, root: Path, replication: int, model: str, model_position: int) -> None:
        self.root = Path(root)
        self.replication = replication
        self.model = model
        self.name = part_name(replication, model_position)
        self._writers: dict[str, pq.ParquetWriter] = {}

    def path(self, table: str) -> Path:
        """Where this run's part of ``table`` is written."""
        return self.root / table / self.name

    def write(self, table: str, chunk: pd.DataFrame) -> None:
        """Append one packed chunk of ``table`` as a row group."""
        writer = self._writers.get(table)
        if writer is None:
            self.path(table).parent.mkdir(parents=True, exist_ok=True)
            # a part is written under a temporary name and renamed when complete, so a
            # part file that exists is whole
            writer = pq.ParquetWriter(self._tmp(table), _schema(table))
            self._writers[table] = writer
        chunk = chunk.copy(deep=False)
        chunk.insert(0, "model", pd.Series([self.model] * len(chunk), dtype="str"))
        chunk.insert(0, "replication", pd.Series([self.replication] * len(chunk), dtype="int64"))
        writer.write_table(pa.Table.from_pandas(chunk, schema=writer.schema, preserve_index=False))

    def _tmp(self, table: str) -> Path:
        return self.path(table).with_suffix(".parquet.part")

    def close(self) -> None:
        """Finish every table's part (an empty one for a table that got no rows)."""
        for table in TABLE_FIELDS:
            if table not in self._writers:
                self.write(table, typed_frame(table, {c: [] for c in TABLE_FIELDS[table]}))
            self._writers.pop(table).close()
            self._tmp(table).replace(self.path(table))

    def read(self, table: str) -> pd.DataFrame:
        """This run's finished part of ``table``, without the replication and model columns
        (the frame the engine would have returned)."""
        return pd.read_parquet(self.path(table), columns=list(TABLE_FIELDS[table]))


def parts(root: Path, table: str) -> list[Path]:
    """The finished part files of ``table``, in replication then model order."""
    return sorted((Path(root) / table).glob("r*-m*.parquet"))


def merge(root: Path, table: str, dest: Path) -> None:
    """Copy ``table``'s parts, row group by row group, into one Parquet file ``dest``."""
    files = parts(root, table)
    writer = pq.ParquetWriter(dest, _schema(table))
    try:
        for f in files:
            pf = pq.ParquetFile(f)
            for i in range(pf.num_row_groups):
                group = pf.read_row_group(i)
                if group.num_rows:
                    writer.write_table(group)
    finally:
        writer.close()


def read_table(root: Path, table: str) -> pd.DataFrame:
    """``table`` over every part, as one DataFrame."""
    files = parts(root, table)
    if not files:
        return typed_frame(table, {c: [] for c in TABLE_FIELDS[table]})
    return pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)
