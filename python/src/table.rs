//! The per-run table, built as columns: a [`RunSink`] that keeps every run's record in typed
//! vectors (one per column of `runs.csv`), handed to numpy without a copy.
//!
//! No Python object is made per row. Worker threads fill one [`Columns`] per block of runs;
//! the caller's thread appends the blocks in run order to vectors reserved for the whole job,
//! so the table is built once, at its final size. Each vector then becomes a [`Column`], a
//! Python object that lends its memory through the buffer protocol: `numpy.frombuffer` makes
//! an array over it (no copy), and pandas builds the DataFrame over the arrays.
//!
//! Columns and their types, in `runs.csv` order:
//! `run` (uint64), `outcome` (category codes), `round`, `truce_days`, `violations`,
//! `detected` (uint32), one per issue (float64 in the issue's units, NaN without a deal; or
//! category codes of the option names, -1 without a deal), one `<party>_utility` per party
//! (float64, NaN without a deal), `blocker` (category codes of `Blocker::label`, -1 when
//! nothing blocked). Codes are int8, int16 or int32 by the number of categories, as pandas
//! itself stores them, so `Categorical.from_codes` keeps them as they are.

use std::collections::TryReserveError;
use std::ffi::{c_int, c_void};
use std::io;

use pyo3::exceptions::PyBufferError;
use pyo3::ffi;
use pyo3::prelude::*;
use truce_core::RunSink;
use truce_core::engine::{BlockKind, Blocker, Outcome, Record};
use truce_core::model::{IssueKind, Scenario};

/// Category codes, as narrow as the number of categories allows (pandas' own rule).
#[derive(Debug)]
pub enum Codes {
    /// Fewer than 127 categories.
    I8(Vec<i8>),
    /// Fewer than 32,767.
    I16(Vec<i16>),
    /// More.
    I32(Vec<i32>),
}

impl Codes {
    fn for_categories(categories: usize, capacity: usize) -> Codes {
        if categories < i8::MAX as usize {
            Codes::I8(Vec::with_capacity(capacity))
        } else if categories < i16::MAX as usize {
            Codes::I16(Vec::with_capacity(capacity))
        } else {
            Codes::I32(Vec::with_capacity(capacity))
        }
    }

    /// Push a category index, or -1 (missing). The width was chosen to hold every index.
    #[inline]
    fn push(&mut self, code: Option<usize>) {
        match self {
            Codes::I8(v) => v.push(code.map_or(-1, |c| c as i8)),
            Codes::I16(v) => v.push(code.map_or(-1, |c| c as i16)),
            Codes::I32(v) => v.push(code.map_or(-1, |c| c as i32)),
        }
    }

    fn try_reserve(&mut self, rows: usize) -> Result<(), TryReserveError> {
        match self {
            Codes::I8(v) => v.try_reserve_exact(rows),
            Codes::I16(v) => v.try_reserve_exact(rows),
            Codes::I32(v) => v.try_reserve_exact(rows),
        }
    }

    fn append(&mut self, other: &Codes) {
        match (self, other) {
            (Codes::I8(a), Codes::I8(b)) => a.extend_from_slice(b),
            (Codes::I16(a), Codes::I16(b)) => a.extend_from_slice(b),
            (Codes::I32(a), Codes::I32(b)) => a.extend_from_slice(b),
            // Every block of a table is made by the same `Columns::new`.
            _ => unreachable!("blocks of one table have the same code widths"),
        }
    }

    fn into_data(self) -> Data {
        match self {
            Codes::I8(v) => Data::I8(v),
            Codes::I16(v) => Data::I16(v),
            Codes::I32(v) => Data::I32(v),
        }
    }
}

/// One issue's column.
#[derive(Debug)]
enum IssueColumn {
    /// The agreed value in the issue's units.
    Numeric(Vec<f64>),
    /// The agreed option.
    Options(Codes),
}

/// The table's columns for some runs: one block, or the whole job.
#[derive(Debug)]
pub struct Columns {
    run: Vec<u64>,
    outcome: Codes,
    round: Vec<u32>,
    truce_days: Vec<u32>,
    violations: Vec<u32>,
    detected: Vec<u32>,
    issues: Vec<IssueColumn>,
    utilities: Vec<Vec<f64>>,
    blocker: Codes,
}

