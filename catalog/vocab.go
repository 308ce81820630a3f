package catalog

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// decodeYAML decodes a YAML list of entries into out, refusing fields out
// does not know (a misspelt key would otherwise be dropped silently).
func decodeYAML(data []byte, out any) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(out); err != nil {
		if errors.Is(err, io.EOF) {
			return errors.New("no entries")
		}
		return fmt.Errorf("decoding YAML: %w", err)
	}
	return nil
}

// normalizeHost lower-cases a host name and drops a trailing dot.
func normalizeHost(host string) string {
	return strings.ToLower(strings.TrimSuffix(strings.TrimSpace(host), "."))
}

// checkHost reports why h is not a lower-case host name such as
// "cdn.example.com", or nil when it is one.
func checkHost(h string) error {
	if h == "" {
		return errors.New("empty host")
	}
	if h != normalizeHost(h) {
		return fmt.Errorf("host %q: write it in lower case, without a trailing dot", h)
	}
	labels := strings.Split(h, ".")
	if len(labels) < 2 {
		return fmt.Errorf("host %q: not a domain name", h)
	}
	for _, l := range labels {
		if l == "" || strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-") {
			return fmt.Errorf("host %q: bad label %q", h, l)
		}
		for _, r := range l {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				return fmt.Errorf("host %q: bad character %q", h, r)
			}
		}
	}
	return nil
}

// embedded returns a function that parses embedded data once, on first
// use. Data that does not parse is a build defect, which the package's
// tests catch: it panics.
func embedded[T any](name string, data []byte, parse func([]byte) (T, error)) func() T {
	return sync.OnceValue(func() T {
		v, err := parse(data)
		if err != nil {
			panic("catalog: embedded " + name + ": " + err.Error())
		}
		return v
	})
}
