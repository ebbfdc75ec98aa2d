"""Event tables streamed to Parquet as a run goes equal the tables held in memory (issue 10.2)."""

from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq
import pytest
from simhelpers import SMALL

import sim
from sim import spool
from sim.engine import records
from sim.experiment import EVENT_TABLES, multiple_replications
from sim.io import new_spool, write_results


@pytest.fixture(scope="module")
def small_run():
    return sim.config([*SMALL, "output.record_activities=true"])


@pytest.fixture(scope="module")
def in_memory(small_run):
    return multiple_replications(small_run, n_jobs=1)


def _written(tmp_path, results, name):
    out = tmp_path / name
    write_results(out, results, "x: 1\n", {})
    return out


def _assert_same_tables(a, b):
    pd.testing.assert_frame_equal(a.metrics, b.metrics, check_exact=True)
    pd.testing.assert_frame_equal(a.costs, b.costs, check_exact=True)
    pd.testing.assert_frame_equal(a.summary, b.summary, check_exact=True)


def test_streamed_equals_in_memory(small_run, in_memory, tmp_path, monkeypatch):
    # small chunks, so every table is streamed as several row groups
    monkeypatch.setattr(records, "CHUNK_ROWS", 97)
    folder = new_spool(tmp_path / "streamed")
    streamed = multiple_replications(small_run, n_jobs=1, spool=folder)
    assert streamed.events == {} and streamed.spool == folder
    _assert_same_tables(streamed, in_memory)
    held, flowed = _written(tmp_path, in_memory, "held"), _written(tmp_path, streamed, "streamed")
    assert pq.ParquetFile(flowed / "visits.parquet").num_row_groups > 2
    for table in EVENT_TABLES:
        want = pd.read_parquet(held / f"{table}.parquet")
        got = pd.read_parquet(flowed / f"{table}.parquet")
        assert len(got) == len(in_memory.events[table]) > 0, table
        pd.testing.assert_frame_equal(got, want, check_exact=True)
        pd.testing.assert_frame_equal(
            spool.read_table(folder, table), in_memory.events[table], check_exact=True
        )


def test_streamed_parallel_equals_serial(small_run, in_memory, tmp_path):
    folder = new_spool(tmp_path / "par")
    par = multiple_replications(small_run, n_jobs=2, spool=folder)
    _assert_same_tables(par, in_memory)
    for table in EVENT_TABLES:
        pd.testing.assert_frame_equal(
            spool.read_table(folder, table), in_memory.events[table], check_exact=True
        )


def test_parts_are_named_in_replication_then_model_order(small_run, tmp_path):
    folder = new_spool(tmp_path / "order")
    multiple_replications(small_run, n_jobs=1, spool=folder)
    names = [p.name for p in spool.parts(folder, "visits")]
    assert names == [
        "r00000-m00-d000.parquet",
        "r00000-m01-d000.parquet",
        "r00001-m00-d000.parquet",
        "r00001-m01-d000.parquet",
    ]
    assert not list(folder.rglob("*.part"))  # every part was finished


def test_a_table_with_no_rows_is_written_with_its_columns(tmp_path):
    part = spool.ModelSpool(tmp_path, 0, "minute", 0)
    part.close()
    got = spool.read_model(tmp_path, "alarms", 0, 0)
    assert list(got.columns) == list(records.ALARM_COLUMNS) and got.empty
    assert str(got["response_min"].dtype) == "float64"


def test_a_fraction_in_an_integer_column_is_a_recording_bug():
    cols = {c: [0] for c in records.STAFF_DAY_COLUMNS}
    cols["day"] = [1.5]
    with pytest.raises(TypeError, match=r"staff_days\.day"):
        records.typed_frame("staff_days", cols)


def test_whole_floats_in_an_integer_column_are_cast():
    cols: dict[str, list] = {c: [0] for c in records.STAFF_DAY_COLUMNS}
    cols.update(day=[2.0], status=["work"], event=[""])
    df = records.typed_frame("staff_days", cols)
    assert str(df["day"].dtype) == "int64" and df["day"].iloc[0] == 2
