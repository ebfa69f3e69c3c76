// Package importer brings a file of leads into an account: it reads the file
// (internal/csvread), maps and normalises each row (internal/normalize),
// matches it against every lead of the account and applies the Create or
// Merge rule (SPEC §7), in batches that a Store commits together with the
// import's counters, so that an interrupted import resumes exactly where it
// stopped.
//
// Matching needs no query per row: an in-memory index of the account's
// phones, emails and name keys is built once per run. Reading and
// normalising run on one goroutine, matching and writing on another.
//
// It does not check permissions (internal/app does) and does not decide
// which import runs where (the Worker claims imports through the Store).
package importer