impl Columns {
    fn new(layout: &Layout, capacity: usize) -> Columns {
        let u32s = || Vec::with_capacity(capacity);
        Columns {
            run: Vec::with_capacity(capacity),
            outcome: Codes::for_categories(Outcome::ALL.len(), capacity),
            round: u32s(),
            truce_days: u32s(),
            violations: u32s(),
            detected: u32s(),
            issues: layout
                .options
                .iter()
                .map(|o| match o {
                    None => IssueColumn::Numeric(Vec::with_capacity(capacity)),
                    Some(names) => {
                        IssueColumn::Options(Codes::for_categories(names.len(), capacity))
                    }
                })
                .collect(),
            utilities: (0..layout.parties.len())
                .map(|_| Vec::with_capacity(capacity))
                .collect(),
            blocker: Codes::for_categories(layout.blockers.len(), capacity),
        }
    }

    fn append(&mut self, b: &Columns) {
        self.run.extend_from_slice(&b.run);
        self.outcome.append(&b.outcome);
        self.round.extend_from_slice(&b.round);
        self.truce_days.extend_from_slice(&b.truce_days);
        self.violations.extend_from_slice(&b.violations);
        self.detected.extend_from_slice(&b.detected);
        for (a, b) in self.issues.iter_mut().zip(&b.issues) {
            match (a, b) {
                (IssueColumn::Numeric(a), IssueColumn::Numeric(b)) => a.extend_from_slice(b),
                (IssueColumn::Options(a), IssueColumn::Options(b)) => a.append(b),
                _ => unreachable!("blocks of one table have the same issue kinds"),
            }
        }
        for (a, b) in self.utilities.iter_mut().zip(&b.utilities) {
            a.extend_from_slice(b);
        }
        self.blocker.append(&b.blocker);
    }

    /// Make room for `rows` more rows in every column at once, or fail without aborting (a
    /// table too big for the memory is an error Python can report).
    fn try_reserve(&mut self, rows: usize) -> Result<(), TryReserveError> {
        self.run.try_reserve_exact(rows)?;
        self.outcome.try_reserve(rows)?;
        for v in [
            &mut self.round,
            &mut self.truce_days,
            &mut self.violations,
            &mut self.detected,
        ] {
            v.try_reserve_exact(rows)?;
        }
        for c in &mut self.issues {
            match c {
                IssueColumn::Numeric(v) => v.try_reserve_exact(rows)?,
                IssueColumn::Options(c) => c.try_reserve(rows)?,
            }
        }
        for v in &mut self.utilities {
            v.try_reserve_exact(rows)?;
        }
        self.blocker.try_reserve(rows)
    }
}

/// What the columns are called and what their categories are, from the scenario.
#[derive(Debug, Clone)]
pub struct Layout {
    issues: Vec<String>,
    /// Per issue: its option names, or `None` for a numeric issue.
    options: Vec<Option<Vec<String>>>,
    parties: Vec<String>,
    /// Every label a blocker can have, in scenario order (`Blocker::label`).
    blockers: Vec<String>,
    /// Per party: the index of its first blocker label.
    blocker_start: Vec<usize>,
    /// Per party: how many red lines and conditions it has.
    blocker_counts: Vec<(usize, usize)>,
}

impl Layout {
    pub fn of(s: &Scenario) -> Layout {
        let mut blockers = Vec::new();
        let mut blocker_start = Vec::new();
        let mut blocker_counts = Vec::new();
        for (party, p) in s.parties.iter().enumerate() {
            blocker_start.push(blockers.len());
            blocker_counts.push((p.red_lines.len(), p.conditions.len()));
            let kinds = (0..p.red_lines.len())
                .map(BlockKind::RedLine)
                .chain((0..p.conditions.len()).map(BlockKind::Condition))
                .chain([BlockKind::WalkAway, BlockKind::Target]);
            blockers.extend(kinds.map(|kind| Blocker { party, kind }.label(s)));
        }
        Layout {
            issues: s.issues.iter().map(|i| i.id.clone()).collect(),
            options: s
                .issues
                .iter()
                .map(|i| match &i.kind {
                    IssueKind::Numeric { .. } => None,
                    IssueKind::Options(o) => Some(o.clone()),
                })
                .collect(),
            parties: s.parties.iter().map(|p| p.id.clone()).collect(),
            blockers,
            blocker_start,
            blocker_counts,
        }
    }

