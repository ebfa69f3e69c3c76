// Package leadport holds Leadport's domain: accounts, users and their
// permissions, leads (customer cards), imports, and the Store contract that
// every database backend fulfils.
//
// It knows nothing about SQL, HTTP or files. The import pipeline lives in
// internal/importer, the backends in internal/sqlstore, the web app in
// internal/web and the command in cmd/leadport; they talk to each other in
// terms of the types declared here.
package leadport
