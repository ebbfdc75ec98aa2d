"""Event tables streamed to Parquet as a run goes, so memory does not grow with the horizon.

Each (replication, model, district) writes its own part file per table under a spool
folder, ``<spool>/<table>/r<replication>-m<model position>-d<district>.parquet``, a row
group per packed chunk (:data:`sim.engine.records.CHUNK_ROWS` rows, split by district).
Part files carry the ``replication`` and ``model`` columns, so a table's final file is its
parts copied row group by row group in name order (replication, model as compared,
district) — the same rows, in the same order and with the same types, as the in-memory
run's table. Parallel workers write their own parts, so the folder may be on a cluster's
shared disk.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sim.engine.records import TABLE_FIELDS, empty_frame


def _schema(table: str) -> pa.Schema:
    empty = empty_frame(table)
    empty.insert(0, "model", pd.Series([], dtype="str"))
    empty.insert(0, "replication", pd.Series([], dtype="int64"))
    return pa.Schema.from_pandas(empty, preserve_index=False)


def part_name(replication: int, model_position: int, district: int) -> str:
    """File name of one (replication, model, district)'s part of a table."""
    return f"r{replication:05d}-m{model_position:02d}-d{district:03d}.parquet"


class ModelSpool:
    """Part files of one model run (of some or all districts) of one replication; ``write``
    is a records sink. Each chunk is split by district, so the parts read in name order give
    every table district by district, however the districts were shared among processes."""

    def __init__(self, root: Path, replication: int, model: str, model_position: int) -> None:
        self.root = Path(root)
        self.replication = replication
        self.model = model
        self.position = model_position
        self._writers: dict[tuple[str, int], pq.ParquetWriter] = {}

    def path(self, table: str, district: int) -> Path:
        """Where this run's part of ``table`` for ``district`` is written."""
        return self.root / table / part_name(self.replication, self.position, district)

    def _tmp(self, table: str, district: int) -> Path:
        # a part is written under a temporary name and renamed when complete, so a part
        # file that exists is whole
        return self.path(table, district).with_suffix(".parquet.part")

    def write(self, table: str, chunk: pd.DataFrame) -> None:
        """Append one packed chunk of ``table``, a row group per district in it."""
        chunk = chunk.copy(deep=False)
        chunk.insert(0, "model", pd.Series([self.model] * len(chunk), dtype="str"))
        chunk.insert(0, "replication", pd.Series([self.replication] * len(chunk), dtype="int64"))
        where = chunk["district"].to_numpy()
        for district in np.unique(where).tolist():
            rows = chunk[where == district]
            key = (table, int(district))
            writer = self._writers.get(key)
            if writer is None:
                self.path(*key).parent.mkdir(parents=True, exist_ok=True)
                writer = pq.ParquetWriter(self._tmp(*key), _schema(table))
                self._writers[key] = writer
            writer.write_table(pa.Table.from_pandas(rows, schema=writer.schema, preserve_index=False))

    def close(self) -> None:
        """Finish every part written."""
        for key, writer in self._writers.items():
            writer.close()
            self._tmp(*key).replace(self.path(*key))
        self._writers.clear()


def parts(
    root: Path, table: str, replication: int | None = None, model_position: int | None = None
) -> list[Path]:
    """The finished part files of ``table`` (of one replication and model if given), in
    replication, model, district order."""
    r = "*" if replication is None else f"{replication:05d}"
    m = "*" if model_position is None else f"{model_position:02d}"
    return sorted((Path(root) / table).glob(f"r{r}-m{m}-d*.parquet"))


def read_model(
    root: Path, table: str, replication: int, model_position: int, columns: Sequence[str] | None = None
) -> pd.DataFrame:
    """One model run's ``table`` over all its districts, without the replication and model
    columns (the frame the engine returns, district by district), or only ``columns``.

    Read as one Arrow table and converted column by column as it is freed, so the peak is
    about one copy of the table rather than two.
    """
    files = parts(root, table, replication, model_position)
    cols = list(TABLE_FIELDS[table] if columns is None else columns)
    if not files:
        return empty_frame(table)[cols]
    whole = pa.concat_tables([pq.read_table(f, columns=cols) for f in files])
    return whole.to_pandas(self_destruct=True, split_blocks=True)


def merge(root: Path, table: str, dest: Path) -> None:
    """Copy ``table``'s parts, row group by row group, into one Parquet file ``dest``."""
    writer = pq.ParquetWriter(dest, _schema(table))
    try:
        for f in parts(root, table):
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
        empty = empty_frame(table)
        empty.insert(0, "model", pd.Series([], dtype="str"))
        empty.insert(0, "replication", pd.Series([], dtype="int64"))
        return empty
    return pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)