    /// The category of a blocker (the index of its label), if it names a known party.
    fn blocker_code(&self, b: &Blocker) -> Option<usize> {
        let start = *self.blocker_start.get(b.party)?;
        let (red_lines, conditions) = self.blocker_counts[b.party];
        let offset = match b.kind {
            BlockKind::RedLine(k) if k < red_lines => k,
            BlockKind::Condition(k) if k < conditions => red_lines + k,
            BlockKind::WalkAway => red_lines + conditions,
            BlockKind::Target => red_lines + conditions + 1,
            _ => return None,
        };
        Some(start + offset)
    }
}

/// The run sink that builds the table.
pub struct TableSink<'s> {
    scenario: &'s Scenario,
    layout: Layout,
    block_size: usize,
    table: Columns,
}

impl<'s> TableSink<'s> {
    /// A table for `rows` runs of `scenario` (reserved up front: the columns are allocated
    /// once, at their final size), filled in blocks of `block_size` runs. Fails when the
    /// memory cannot be had.
    pub fn new(
        scenario: &'s Scenario,
        rows: usize,
        block_size: usize,
    ) -> Result<TableSink<'s>, TryReserveError> {
        let layout = Layout::of(scenario);
        let mut table = Columns::new(&layout, 0);
        table.try_reserve(rows)?;
        Ok(TableSink {
            scenario,
            layout,
            block_size,
            table,
        })
    }

    /// The finished table and its layout.
    pub fn finish(self) -> Table {
        Table {
            layout: self.layout,
            columns: self.table,
        }
    }
}

impl RunSink for TableSink<'_> {
    type Block = Columns;

    fn block(&self) -> Columns {
        Columns::new(&self.layout, self.block_size)
    }

    fn record(&self, b: &mut Columns, r: &Record) {
        let s = self.scenario;
        let deal = r.outcome.signed();
        b.run.push(r.run);
        b.outcome.push(Some(r.outcome.index()));
        // As runs.csv: the round of agreement, or for runs without a deal the last round the
        // talks had.
        b.round
            .push(r.agreement_round.filter(|_| deal).unwrap_or(r.rounds));
        b.truce_days.push(r.truce_days);
        b.violations.push(r.violations);
        b.detected.push(r.detected);
        for ((column, issue), &x) in b.issues.iter_mut().zip(&s.issues).zip(&r.terms) {
            match column {
                IssueColumn::Numeric(v) => v.push(if deal { issue.to_units(x) } else { f64::NAN }),
                IssueColumn::Options(c) => c.push(deal.then(|| issue.option_index(x))),
            }
        }
        for (column, &u) in b.utilities.iter_mut().zip(&r.utilities) {
            column.push(if deal { u } else { f64::NAN });
        }
        b.blocker
            .push(r.blocker.and_then(|x| self.layout.blocker_code(&x)));
    }

    fn take(&mut self, b: Columns) -> io::Result<()> {
        self.table.append(&b);
        Ok(())
    }
}

/// A finished table: its columns and what they are.
#[derive(Debug)]
pub struct Table {
    layout: Layout,
    columns: Columns,
}

/// One column as Python receives it: its name, its data and, for a categorical column, its
/// categories (the codes' meanings).
pub type Described = (String, Column, Option<Vec<String>>);

impl Table {
    /// Every column, in `runs.csv` order.
    pub fn into_columns(self) -> Vec<Described> {
        let Table { layout, columns: c } = self;
        let outcomes = Outcome::ALL
            .iter()
            .map(|o| o.as_str().to_string())
            .collect();
        let mut out: Vec<Described> = vec![
            ("run".into(), Column::new(Data::U64(c.run)), None),
            (
                "outcome".into(),
                Column::new(c.outcome.into_data()),
                Some(outcomes),
            ),
            ("round".into(), Column::new(Data::U32(c.round)), None),
            (
                "truce_days".into(),
                Column::new(Data::U32(c.truce_days)),
                None,
            ),
            (
                "violations".into(),
                Column::new(Data::U32(c.violations)),
                None,
            ),
            ("detected".into(), Column::new(Data::U32(c.detected)), None),
        ];
        for ((id, options), column) in layout.issues.into_iter().zip(layout.options).zip(c.issues) {
            out.push(match column {
                IssueColumn::Numeric(v) => (id, Column::new(Data::F64(v)), None),
                IssueColumn::Options(codes) => (id, Column::new(codes.into_data()), options),
            });
        }
        for (party, v) in layout.parties.into_iter().zip(c.utilities) {
            out.push((format!("{party}_utility"), Column::new(Data::F64(v)), None));
        }
        out.push((
            "blocker".into(),
            Column::new(c.blocker.into_data()),
            Some(layout.blockers),
        ));
        out
    }
}

