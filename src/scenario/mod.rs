//! Loading scenario files.
