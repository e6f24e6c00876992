//! Rating a Parquet file in id-hash partitions spilled to disk (分区落盘计费), so that the
//! duplicate-id set (重复记录识别), the one part of a rating run that grows with the number of
//! distinct record ids, is held for one partition at a time.
//!
//! Two passes over the data:
//!
//! 1. The Parquet file is read batch by batch; each batch is checked whole as the one-pass
//!    path checks it ([`datafee_arrow::check_batch`]: a bad column or cell stops the run with
//!    the same message), and each row goes, with its position in the file, to the Arrow IPC
//!    stream of its partition, chosen by a stable hash of its id
//!    ([`datafee::rating::id_page_partition`]: an id in integer form such as `u123` by its
//!    prefix and its number's page of 65,536, so a partition's ids stay in dense pages of
//!    its duplicate-id set; any other id by [`datafee::rating::id_partition`]). Every record
//!    of one id lands in one partition.
//! 2. Each partition is rated alone by a fresh rater with the rows' global positions
//!    ([`datafee_arrow::ArrowRater::push_batch_rejected_each`] with the positions), in file order within the
//!    partition, so a duplicate or conflicting id is detected exactly as one rater would
//!    (the first rated occurrence wins; a rejected record claims no id). Its partial state
//!    (aggregates and counts, no ids) is merged into the run's rater
//!    ([`datafee::rating::Rater::merge_partial`]: exact, associative and commutative), and
//!    its rejected rows go to a partition file in row order. The partition files are then
//!    merged by row into `rejections.csv`, which is byte for byte the one-pass file.
//!
//! Bound: memory is one partition's duplicate-id set (the id's bytes plus about 40 to 56
//! bytes per distinct id of the partition), the aggregates (about 64 bytes per customer and
//! fee in force), one input batch of [`super::PARQUET_BATCH`] rows and a buffer per partition
//! stream; disk is the usage columns uncompressed plus an 8-byte position per record (about
//! 60 to 80 bytes per record for ids of about 10 characters), plus the rejected rows' text,
//! removed at the end.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::{Array, RecordBatch, UInt32Array, UInt64Array};
use datafee::rating::{RaterOptions, Tariff};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use super::{Run, PARQUET_BATCH};
use crate::fail::Failure;

/// Above this many rows a Parquet file is rated in spilled partitions unless `--partitions`
/// says otherwise (one pass holds about 65 bytes per distinct id: 8M ids ≈ 520 MB).
pub const SPILL_ABOVE_ROWS: u64 = 8_000_000;

/// Rows per partition when the count is chosen automatically (≈ 130 MB of ids each).
pub const ROWS_PER_PARTITION: u64 = 2_000_000;

/// The most partitions (each is an open file while the rejections are merged).
pub const MAX_PARTITIONS: u32 = 1000;

/// How a run is spilled: the partitions, where, and what the partition raters are built with.
pub(super) struct Spill<'a> {
    /// Partitions asked for (`--partitions`): 0 automatic, 1 none.
    pub asked: u32,
    /// The parent of the spill directory.
    pub dir: &'a Path,
    /// The tariff and options of the run's rater.
    pub tariff: &'a Tariff,
    pub options: RaterOptions,
}

impl Spill<'_> {
    /// The number of partitions for a file of `rows` rows (1: rate in one pass).
    pub(super) fn partitions(&self, rows: u64) -> u32 {
        match self.asked {
            0 if rows > SPILL_ABOVE_ROWS => rows.div_ceil(ROWS_PER_PARTITION).min(u64::from(MAX_PARTITIONS)) as u32,
            0 => 1,
            n => n.min(MAX_PARTITIONS),
        }
    }
}

/// A fresh spill directory under `parent`, removed when dropped.
struct SpillDir(PathBuf);

