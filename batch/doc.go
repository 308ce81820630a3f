// Package batch audits many sites: it reads a list of targets, keeps the
// share of a shard, skips the targets an earlier run already wrote, runs
// the audits a few at a time (never two of one origin at once) and writes
// one JSON line per site, each in one write and synced, so that an
// interrupted batch leaves only whole lines and resumes where it stopped.
//
// The audit itself is a function the caller gives (the CLI passes the
// runner with the batch's options), so that the catalogue and the cookie
// database are loaded once per batch, not per site.
package batch
