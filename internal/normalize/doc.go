// Package normalize turns raw spreadsheet values into the stored form of a
// customer-card field (SPEC §3 and §4), or says in a short sentence a
// dealership director understands why a value is bad.
//
// Every function is pure, safe for concurrent use and cheap enough to be
// called for every cell of a file with millions of rows: the common shapes
// take a fast path that does not allocate, and the reasons for bad values
// are package-level sentinels so that a column full of garbage costs
// little.
//
// Empty input (after trimming) is never an error: functions return "" and
// a nil error, and callers treat "" as "no value".
//
// The package knows nothing about leads, imports or storage; deciding what
// to do with a bad value (an "[import]" note, an issue-report line) is the
// importer's job.
package normalize
