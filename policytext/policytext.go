// Package policytext turns a privacy policy into a version that can be
// compared across audits: its sentences normalised so that what changes on
// every request (dates, nonces, session IDs, query strings, whitespace,
// markup) is not a change, a hash of that text, and a sentence-level
// comparison of two versions. It does no I/O: the store keeps versions, the
// evidence compares them.
package policytext

import "time"

// Version is one version of a site's privacy policy.
type Version struct {
	// Hash identifies the normalised text: the hex SHA-256 of its
	// sentences, case-folded, one per line. Two versions with the same hash
	// say the same thing.
	Hash string `json:"hash"`
	// URL is the policy's address; Language its ISO 639-1 language.
	URL      string `json:"url"`
	Language string `json:"language"`
	// LastUpdated is the "last updated" date the policy states
	// (YYYY-MM-DD), "" when it states none.
	LastUpdated string `json:"lastUpdated"`
	Words       int    `json:"words"`
	// Sentences are the normalised sentences, in reading order (the
	// policy, then the parts of a privacy centre read with it).
	Sentences []string `json:"sentences"`
	// Aspects are the IDs of the aspects the text covers, sorted.
	Aspects []string `json:"aspects"`
}

// Previous is the version an audit compares with, and when it was seen.
type Previous struct {
	Version *Version
	// Seen is when the audit that read it started.
	Seen time.Time
}