impl Drop for SpillDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Rate the Parquet file in `partitions` spilled partitions into the run (its rater and its
/// rejections file).
pub(super) fn rate(run: &mut Run<'_>, builder: ParquetRecordBatchReaderBuilder<File>, partitions: u32, spill: &Spill<'_>) -> Result<(), Failure> {
    let usage = run.usage;
    let mut path = spill.dir.join(format!(".datafee-spill-{}", std::process::id()));
    let mut k = 0;
    while path.exists() {
        k += 1;
        path = spill.dir.join(format!(".datafee-spill-{}-{k}", std::process::id()));
    }
    std::fs::create_dir_all(&path).map_err(|e| Failure::output(&path, e))?;
    let dir = SpillDir(path);
    let parts = write_partitions(run, builder, partitions, &dir.0)?;
    let io = |p: &Path, e: std::io::Error| Failure::output(p, e);
    for (p, &rows) in parts.iter().enumerate() {
        if rows == 0 {
            continue;
        }
        let part_path = dir.0.join(format!("part-{p}.arrows"));
        let file = File::open(&part_path).map_err(|e| io(&part_path, e))?;
        let reader = arrow_ipc::reader::StreamReader::try_new(BufReader::with_capacity(1 << 20, file), None)
            .map_err(|e| Failure::output(&part_path, std::io::Error::other(e.to_string())))?;
        let options = datafee_arrow::ArrowOptions { explain: spill.options.explain, outcomes: false };
        let mut rater = datafee_arrow::ArrowRater::new(spill.tariff, options).map_err(|e| Failure::core(usage, &e))?;
        // The partition's row count (from pass 1) sizes its duplicate-id set once.
        rater.reserve(rows);
        let rej_path = dir.0.join(format!("rejected-{p}.bin"));
        let mut rej = BufWriter::new(File::create(&rej_path).map_err(|e| io(&rej_path, e))?);
        let (mut line, mut out) = (String::new(), Vec::new());
        for batch in reader {
            let mut batch = batch.map_err(|e| Failure::output(&part_path, std::io::Error::other(e.to_string())))?;
            let last = batch.num_columns().saturating_sub(1);
            let positions = batch.remove_column(last);
            let Some(positions) = positions.as_any().downcast_ref::<UInt64Array>() else {
                return Err(Failure::output(&part_path, std::io::Error::other("the spilled positions are not uint64")));
            };
            // Each rejected row as its position, the line's length and the line, for the batch
            // at once.
            out.clear();
            rater
                .push_batch_rejected_each(&batch, Some(positions.values()), |row, reason, id, value| {
                    let global = positions.value(row);
                    line.clear();
                    super::push_rejection_line(&mut line, global + 1, id, reason.code(), value);
                    out.extend_from_slice(&global.to_le_bytes());
                    out.extend_from_slice(&(line.len() as u32).to_le_bytes());
                    out.extend_from_slice(line.as_bytes());
                })
                .map_err(|e| Failure::core(usage, &e))?;
            rej.write_all(&out).map_err(|e| io(&rej_path, e))?;
        }
        rej.flush().map_err(|e| io(&rej_path, e))?;
        let state = rater.partial().map_err(|e| Failure::core(usage, &e))?;
        drop(rater);
        std::fs::remove_file(&part_path).map_err(|e| io(&part_path, e))?;
        run.rater.merge_partial(&state).map_err(|e| Failure::core(usage, &e))?;
    }
    merge_rejections(run, &dir.0, &parts)
}

/// Pass 1: every row of the file, with its position, to its partition's IPC stream (the
/// file decoded on a reader thread: [`super::read_ahead`]). How many rows each partition
/// received.
fn write_partitions(run: &Run<'_>, builder: ParquetRecordBatchReaderBuilder<File>, partitions: u32, dir: &Path) -> Result<Vec<u64>, Failure> {
    let usage = run.usage;
    let reader = builder.with_batch_size(PARQUET_BATCH).build().map_err(|e| Failure::input(usage, format!("not a readable Parquet file: {e}")))?;
    type Writer = arrow_ipc::writer::StreamWriter<BufWriter<File>>;
    let mut writers: Vec<Option<Writer>> = (0..partitions).map(|_| None).collect();
    let mut buckets: Vec<Vec<u32>> = vec![Vec::new(); partitions as usize];
    let ipc = |p: &Path, e: arrow_schema::ArrowError| Failure::output(p, std::io::Error::other(e.to_string()));
    let mut first = 0u64;
    let mut counts = vec![0u64; partitions as usize];
    let (read, _, _) = super::read_ahead(reader, |batch| {
        let batch = batch.map_err(|e| Failure::input(usage, format!("cannot read the rows after row {first}: {e}")))?;
        datafee_arrow::check_batch(&batch, first).map_err(|e| Failure::core(usage, &e))?;
        let parts = datafee_arrow::id_page_partitions(&batch, partitions, first).map_err(|e| Failure::core(usage, &e))?;
        buckets.iter_mut().for_each(Vec::clear);
        for (i, &p) in parts.iter().enumerate() {
            if let Some(b) = buckets.get_mut(p as usize) {
                b.push(i as u32);
            }
        }
        let mut fields: Vec<arrow_schema::FieldRef> = batch.schema().fields().iter().cloned().collect();
        fields.push(Arc::new(arrow_schema::Field::new("datafee_spill_row", arrow_schema::DataType::UInt64, false)));
        let schema = Arc::new(arrow_schema::Schema::new(fields));
        for (p, ((rows, writer), count)) in buckets.iter().zip(writers.iter_mut()).zip(counts.iter_mut()).enumerate() {
            if rows.is_empty() {
                continue;
            }
            *count += rows.len() as u64;
            let path = dir.join(format!("part-{p}.arrows"));
            let take = UInt32Array::from_iter_values(rows.iter().copied());
            let sub = arrow_select::take::take_record_batch(&batch, &take).map_err(|e| ipc(&path, e))?;
            let mut columns = sub.columns().to_vec();
            columns.push(Arc::new(UInt64Array::from_iter_values(rows.iter().map(|&r| first + u64::from(r)))));
            let out = RecordBatch::try_new(Arc::clone(&schema), columns).map_err(|e| ipc(&path, e))?;
            if writer.is_none() {
                let file = File::create(&path).map_err(|e| Failure::output(&path, e))?;
                *writer = Some(arrow_ipc::writer::StreamWriter::try_new(BufWriter::with_capacity(64 << 10, file), &schema).map_err(|e| ipc(&path, e))?);
            }
            if let Some(w) = writer.as_mut() {
                w.write(&out).map_err(|e| ipc(&path, e))?;
            }
        }
        first += batch.num_rows() as u64;
        if let Some(p) = &run.progress {
            p.set_position(first);
        }
        Ok(())
    });
    read?;
    for (p, w) in writers.into_iter().enumerate() {
        if let Some(mut w) = w {
            let path = dir.join(format!("part-{p}.arrows"));
            w.finish().map_err(|e| ipc(&path, e))?;
            w.into_inner().map_err(|e| ipc(&path, e))?.flush().map_err(|e| Failure::output(&path, e))?;
        }
    }
    Ok(counts)
}

/// One spilled rejected row: its position in the file and its CSV line.
fn next_rejection(r: &mut BufReader<File>, path: &Path) -> Result<Option<(u64, Vec<u8>)>, Failure> {
    let mut head = [0u8; 12];
    match r.read_exact(&mut head) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(Failure::output(path, e)),
    }
    let (row, len) = head.split_at(8);
    let row = u64::from_le_bytes(row.try_into().unwrap_or_default());
    let len = u32::from_le_bytes(len.try_into().unwrap_or_default()) as usize;
    let mut line = vec![0u8; len];
    r.read_exact(&mut line).map_err(|e| Failure::output(path, e))?;
    Ok(Some((row, line)))
}

/// Merge the partitions' rejected rows (each file in row order) into the run's
/// `rejections.csv`, in row order: the one-pass file.
fn merge_rejections(run: &mut Run<'_>, dir: &Path, parts: &[u64]) -> Result<(), Failure> {
    let mut readers = Vec::new();
    for (p, _) in parts.iter().enumerate().filter(|(_, w)| **w > 0) {
        let path = dir.join(format!("rejected-{p}.bin"));
        let file = File::open(&path).map_err(|e| Failure::output(&path, e))?;
        readers.push((BufReader::with_capacity(64 << 10, file), path));
    }
    let mut heap = BinaryHeap::new();
    let mut lines: Vec<Vec<u8>> = vec![Vec::new(); readers.len()];
    for (k, (r, path)) in readers.iter_mut().enumerate() {
        if let Some((row, line)) = next_rejection(r, path)? {
            heap.push(Reverse((row, k)));
            lines[k] = line;
        }
    }
    while let Some(Reverse((_, k))) = heap.pop() {
        run.rejections.write_bytes(&lines[k])?;
        let (r, path) = &mut readers[k];
        if let Some((row, line)) = next_rejection(r, path)? {
            heap.push(Reverse((row, k)));
            lines[k] = line;
        }
    }
    Ok(())
}