/// A column's values.
#[derive(Debug)]
enum Data {
    U64(Vec<u64>),
    U32(Vec<u32>),
    F64(Vec<f64>),
    I8(Vec<i8>),
    I16(Vec<i16>),
    I32(Vec<i32>),
}

/// A memory block owned by a [`Column`]: the vector's allocation, given up by Rust.
struct Raw {
    ptr: *mut u8,
    bytes: usize,
    free: unsafe fn(*mut u8, usize),
}

/// Rebuild and drop the boxed slice that `Raw` took apart.
unsafe fn free_as<T>(ptr: *mut u8, bytes: usize) {
    let len = bytes / std::mem::size_of::<T>();
    // SAFETY: `ptr` and `len` come from `Box::<[T]>::into_raw` in `Raw::of`, freed once.
    drop(unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(ptr.cast::<T>(), len)) });
}

impl Raw {
    fn of<T>(v: Vec<T>) -> Raw {
        let bytes = std::mem::size_of_val(v.as_slice());
        let ptr = Box::into_raw(v.into_boxed_slice()).cast::<u8>();
        Raw {
            ptr,
            bytes,
            free: free_as::<T>,
        }
    }
}

impl Drop for Raw {
    fn drop(&mut self) {
        // SAFETY: `ptr` came from `Raw::of` with this `free`; Python holds no view any more
        // (each view holds a reference to the column, so the column outlives every view).
        unsafe { (self.free)(self.ptr, self.bytes) }
    }
}

/// One column of the per-run table, lending its memory to Python through the buffer protocol
/// (`numpy.frombuffer(column, dtype=column.dtype)` is an array over it, without a copy). The
/// memory lives as long as the column, and every view of it keeps the column alive.
#[pyclass(frozen, module = "truce._truce")]
pub struct Column {
    raw: Raw,
    /// The numpy type string of the values.
    #[pyo3(get)]
    dtype: &'static str,
    /// The number of values.
    #[pyo3(get)]
    len: usize,
}

// SAFETY: the memory is reached only through the raw pointer: by Python, through the buffer
// protocol (under the GIL or the interpreter's own rules for buffers), and freed once in Drop.
unsafe impl Send for Column {}
unsafe impl Sync for Column {}

impl Column {
    fn new(data: Data) -> Column {
        fn make<T>(v: Vec<T>, dtype: &'static str) -> Column {
            Column {
                len: v.len(),
                dtype,
                raw: Raw::of(v),
            }
        }
        match data {
            Data::U64(v) => make(v, "=u8"),
            Data::U32(v) => make(v, "=u4"),
            Data::F64(v) => make(v, "=f8"),
            Data::I8(v) => make(v, "i1"),
            Data::I16(v) => make(v, "=i2"),
            Data::I32(v) => make(v, "=i4"),
        }
    }
}

#[pymethods]
impl Column {
    /// The buffer protocol: the column's bytes, writable, as one flat block.
    unsafe fn __getbuffer__(
        slf: Bound<'_, Self>,
        view: *mut ffi::Py_buffer,
        flags: c_int,
    ) -> PyResult<()> {
        if view.is_null() {
            return Err(PyBufferError::new_err("no buffer view to fill"));
        }
        let column = slf.get();
        let len = isize::try_from(column.raw.bytes)
            .map_err(|_| PyBufferError::new_err("column too large"))?;
        // SAFETY: `view` is the interpreter's buffer struct; PyBuffer_FillInfo takes a new
        // reference to the column, which keeps the memory alive until the view is released.
        let rc = unsafe {
            ffi::PyBuffer_FillInfo(
                view,
                slf.as_ptr(),
                column.raw.ptr.cast::<c_void>(),
                len,
                0,
                flags,
            )
        };
        if rc == -1 {
            return Err(PyErr::fetch(slf.py()));
        }
        Ok(())
    }

    fn __len__(&self) -> usize {
        self.len
    }

    fn __repr__(&self) -> String {
        format!("<truce column: {} values of {}>", self.len, self.dtype)
    }
}
