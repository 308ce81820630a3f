// Package version holds privaudit's version, set at build time with
// -ldflags "-X github.com/privaudit/privaudit/version.Version=v1.2.3".
package version

// Version is privaudit's version.
var Version = "0.1.0-dev"

// Name is the tool's name as it appears in reports and the User-Agent.
const Name = "privaudit"

// UserAgent is the User-Agent header privaudit sends.
func UserAgent() string {
	return Name + "/" + Version + " (+https://github.com/privaudit/privaudit)"
}
